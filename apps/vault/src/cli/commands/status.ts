import { resolve } from 'node:path';
import { readRunState } from '../../run-state.ts';
import { openStorage } from '../../storage/open-storage.ts';
import type { CliCommand } from '../command.ts';
import { parseOptions, requireOption, runWithHelp } from '../options.ts';
import { DATABASE_HELP, DATABASE_OPTION, vaultDatabase } from '../vault-folder.ts';

const HELP = `Usage: pnpm vault status --data DIR [--json] [--database URL]

Shows the vault's modules (last transaction, state when running), meters by state, account
and postage totals, and whether the running vault is halted. Works while the vault runs.
On a database shared by several vault processes it lists every process's modules; states of
modules another process runs show as "elsewhere". A vault split across databases (DIR/shards.json)
shows the modules and totals of every shard together.

Options:
  --data DIR   the vault's data folder
  --json       print one JSON object instead of text
${DATABASE_HELP}
  -h, --help   show this help

Example:
  pnpm vault status --data ./vault-data
`;

export const statusCommand: CliCommand = {
  name: 'status',
  summary: 'modules, meters by state, totals, halted or not',
  help: HELP,
  run: (argv) =>
    runWithHelp(HELP, argv, async () => {
      const { values } = parseOptions(argv, { data: { type: 'string' }, json: { type: 'boolean' }, ...DATABASE_OPTION });
      const dataDir = resolve(requireOption(values.data, 'data'));
      const db = vaultDatabase(dataDir, values.database);
      const storage = await openStorage(db, { applicationName: 'vbi-vault-status' });
      try {
        const run = readRunState(dataDir);
        const states = new Map(run?.modules.map((m) => [m.serial, m.state]) ?? []);
        const absent = db.kind === 'sqlite' ? 'stopped' : 'elsewhere';
        const modules = (await storage.modules()).map((m) => ({ ...m, state: states.get(m.serial) ?? absent }));
        const totals = await storage.totals();
        const status = { running: run !== null, url: run?.url ?? null, halted: run?.halted ?? false, modules, ...totals };
        if (values.json === true) {
          process.stdout.write(`${JSON.stringify(status)}\n`);
          return 0;
        }
        const lines = [
          `vault: ${run === null ? 'not running' : `running at ${run.url}`}${status.halted ? ' — HALTED (no value transactions)' : ''}`,
          'modules:',
          ...modules.map((m) => `  ${m.serial}: ${m.state}, last transaction ${m.lastTxAt ?? 'none'} (${m.lastTxValue ?? 0} mills)`),
          `meters: ${Object.entries(totals.meters).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`,
          `accounts: ${totals.accounts}, funds ${totals.funds} mills`,
          `pieces: ${totals.pieces}, postage ${totals.postage} mills, refunded ${totals.refunded} mills`,
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
        return 0;
      } finally {
        await storage.close();
      }
    }),
};
