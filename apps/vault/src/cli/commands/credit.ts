import { resolve } from 'node:path';
import { MAX_DR, usernameSchema } from '@vbi/protocol';
import { openStorage } from '../../storage/open-storage.ts';
import type { CliCommand } from '../command.ts';
import { intOption, parseOptions, requireOption, runWithHelp, UsageError } from '../options.ts';
import { DATABASE_HELP, DATABASE_OPTION, vaultDatabase } from '../vault-folder.ts';

const HELP = `Usage: pnpm vault credit --data DIR --user NAME --amount MILLS [--database URL]

Adds funds to an account (the money a meter's purchase moves into its descending register).
Works while the vault runs.

Options:
  --data DIR        the vault's data folder
  --user NAME       the account's username (case does not matter)
  --amount MILLS    whole mills to add, 1 mill = $0.001 (e.g. 20000 = $20.000)
${DATABASE_HELP}  -h, --help        show this help

Example:
  pnpm vault credit --data ./vault-data --user alice --amount 20000
`;

export const creditCommand: CliCommand = {
  name: 'credit',
  summary: 'add funds to an account (works while the vault runs)',
  help: HELP,
  run: (argv) =>
    runWithHelp(HELP, argv, async () => {
      const { values } = parseOptions(argv, { data: { type: 'string' }, user: { type: 'string' }, amount: { type: 'string' }, ...DATABASE_OPTION });
      const dataDir = resolve(requireOption(values.data, 'data'));
      const user = requireOption(values.user, 'user');
      if (!usernameSchema.safeParse(user).success) throw new UsageError('--user is not a valid username');
      const amount = intOption(requireOption(values.amount, 'amount'), 'amount', 0, 1, MAX_DR);
      const storage = await openStorage(vaultDatabase(dataDir, values.database), { applicationName: 'vbi-vault-credit' });
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
