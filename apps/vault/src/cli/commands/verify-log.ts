import { join, resolve } from 'node:path';
import { backupKeys } from '../../backup/keys.ts';
import { LOG_SUBDIR } from '../../backup/segment.ts';
import { verifySegments, type ChainReport } from '../../backup/verify.ts';
import { openLogSource } from '../../backup/log-source.ts';
import { upgradeKeysOf } from '../../bank/upgrade-keys.ts';
import { openVaultBackend } from '../../keystore/open-backend.ts';
import { ledgerKeysOf } from '../../reconcile/keys.ts';
import { reportLines } from '../../reconcile/print.ts';
import { reconcileLedger } from '../../reconcile/reconcile.ts';
import { openStorage } from '../../storage/open-storage.ts';
import { DEFAULT_SETTINGS } from '../../vault.ts';
import { databasesOf } from '../../config/vault-config.ts';
import type { CliCommand } from '../command.ts';
import { intOption, parseOptions, requireOption, runWithHelp } from '../options.ts';
import { DATABASE_HELP, DATABASE_OPTION, vaultDatabase } from '../vault-folder.ts';

const HELP = `Usage: pnpm vault verify-log --data DIR [--logs LOGDIR] [--refund-window-days N] [--json] [--database URL]

Checks the ledger with the bank's keys and reconciles it, per account and in total:
- the transaction log's chain (every entry's hash, MAC, commit link, link to its module's previous
  entry, the meter's registers, no id missing), the audit log's chain, every account's credit chain;
- credits → purchases → pieces → refunds (→ withdrawals): no purchase beyond the credits made
  before it; every meter's package agrees with its log (registers, pieces, downloads, refunds,
  returns, credits counted); every piece row sealed and as its log entry says; every refund once,
  of its piece's postage, inside the refund window; each module's checkpoint sums its entries;
- the off-loaded segments (seal, sequence, links, the same per-entry checks, agreement with the database).
Prints what it checked, the totals and every break; exits 1 on any break. Works while the vault runs.
A vault split across databases (DIR/shards.json) has one ledger per shard (a meter, its account
and its module are on one shard): each is reconciled, with its segments in LOGDIR/<shard name>.

Options:
  --data DIR                the vault's data folder
  --logs LOGDIR             the off-loaded log folder (default DIR/backup/log)
  --refund-window-days N    the refund window the vault runs with (default ${DEFAULT_SETTINGS.refundWindowDays})
  --json                    print the reconciliation as one JSON object (per account figures included)
${DATABASE_HELP}  -h, --help                show this help

Environment: VBI_KEYSTORE_PASSPHRASE (software key store), VBI_PKCS11_PIN (keys in a PKCS#11 token).

Example:
  pnpm vault verify-log --data ./vault-data
`;

function segmentsLine(r: ChainReport): string {
  const head = `off-loaded log: ${r.segments} segment(s), ${r.entries} entries verified`;
  const value = `with ${r.credits} credit and ${r.audits} audit entries`;
  return r.firstBreak === null ? `${head}, chain intact; ${value}` : `${head}; FIRST BREAK in ${r.firstBreak.where}: ${r.firstBreak.reason}`;
}

export const verifyLogCommand: CliCommand = {
  name: 'verify-log',
  summary: 'check and reconcile the ledger (logs, credits, pieces, refunds, packages, segments); prints every break',
  help: HELP,
  run: (argv) =>
    runWithHelp(HELP, argv, async () => {
      const { values } = parseOptions(argv, {
        data: { type: 'string' }, logs: { type: 'string' }, 'refund-window-days': { type: 'string' }, json: { type: 'boolean' },
        ...DATABASE_OPTION,
      });
      const dataDir = resolve(requireOption(values.data, 'data'));
      const logsDir = resolve(values.logs ?? join(dataDir, LOG_SUBDIR));
      const refundWindowDays = intOption(values['refund-window-days'], 'refund-window-days', DEFAULT_SETTINGS.refundWindowDays, 0, 3650);
      const database = vaultDatabase(dataDir, values.database);
      const backend = openVaultBackend(dataDir);
      const segmentKeys = backupKeys(backend);
      try {
        const shards: Array<{ shard: string | null; intact: boolean; json: object; lines: string[] }> = [];
        for (const { shard, database: one } of databasesOf(database)) {
          const storage = await openStorage(one, { upgradeKeys: upgradeKeysOf(backend), applicationName: 'vbi-vault-verify' });
          const db = openLogSource(one);
          try {
            const { report } = await reconcileLedger(storage, ledgerKeysOf(backend), { refundWindowDays });
            const off = await verifySegments(shard === null ? logsDir : join(logsDir, shard), segmentKeys, {
              db, complete: true, value: { ledger: backend.ledgerMac, audit: backend.auditMac },
            });
            const intact = report.breakCount === 0 && off.firstBreak === null;
            const offloaded = { segments: off.segments, entries: off.entries, firstBreak: off.firstBreak };
            const lines = reportLines(report, [segmentsLine(off)]);
            shards.push({ shard, intact, json: { ...report, offloaded, intact }, lines: shard === null ? lines : lines.map((l) => `shard ${shard} ${l}`) });
          } finally {
            await db.close();
            await storage.close();
          }
        }
        const intact = shards.every((s) => s.intact);
        if (values.json === true) {
          const json = shards.length === 1 && shards[0]?.shard === null ? shards[0].json : { shards: shards.map((s) => ({ shard: s.shard, ...s.json })), intact };
          process.stdout.write(`${JSON.stringify(json)}\n`);
        } else {
          process.stdout.write(`${shards.flatMap((s) => s.lines).join('\n')}\n`);
        }
        return intact ? 0 : 1;
      } finally {
        backend.close();
      }
    }),
};
