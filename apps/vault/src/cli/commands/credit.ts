import { resolve } from 'node:path';
import { MAX_DR, MillsError, usernameSchema } from '@vbi/protocol';
import { money, parseAmount, type AmountUnit } from '../../console/money.ts';
import { openStorage } from '../../storage/open-storage.ts';
import type { CliCommand } from '../command.ts';
import { parseOptions, requireOption, runWithHelp, UsageError } from '../options.ts';
import { DATABASE_HELP, DATABASE_OPTION, vaultDatabase } from '../vault-folder.ts';

const HELP = `Usage: pnpm vault credit --data DIR --user NAME --amount AMOUNT [--unit dollars|mills] [--database URL]

Adds funds to an account (the money a meter's purchase moves into its descending register).
Works while the vault runs. Bad input is refused and changes nothing.

Options:
  --data DIR        the vault's data folder
  --user NAME       the account's username (case does not matter)
  --amount AMOUNT   dollars with a decimal point or a dollar sign (20.00, $20, 0.740: at most
                    three decimals, 1 mill = $0.001), or whole mills (20000 = $20.000)
  --unit UNIT       say the unit outright: "dollars" (--amount 20 is $20) or "mills"
                    (--amount 20000 is $20.000); without it a bare whole number is mills
${DATABASE_HELP}  -h, --help        show this help

Examples:
  pnpm vault credit --data ./vault-data --user alice --amount 20.00
  pnpm vault credit --data ./vault-data --user alice --amount 20000 --unit mills
`;

export const creditCommand: CliCommand = {
  name: 'credit',
  summary: 'add funds to an account (works while the vault runs)',
  help: HELP,
  run: (argv) =>
    runWithHelp(HELP, argv, async () => {
      const { values } = parseOptions(argv, {
        data: { type: 'string' }, user: { type: 'string' }, amount: { type: 'string' }, unit: { type: 'string' }, ...DATABASE_OPTION,
      });
      const dataDir = resolve(requireOption(values.data, 'data'));
      const user = requireOption(values.user, 'user');
      if (!usernameSchema.safeParse(user).success) throw new UsageError('--user is not a valid username');
      if (values.unit !== undefined && values.unit !== 'dollars' && values.unit !== 'mills') throw new UsageError('--unit must be "dollars" or "mills"');
      let amount: number;
      try {
        amount = parseAmount(requireOption(values.amount, 'amount'), values.unit as AmountUnit | undefined, MAX_DR);
      } catch (err) {
        if (err instanceof MillsError) throw new UsageError(err.message.startsWith('--amount') ? err.message : `--amount: ${err.message}`);
        throw err;
      }
      const storage = await openStorage(vaultDatabase(dataDir, values.database), { applicationName: 'vbi-vault-credit' });
      try {
        const funds = await storage.credit(user, amount);
        if (funds === undefined) throw new Error(`no account named "${user}"`);
        process.stdout.write(`credited ${money(amount)} to ${user}; funds now ${money(funds)}\n`);
      } finally {
        await storage.close();
      }
      return 0;
    }),
};
