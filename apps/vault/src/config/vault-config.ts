/**
 * `DIR/vault.json`: which database a vault's data folder works on, and which vault process it is.
 * A data folder without the file (every vault before PostgreSQL) is SQLite in `DIR/vault.sqlite`.
 *
 * `instance` names this vault process in a shared database: module serials and pool meters are
 * claimed in its name, so each data folder (key store copy, module memory) is one process.
 * The database URL may carry a password: the file is written 0600 and the URL is never logged
 * (`redactUrl`); PGPASSWORD or ~/.pgpass keep it out of the file altogether.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { POSTGRES_URL, redactUrl } from './postgres-url.ts';
import { readShardMap, SHARD_MAP_FILE, type ShardMap } from '../storage/shards/shard-map.ts';

export { redactUrl };

export const VAULT_CONFIG_FILE = 'vault.json';
export const VAULT_DB_FILE = 'vault.sqlite';

export type DatabaseConfig =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string }
  /** Meters split across PostgreSQL databases by the shard map in DIR/shards.json. */
  | { kind: 'sharded'; map: ShardMap };


const configSchema = z.strictObject({
  v: z.literal(1),
  instance: z.string().uuid(),
  /** A PostgreSQL URL; absent = SQLite in the data folder. */
  database: z.string().regex(POSTGRES_URL).optional(),
});
export type VaultConfig = z.infer<typeof configSchema>;


/** Checks a `--database` value: a PostgreSQL URL. */
export function parseDatabaseUrl(value: string): string {
  if (!POSTGRES_URL.test(value)) throw new Error('--database must be a PostgreSQL URL (postgres://USER@HOST:PORT/DB)');
  try {
    new URL(value.replace(/@([^/?]*)/, '@host'));
  } catch {
    throw new Error(`--database is not a valid URL: ${redactUrl(value)}`);
  }
  return value;
}

/**
 * Reads the data folder's config. A folder without one is an SQLite vault; `vault start` passes
 * `keep` so the instance id it makes for such a folder is written and stays the same next time.
 */
export function readVaultConfig(dataDir: string, keep = false): VaultConfig {
  const file = join(dataDir, VAULT_CONFIG_FILE);
  if (!existsSync(file)) {
    const config: VaultConfig = { v: 1, instance: randomUUID() };
    if (keep) writeVaultConfig(dataDir, config);
    return config;
  }
  const parsed = configSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not a valid vault configuration`);
  return parsed.data;
}

export function writeVaultConfig(dataDir: string, config: VaultConfig): void {
  writeFileSync(join(dataDir, VAULT_CONFIG_FILE), `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
}

/**
 * The database a data folder works on; `override` (a command's `--database`, one database) wins,
 * then the shard map DIR/shards.json, then vault.json's database, else SQLite.
 */
export function databaseOf(dataDir: string, override?: string): DatabaseConfig {
  if (override !== undefined) return { kind: 'postgres', url: parseDatabaseUrl(override) };
  const mapFile = join(dataDir, SHARD_MAP_FILE);
  if (existsSync(mapFile)) return { kind: 'sharded', map: readShardMap(mapFile) };
  const url = readVaultConfig(dataDir).database;
  return url === undefined ? { kind: 'sqlite', file: join(dataDir, VAULT_DB_FILE) } : { kind: 'postgres', url };
}

/** One database: SQLite, or one PostgreSQL database (a shard, or the only one). */
export type SingleDatabase = Exclude<DatabaseConfig, { kind: 'sharded' }>;

/** Each database of a configuration: the shards in map order (with their names), or the one database (shard null). */
export function databasesOf(db: DatabaseConfig): Array<{ shard: string | null; database: SingleDatabase }> {
  if (db.kind !== 'sharded') return [{ shard: null, database: db }];
  return db.map.shards.map((s) => ({ shard: s.name, database: { kind: 'postgres', url: s.database } }));
}

/** A database for messages: the SQLite file, or the URL(s) without password. */
export function describeDatabase(db: DatabaseConfig): string {
  if (db.kind === 'sharded') return db.map.shards.map((s) => `${s.name}: ${redactUrl(s.database)}`).join(', ');
  return db.kind === 'sqlite' ? db.file : redactUrl(db.url);
}
