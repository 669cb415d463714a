import type Database from 'better-sqlite3';

/** One versioned schema step; `version` only ever grows. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Code a migration runs after its SQL, in the same transaction (e.g. a step that needs a key). */
export type MigrationStep = (db: Database.Database) => void;

/** Applies the migrations a database has not seen yet, each in its own transaction, and records
 * them in `schema_migrations` (shared by the PSD database and the client-support database). */
export function applyMigrations(db: Database.Database, migrations: readonly Migration[], steps: Record<number, MigrationStep> = {}): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((r) => r.version),
  );
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      steps[migration.version]?.(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
    }).immediate();
  }
}
