import { resolve } from 'node:path';
import { usernameSchema } from '@vbi/protocol';
import { oneTimePassphrase, RESET_VALID_MS, sealOperatorReset } from '../../bank/operator-reset.ts';
import { upgradeKeysOf } from '../../bank/upgrade-keys.ts';
import { openVaultBackend } from '../../keystore/open-backend.ts';
import { openStorage } from '../../storage/open-storage.ts';
import type { CliCommand } from '../command.ts';
import { parseOptions, requireOption, runWithHelp, UsageError } from '../options.ts';
import { DATABASE_HELP, DATABASE_OPTION, vaultDatabase } from '../vault-folder.ts';

const HELP = `Usage: pnpm vault reset-passphrase --data DIR --user NAME --operator NAME [--database URL]

Sets a one-time passphrase for a person who forgot theirs and has no admin who can reset it
(the account's owner, or an admin). Verify who is asking out of band first. Prints the one-time
passphrase once: hand it to the person. It works for ${RESET_VALID_MS / 3600_000} hours, at their next
sign-in (or "Move my meter to this computer"), which then asks them to choose a new passphrase;
their old passphrase stops working at that sign-in. The reset is recorded in the audit log with
the operator's name (never the passphrase). Works while the vault runs.

Options:
  --data DIR         the vault's data folder
  --user NAME        the person's username (case does not matter)
  --operator NAME    who performs the reset, for the audit log
${DATABASE_HELP}  -h, --help         show this help

Environment: VBI_KEYSTORE_PASSPHRASE (software key store), VBI_PKCS11_PIN (keys in a PKCS#11 token).

Example:
  pnpm vault reset-passphrase --data ./vault-data --user alice --operator "J. Smith, ticket 4711"
`;

export const resetPassphraseCommand: CliCommand = {
  name: 'reset-passphrase',
  summary: 'give a person who forgot their passphrase a one-time one (audited)',
  help: HELP,
  run: (argv) =>
    runWithHelp(HELP, argv, async () => {
      const { values } = parseOptions(argv, { data: { type: 'string' }, user: { type: 'string' }, operator: { type: 'string' }, ...DATABASE_OPTION });
      const dataDir = resolve(requireOption(values.data, 'data'));
      const user = requireOption(values.user, 'user');
      if (!usernameSchema.safeParse(user).success) throw new UsageError('--user is not a valid username');
      const operator = requireOption(values.operator, 'operator').trim();
      if (operator.length === 0 || operator.length > 200) throw new UsageError('--operator must name who performs the reset (at most 200 characters)');
      const database = vaultDatabase(dataDir, values.database);
      // The key store: the PSD key seals the reset, the audit key MACs its audit entry.
      const backend = openVaultBackend(dataDir);
      try {
        const storage = await openStorage(database, {
          applicationName: 'vbi-vault-reset-passphrase', auditMac: backend.auditMac, upgradeKeys: upgradeKeysOf(backend),
        });
        try {
          const person = await storage.personByUsername(user);
          if (person === undefined) throw new Error(`no person named "${user}"`);
          const passphrase = oneTimePassphrase();
          const now = new Date();
          const sealed = await sealOperatorReset(backend.psd, person.meterId, person.username, passphrase, now);
          // Audited first: a reset that failed to be stored is in the log as issued, never the other way round.
          await storage.appendAudit([{ at: now.toISOString(), event: 'passphrase-reset-issued', meterId: person.meterId, detail: { username: person.username, operator } }]);
          await storage.putPassphraseReset(person.username, person.meterId, sealed, now.toISOString());
          process.stdout.write(`one-time passphrase for ${person.username}: ${passphrase}\n`
            + `valid for ${RESET_VALID_MS / 3600_000} hours; they choose a new one at their next sign-in\n`);
        } finally {
          await storage.close();
        }
      } finally {
        backend.close();
      }
      return 0;
    }),
};
