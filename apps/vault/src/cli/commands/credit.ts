import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MAX_DR, usernameSchema } from '@vbi/protocol';
import { openSqliteStorage } from '../../storage/sqlite/sqlite-storage.ts';
import { VAULT_DB_FILE } from '../../vault.ts';
import type { CliCommand } from '../command.ts';
import { intOption, parseOptions, requireOption, runWithHelp, UsageError } from '../options.ts';

const HELP = `Usage: pnpm vault credit --data DIR --user NAME --amount MILLS

Adds funds to an account (the money a meter's purchase moves into its descending register).
Works while the vault runs.

Options:
  --data DIR        the vault's data folder
  --user NAME       the account's username (case does not matter)
  --amount MILLS    whole mills to add, 1 mill = $0.001 (e.g. 20000 = $20.000)
  -h, --help        show this help

Example:
  pnpm vault credit --data ./vault-data --user alice --amount 20000
`;

export const creditCommand: CliCommand = {
  name: 'credit',
  summary: 'add funds to an account (works while the vault runs)',
  help: HELP,
  run: (argv) =>
    runWithHelp(HELP, argv, async () => {
      const { values } = parseOptions(argv, { data: { type: 'string' }, user: { type: 'string' }, amount: { type: 'string' } });
      const dataDir = resolve(requireOption(values.data, 'data'));
      const user = requireOption(values.user, 'user');
      if (!usernameSchema.safeParse(user).success) throw new UsageError('--user is not a valid username');
      const amount = intOption(requireOption(values.amount, 'amount'), 'amount', 0, 1, MAX_DR);
      const dbFile = join(dataDir, VAULT_DB_FILE);
      if (!existsSync(dbFile)) throw new Error(`${dataDir} holds no vault (run vault init)`);
      const storage = openSqliteStorage(dbFile);
      try {
        const funds = await storage.credit(user, amount);
        if (funds === undefined) throw new Error(`no account named "${user}"`);
        process.stdout.write(`credited ${amount} mills to ${user}; funds now ${funds} mills\n`);
      } finally {
        await storage.close();
      }
      return 0;
    }),
};
