import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { backupKeys } from '../../backup/keys.ts';
import { LOG_SUBDIR } from '../../backup/segment.ts';
import { verifyDatabaseLog, verifySegments, type ChainReport } from '../../backup/verify.ts';
import { KEYSTORE_FILE } from '../../keystore/keystore.ts';
import { openVaultBackend } from '../../keystore/open-backend.ts';
import { VAULT_DB_FILE } from '../../vault.ts';
import type { CliCommand } from '../command.ts';
import { parseOptions, requireOption, runWithHelp } from '../options.ts';

const HELP = `Usage: pnpm vault verify-log --data DIR [--logs LOGDIR]

Checks the whole transaction-log chain: the database's log (every entry's hash, MAC and link to
the module's previous entry, no id missing) and the off-loaded segments (seal, sequence, hash
link to the previous segment, the same checks per entry, and agreement with the database).
Prints the counts and the first break; exits 1 when the chain is broken. Works while the vault runs.

Options:
  --data DIR      the vault's data folder
  --logs LOGDIR   the off-loaded log folder (default DIR/backup/log)
  -h, --help      show this help

Environment: VBI_KEYSTORE_PASSPHRASE (software key store), VBI_PKCS11_PIN (keys in a PKCS#11 token).

Example:
  pnpm vault verify-log --data ./vault-data
`;

function line(what: string, r: ChainReport): string {
  const head = `${what}: ${r.segments > 0 ? `${r.segments} segment(s), ` : ''}${r.entries} entries verified`;
  return r.firstBreak === null ? `${head}, chain intact` : `${head}; FIRST BREAK in ${r.firstBreak.where}: ${r.firstBreak.reason}`;
}

export const verifyLogCommand: CliCommand = {
  name: 'verify-log',
  summary: 'check the transaction-log chain (database and off-loaded segments); prints the first break',
  help: HELP,
  run: (argv) =>
    runWithHelp(HELP, argv, async () => {
      const { values } = parseOptions(argv, { data: { type: 'string' }, logs: { type: 'string' } });
      const dataDir = resolve(requireOption(values.data, 'data'));
      const logsDir = resolve(values.logs ?? join(dataDir, LOG_SUBDIR));
      if (!existsSync(join(dataDir, KEYSTORE_FILE)) || !existsSync(join(dataDir, VAULT_DB_FILE))) {
        throw new Error(`${dataDir} holds no vault (run vault init)`);
      }
      const backend = openVaultBackend(dataDir);
      const keys = backupKeys(backend);
      const db = new Database(join(dataDir, VAULT_DB_FILE), { readonly: true, fileMustExist: true });
      try {
        const own = verifyDatabaseLog(db, keys);
        const off = verifySegments(logsDir, keys, { db });
        process.stdout.write(`${line('database log', own)}\n${line('off-loaded log', off)}\n`);
        return own.firstBreak === null && off.firstBreak === null ? 0 : 1;
      } finally {
        db.close();
        backend.close();
      }
    }),
};
