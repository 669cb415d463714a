import { join, resolve } from 'node:path';
import { backupKeys } from '../../backup/keys.ts';
import { LOG_SUBDIR } from '../../backup/segment.ts';
import { verifyDatabaseLog, verifySegments, type ChainReport } from '../../backup/verify.ts';
import { openLogSource } from '../../backup/log-source.ts';
import { openVaultBackend } from '../../keystore/open-backend.ts';
import { databasesOf } from '../../config/vault-config.ts';
import type { CliCommand } from '../command.ts';
import { parseOptions, requireOption, runWithHelp } from '../options.ts';
import { DATABASE_HELP, DATABASE_OPTION, vaultDatabase } from '../vault-folder.ts';

const HELP = `Usage: pnpm vault verify-log --data DIR [--logs LOGDIR] [--database URL]

Checks the whole transaction-log chain: the database's log (every entry's hash, MAC and link to
the module's previous entry, no id missing) and the off-loaded segments (seal, sequence, hash
link to the previous segment, the same checks per entry, and agreement with the database).
Prints the counts and the first break; exits 1 when the chain is broken. Works while the vault runs.
A vault split across databases (DIR/shards.json) has one chain per shard: each shard's log is
checked, with its segments in LOGDIR/<shard name>.

Options:
  --data DIR      the vault's data folder
  --logs LOGDIR   the off-loaded log folder (default DIR/backup/log)
${DATABASE_HELP}  -h, --help      show this help

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
      const { values } = parseOptions(argv, { data: { type: 'string' }, logs: { type: 'string' }, ...DATABASE_OPTION });
      const dataDir = resolve(requireOption(values.data, 'data'));
      const logsDir = resolve(values.logs ?? join(dataDir, LOG_SUBDIR));
      const database = vaultDatabase(dataDir, values.database);
      const backend = openVaultBackend(dataDir);
      const keys = backupKeys(backend);
      try {
        let intact = true;
        for (const { shard, database: one } of databasesOf(database)) {
          const db = openLogSource(one);
          try {
            const own = await verifyDatabaseLog(db, keys);
            const off = await verifySegments(shard === null ? logsDir : join(logsDir, shard), keys, { db });
            const at = shard === null ? '' : `shard ${shard} `;
            process.stdout.write(`${line(`${at}database log`, own)}\n${line(`${at}off-loaded log`, off)}\n`);
            intact &&= own.firstBreak === null && off.firstBreak === null;
          } finally {
            await db.close();
          }
        }
        return intact ? 0 : 1;
      } finally {
        backend.close();
      }
    }),
};
