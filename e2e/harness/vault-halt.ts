/**
 * Puts a stopped test vault in the state where it halts on its next start (SPEC §4.3): one
 * module's row in the module table no longer agrees with that module's own memory, so the start-up
 * check inhibits it, and with more failing modules than the threshold (default 0) the vault takes
 * no value transactions (VAULT_HALTED). The other module still serves sign-ins.
 *
 * Written with the vault's own better-sqlite3 (e2e adds no dependency for one UPDATE).
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './paths.ts';

interface Database {
  prepare(sql: string): { run(...params: unknown[]): { changes: number } };
  close(): void;
}

const openDatabase = createRequire(join(ROOT, 'apps/vault/package.json'))('better-sqlite3') as new (file: string) => Database;

/** The vault must be stopped. Fails unless exactly one module row changed. */
export function disagreeWithOneModule(vaultDataDir: string): void {
  const db = new openDatabase(join(vaultDataDir, 'vault.sqlite'));
  try {
    const { changes } = db
      .prepare("UPDATE modules SET last_tx_at = '2000-01-01T00:00:00.000Z', last_tx_value = 1 WHERE serial = (SELECT MIN(serial) FROM modules)")
      .run();
    if (changes !== 1) throw new Error(`expected one module row to change, ${changes} did`);
  } finally {
    db.close();
  }
}
