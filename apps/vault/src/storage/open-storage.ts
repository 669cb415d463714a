/** Opens the Storage of a configured database (config/vault-config.ts): SQLite, PostgreSQL, or shards of PostgreSQL. */
import type { DatabaseConfig } from '../config/vault-config.ts';
import { openPgStorage } from './postgres/pg-storage.ts';
import { openShardedStorage } from './shards/sharded-storage.ts';
import { openSqliteStorage } from './sqlite/sqlite-storage.ts';
import type { Storage } from './storage.ts';

export function openStorage(db: DatabaseConfig, o: { applicationName?: string } = {}): Promise<Storage> {
  if (db.kind === 'sharded') return openShardedStorage(db.map, o);
  return db.kind === 'sqlite' ? Promise.resolve(openSqliteStorage(db.file)) : openPgStorage(db.url, o);
}
