/** What the commands share about a vault's data folder: that it holds a vault, and its database. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { databaseOf, type DatabaseConfig } from '../config/vault-config.ts';
import { KEYSTORE_FILE } from '../keystore/keystore.ts';

/** The `--database` option every command that reads the PSD database takes. */
export const DATABASE_OPTION = { database: { type: 'string' } } as const;

export const DATABASE_HELP =
  '  --database URL    a PostgreSQL database (postgres://USER@HOST:PORT/DB) instead of the one DIR/vault.json\n' +
  '                    names (DIR/vault.sqlite when it names none)\n';

/** The database of the vault in `dataDir`; throws a plain message when the folder holds no vault. */
export function vaultDatabase(dataDir: string, database?: string): DatabaseConfig {
  if (!existsSync(join(dataDir, KEYSTORE_FILE))) throw new Error(`${dataDir} holds no vault (run vault init)`);
  const db = databaseOf(dataDir, database);
  if (db.kind === 'sqlite' && !existsSync(db.file)) throw new Error(`${dataDir} holds no vault database (run vault init)`);
  return db;
}
