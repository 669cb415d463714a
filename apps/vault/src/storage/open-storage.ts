/** Opens the Storage of a configured database (config/vault-config.ts): SQLite, PostgreSQL, or shards of PostgreSQL. */
import type { DatabaseConfig } from '../config/vault-config.ts';
import type { MacKey } from '../keystore/backend.ts';
import { openPgStorage } from './postgres/pg-storage.ts';
import type { UpgradeKeys } from './ledger-upgrade.ts';
import { openShardedStorage } from './shards/sharded-storage.ts';
import { openSqliteStorage } from './sqlite/sqlite-storage.ts';
import type { Storage } from './storage.ts';

export interface OpenOptions {
  /** Shown in pg_stat_activity (PostgreSQL). */
  applicationName?: string;
  /** The bank's audit key: without it the storage cannot append audit entries (each is MACed and chained). */
  auditMac?: MacKey;
  /** Needed only to bring a database that holds value from before the ledger schema to it (the legacy upgrade). */
  upgradeKeys?: UpgradeKeys;
}

export function openStorage(db: DatabaseConfig, o: OpenOptions = {}): Promise<Storage> {
  if (db.kind === 'sharded') return openShardedStorage(db.map, o);
  const keys = { ...(o.auditMac === undefined ? {} : { auditMac: o.auditMac }), ...(o.upgradeKeys === undefined ? {} : { upgradeKeys: o.upgradeKeys }) };
  return db.kind === 'sqlite' ? Promise.resolve(openSqliteStorage(db.file, keys)) : openPgStorage(db.url, { ...o });
}
