import type Database from 'better-sqlite3';
import { applyMigrations, type Migration } from '../../sqlite/apply-migrations.ts';

/** Versioned schema migrations of the client-support database; each runs once, in order,
 * inside a transaction. */
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'addresses, reference tables, printer results',
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      INSERT INTO meta (key, value) VALUES ('address_version', '0');

      -- Publication 28 tables (C1 suffixes, C2 unit designators, directionals, states):
      -- one row per accepted input spelling.
      CREATE TABLE pub28_suffix (spelling TEXT PRIMARY KEY, abbr TEXT NOT NULL, name TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE pub28_unit (spelling TEXT PRIMARY KEY, abbr TEXT NOT NULL, requires_range INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE pub28_directional (spelling TEXT PRIMARY KEY, abbr TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE pub28_state (spelling TEXT PRIMARY KEY, abbr TEXT NOT NULL) WITHOUT ROWID;

      CREATE TABLE zip_codes (
        zip TEXT PRIMARY KEY, city TEXT NOT NULL, state TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE zip3_centroids (zip3 TEXT PRIMARY KEY, lat REAL NOT NULL, lon REAL NOT NULL) WITHOUT ROWID;

      -- Address points, standardized per Pub 28 at import. dedupe_key = HASH, else ID, else the
      -- address itself, so importing a file twice adds nothing.
      CREATE TABLE addresses (
        id INTEGER PRIMARY KEY,
        dedupe_key TEXT NOT NULL UNIQUE,
        number TEXT NOT NULL,
        predir TEXT NOT NULL,
        name TEXT NOT NULL,
        suffix TEXT NOT NULL,
        postdir TEXT NOT NULL,
        unit_designator TEXT NOT NULL,
        unit TEXT NOT NULL,
        city TEXT NOT NULL,
        state TEXT NOT NULL,
        zip TEXT NOT NULL,
        lon REAL NOT NULL,
        lat REAL NOT NULL,
        source TEXT NOT NULL,
        imported_at TEXT NOT NULL
      );

      CREATE TABLE printer_results (
        id INTEGER PRIMARY KEY,
        meter_id TEXT NOT NULL,
        printer_name TEXT NOT NULL,
        media TEXT NOT NULL,
        offset_x_mm REAL NOT NULL,
        offset_y_mm REAL NOT NULL,
        passed INTEGER NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX printer_results_meter ON printer_results (meter_id, id);
    `,
  },
];

export function migrateSupportDb(db: Database.Database): void {
  applyMigrations(db, MIGRATIONS);
}
