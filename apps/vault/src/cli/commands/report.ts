import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { upgradeKeysOf } from '../../bank/upgrade-keys.ts';
import { openVaultBackend } from '../../keystore/open-backend.ts';
import { ledgerKeysOf } from '../../reconcile/keys.ts';
import { postalReport, reportCsv, reportSignatureValid, signReport, spkiHash, type SignedReport } from '../../reconcile/postal-report.ts';
import { mergeReconciled, reconcileLedger, type Reconciled } from '../../reconcile/reconcile.ts';
import { databasesOf } from '../../config/vault-config.ts';
import { openStorage } from '../../storage/open-storage.ts';
import { DEFAULT_SETTINGS } from '../../vault.ts';
import type { CliCommand } from '../command.ts';
import { intOption, parseOptions, requireOption, runWithHelp, UsageError } from '../options.ts';
import { DATABASE_HELP, DATABASE_OPTION, vaultDatabase } from '../vault-folder.ts';

const HELP = `Usage: pnpm vault report --data DIR --from DATE --to DATE --out BASE [--refund-window-days N] [--database URL]
       pnpm vault report verify --file BASE.json --trust DIR/trust

The postal report: per meter and in total, for the period from DATE (included) to DATE (not
included), the value downloaded (resets), pieces and postage printed, refunds, funds credited to
the meter's account, and the registers at both ends. It is made from the ledger only after the
whole ledger reconciles (as "vault verify-log" checks it; a break refuses the report), and
written as BASE.csv and BASE.json, the JSON signed with the bank-auth key.
"report verify" checks a report's signature with the trust bundle's bank-auth key.

Options:
  --data DIR                the vault's data folder
  --from DATE, --to DATE    YYYY-MM-DD (midnight UTC) or an ISO 8601 UTC time
  --out BASE                where to write BASE.csv and BASE.json
  --refund-window-days N    the refund window the vault runs with (default ${DEFAULT_SETTINGS.refundWindowDays})
  --file BASE.json          (verify) the signed report
  --trust DIR               (verify) a trust bundle folder holding bank-auth.pub.pem
${DATABASE_HELP}  -h, --help                show this help

Environment: VBI_KEYSTORE_PASSPHRASE (software key store), VBI_PKCS11_PIN (keys in a PKCS#11 token).

Examples:
  pnpm vault report --data ./vault-data --from 2026-11-01 --to 2026-12-01 --out ./november
  pnpm vault report verify --file ./november.json --trust ./vault-data/trust
`;

function instant(value: string, name: string): string {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00.000Z` : value;
  const t = Date.parse(iso);
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/.test(value) || Number.isNaN(t)) throw new UsageError(`--${name} must be YYYY-MM-DD or an ISO 8601 UTC time`);
  return new Date(t).toISOString();
}

function writeAtomically(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text, { mode: 0o644 });
  renameSync(`${file}.tmp`, file);
}

async function make(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, {
    data: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' }, 'refund-window-days': { type: 'string' },
    ...DATABASE_OPTION,
  });
  const dataDir = resolve(requireOption(values.data, 'data'));
  const from = instant(requireOption(values.from, 'from'), 'from');
  const to = instant(requireOption(values.to, 'to'), 'to');
  if (from >= to) throw new UsageError('--from must come before --to');
  const out = resolve(requireOption(values.out, 'out'));
  const refundWindowDays = intOption(values['refund-window-days'], 'refund-window-days', DEFAULT_SETTINGS.refundWindowDays, 0, 3650);
  const database = vaultDatabase(dataDir, values.database);
  const backend = openVaultBackend(dataDir);
  try {
    // A vault split across databases has one ledger per shard (a meter and its account are on one).
    const shards: Reconciled[] = [];
    for (const { database: one } of databasesOf(database)) {
      const storage = await openStorage(one, { upgradeKeys: upgradeKeysOf(backend), applicationName: 'vbi-vault-report' });
      try {
        shards.push(await reconcileLedger(storage, ledgerKeysOf(backend), { refundWindowDays }));
      } finally {
        await storage.close();
      }
    }
    const broken = shards.find((s) => s.report.breakCount > 0);
    if (broken !== undefined) {
      process.stderr.write(`the ledger does not reconcile (${broken.report.breakCount} break(s), first: ${broken.report.breaks[0]}); `
        + 'no report was written: run "vault verify-log" for the full list\n');
      return 1;
    }
    const ledger = mergeReconciled(shards);
    const signer = spkiHash(createPublicKey(readFileSync(join(dataDir, 'trust', 'bank-auth.pub.pem'), 'utf8')));
    const report = postalReport(ledger, { from, to }, signer, new Date());
    writeAtomically(`${out}.csv`, reportCsv(report));
    writeAtomically(`${out}.json`, `${JSON.stringify(signReport(report, (m) => backend.signBankAuth(m)), null, 2)}\n`);
    const t = report.totals;
    process.stdout.write(`report ${from} – ${to}: ${t.meters} meters, downloaded ${t.downloaded} mills, ${t.pieces} pieces `
      + `(${t.postage} mills), ${t.refunds} refunds (${t.refunded} mills), credited ${t.credited} mills → ${out}.csv, ${out}.json (signed)\n`);
    return 0;
  } finally {
    backend.close();
  }
}

const signedSchema = z.object({ report: z.object({ format: z.string(), signer: z.string() }).passthrough(), signature: z.string() });

async function verifyReport(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, { file: { type: 'string' }, trust: { type: 'string' } });
  const file = resolve(requireOption(values.file, 'file'));
  const pem = readFileSync(join(resolve(requireOption(values.trust, 'trust')), 'bank-auth.pub.pem'), 'utf8');
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const parsed = signedSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${file} is not a signed report`);
  // The signature covers the report exactly as the file holds it.
  if (!reportSignatureValid(raw as SignedReport, pem)) {
    process.stdout.write(`${file}: signature does NOT verify with this trust bundle's bank-auth key\n`);
    return 1;
  }
  process.stdout.write(`${file}: signature verifies (bank-auth key ${parsed.data.report.signer})\n`);
  return 0;
}

export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'the postal report for a period (CSV + JSON signed with the bank-auth key); "report verify" checks one',
  help: HELP,
  run(argv) {
    if (argv[0] === 'verify') return runWithHelp(HELP, argv.slice(1), () => verifyReport(argv.slice(1)));
    return runWithHelp(HELP, argv, () => make(argv));
  },
};
