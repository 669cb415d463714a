/** The client-support database: `DIR/support.sqlite` (WAL), separate from the PSD database. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrateSupportDb } from './migrations.ts';

export type SupportDb = Database.Database;

export function supportDbPath(dataDir: string): string {
  return join(dataDir, 'support.sqlite');
}

export function openSupportDb(dataDir: string): SupportDb {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(supportDbPath(dataDir));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL'); // reference data and results: no money rides on this file
  db.pragma('busy_timeout = 5000');
  migrateSupportDb(db);
  return db;
}

/** The address data version, bumped by every import that adds rows. */
export function addressVersion(db: SupportDb): number {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'address_version'").get() as { value: string };
  return Number(row.value);
}

export function bumpAddressVersion(db: SupportDb): void {
  db.prepare("UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'address_version'").run();
}
