import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { MAX_DR, MillsError, usernameSchema } from '@vbi/protocol';
import { upgradeKeysOf } from '../../bank/upgrade-keys.ts';
import { money, parseAmount, type AmountUnit } from '../../console/money.ts';
import { openVaultBackend } from '../../keystore/open-backend.ts';
import { creditAccount } from '../../ledger/credit-account.ts';
import { openStorage } from '../../storage/open-storage.ts';
import type { CliCommand } from '../command.ts';
import { parseOptions, requireOption, runWithHelp, UsageError } from '../options.ts';
import { DATABASE_HELP, DATABASE_OPTION, vaultDatabase } from '../vault-folder.ts';

const HELP = `Usage: pnpm vault credit --data DIR --user NAME --amount AMOUNT [--unit dollars|mills] [--reason TEXT] [--by NAME]
       [--database URL]

Adds funds to an account (the money a meter's purchase moves into its descending register): a
new entry in the account's credit chain, MACed with the bank's ledger key, saying who credited
how much and why. Works while the vault runs. Bad input is refused and changes nothing.

Options:
  --data DIR        the vault's data folder
  --user NAME       the account's username (case does not matter)
  --amount AMOUNT   dollars with a decimal point or a dollar sign (20.00, $20, 0.740: at most
                    three decimals, 1 mill = $0.001), or whole mills (20000 = $20.000)
  --unit UNIT       say the unit outright: "dollars" (--amount 20 is $20) or "mills"
                    (--amount 20000 is $20.000); without it a bare whole number is mills
  --reason TEXT     why, e.g. a payment reference (default "operator credit"); at most 200 characters
  --by NAME         who credits (default: the operating-system user running this command)
${DATABASE_HELP}  -h, --help        show this help

Environment: VBI_KEYSTORE_PASSPHRASE (software key store) or VBI_PKCS11_PIN (keys in a PKCS#11
token): the ledger key MACs the entry.

Examples:
  pnpm vault credit --data ./vault-data --user alice --amount 20.00 --reason "invoice 2026-117"
  pnpm vault credit --data ./vault-data --user alice --amount 20000 --unit mills
`;

function text(value: string | undefined, fallback: string, name: string): string {
  const v = value ?? fallback;
  if (v.length < 1 || v.length > 200 || /[\u0000-\u001f]/.test(v)) throw new UsageError(`--${name} must be 1 to 200 characters on one line`);
  return v;
}

export const creditCommand: CliCommand = {
  name: 'credit',
  summary: 'add funds to an account: a MACed entry of its credit chain (works while the vault runs)',
  help: HELP,
  run: (argv) =>
    runWithHelp(HELP, argv, async () => {
      const { values } = parseOptions(argv, {
        data: { type: 'string' }, user: { type: 'string' }, amount: { type: 'string' }, unit: { type: 'string' }, reason: { type: 'string' },
        by: { type: 'string' }, ...DATABASE_OPTION,
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
      const reason = text(values.reason, 'operator credit', 'reason');
      const by = text(values.by, userInfo().username, 'by');
      const database = vaultDatabase(dataDir, values.database);
      const keys = openVaultBackend(dataDir);
      try {
        const storage = await openStorage(database, { upgradeKeys: upgradeKeysOf(keys), applicationName: 'vbi-vault-credit' });
        try {
          const entry = await creditAccount(storage, keys.ledgerMac, user, { amount, kind: 'operator', by, reason });
          if (entry === undefined) throw new Error(`no account named "${user}"`);
          const meterId = (await storage.accountByUsername(user))?.meterId as string;
          const [funds] = await storage.fundsOf([meterId]);
          process.stdout.write(`credited ${money(amount)} to ${user}; funds now ${money(funds ?? 0)} (credit #${entry.seq} of the account)\n`);
        } finally {
          await storage.close();
        }
      } finally {
        keys.close();
      }
      return 0;
    }),
};
