import { resolve } from 'node:path';
import { meterOf } from '../../admin/operator-steps.ts';
import { readAccountsView, renderAccountsView } from '../../console/accounts-view.ts';
import { readMeterView, renderMeterView } from '../../console/meter-view.ts';
import { money } from '../../console/money.ts';
import { withPsdKey } from '../../console/psd-key.ts';
import { readRunState } from '../../run-state.ts';
import { openStorage } from '../../storage/open-storage.ts';
import type { Storage } from '../../storage/storage.ts';
import type { DatabaseConfig } from '../../config/vault-config.ts';
import type { CliCommand } from '../command.ts';
import { meterRef } from '../operator-options.ts';
import { parseOptions, requireOption, runWithHelp, UsageError } from '../options.ts';
import { DATABASE_HELP, DATABASE_OPTION, vaultDatabase } from '../vault-folder.ts';

const HELP = `Usage: pnpm vault status --data DIR [--accounts | --user NAME | --meter ID] [--json] [--database URL]

Shows the vault's modules (last transaction, state when running), meters by state, account
and postage totals (dollars and mills), and whether the running vault is halted. Works while
the vault runs. On a database shared by several vault processes it lists every process's
modules; states of modules another process runs show as "elsewhere". A vault split across
databases (DIR/shards.json) shows the modules and totals of every shard together.

With --accounts: every account with its funds and its meter (state, registers, last
transaction, lock-out, key expiry). With --user or --meter: one meter in full (as "vault meter
show"). Both read the meters' sealed records, so they need the key store: VBI_KEYSTORE_PASSPHRASE
(software key store) or VBI_PKCS11_PIN (keys in a PKCS#11 token).

Options:
  --data DIR     the vault's data folder
  --accounts     every account and its meter
  --user NAME    the meter of this account (case does not matter)
  --meter ID     the meter with this id
  --json         print one JSON object instead of text
${DATABASE_HELP}
  -h, --help     show this help

Examples:
  pnpm vault status --data ./vault-data
  pnpm vault status --data ./vault-data --accounts
  pnpm vault status --data ./vault-data --user alice
`;

async function vaultStatus(dataDir: string, db: DatabaseConfig, storage: Storage, json: boolean): Promise<string> {
  const run = readRunState(dataDir);
  const states = new Map(run?.modules.map((m) => [m.serial, m.state]) ?? []);
  const absent = db.kind === 'sqlite' ? 'stopped' : 'elsewhere';
  const modules = (await storage.modules()).map((m) => ({ ...m, state: states.get(m.serial) ?? absent }));
  const totals = await storage.totals();
  const status = { running: run !== null, url: run?.url ?? null, halted: run?.halted ?? false, modules, ...totals };
  if (json) return JSON.stringify(status);
  const inhibited = modules.filter((m) => m.state === 'inhibited').map((m) => m.serial);
  return [
    `vault: ${run === null ? 'not running' : `running at ${run.url}`}${status.halted ? ' — HALTED (no value transactions)' : ''}`,
    'modules:',
    ...modules.map((m) => `  ${m.serial}: ${m.state}, last transaction ${m.lastTxAt ?? 'none'} (${money(m.lastTxValue ?? 0)})`),
    ...(inhibited.length === 0 ? [] : [`  inhibited: ${inhibited.join(', ')} — see "pnpm vault module recover --help"`]),
    `meters: ${Object.entries(totals.meters).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`,
    `accounts: ${totals.accounts}, funds ${money(totals.funds)}`,
    `pieces: ${totals.pieces}, postage ${money(totals.postage)}, refunded ${money(totals.refunded)}`,
  ].join('\n');
}

export const statusCommand: CliCommand = {
  name: 'status',
  summary: 'modules, meters by state, totals, halted or not; accounts and meters one by one',
  help: HELP,
  run: (argv) =>
    runWithHelp(HELP, argv, async () => {
      const { values } = parseOptions(argv, {
        data: { type: 'string' }, json: { type: 'boolean' }, accounts: { type: 'boolean' }, user: { type: 'string' }, meter: { type: 'string' },
        ...DATABASE_OPTION,
      });
      const dataDir = resolve(requireOption(values.data, 'data'));
      const one = values.user !== undefined || values.meter !== undefined;
      if (one && values.accounts === true) throw new UsageError('--accounts lists every account: leave out --user and --meter');
      const ref = one ? meterRef(values) : null;
      const json = values.json === true;
      const db = vaultDatabase(dataDir, values.database);
      const storage = await openStorage(db, { applicationName: 'vbi-vault-status' });
      try {
        let text: string;
        if (ref !== null) {
          const meterId = await meterOf(storage, ref);
          const view = await withPsdKey(dataDir, (psd) => readMeterView(storage, psd, meterId));
          text = json ? JSON.stringify(view) : renderMeterView(view).trimEnd();
        } else if (values.accounts === true) {
          const rows = await withPsdKey(dataDir, (psd) => readAccountsView(storage, psd));
          text = json ? JSON.stringify({ accounts: rows }) : renderAccountsView(rows).trimEnd();
        } else {
          text = await vaultStatus(dataDir, db, storage, json);
        }
        process.stdout.write(`${text}\n`);
        return 0;
      } finally {
        await storage.close();
      }
    }),
};
