import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { openKeyStore } from '../../keystore/keystore.ts';
import { mintKeys } from '../../keystore/open-backend.ts';
import { openStorage } from '../../storage/open-storage.ts';
import type { CliCommand } from '../command.ts';
import { mintWithProgress } from '../mint-meters.ts';
import { intOption, parseOptions, requireOption, runWithHelp } from '../options.ts';
import { DATABASE_HELP, DATABASE_OPTION, vaultDatabase } from '../vault-folder.ts';

const HELP = `Usage: pnpm vault mint --data DIR --count N [--database URL]

Manufactures N meters: for each, a P-256 indicium key and an X.509 certificate from the
vault CA, sealed into a PSD package in state "manufactured". Works while the vault runs.

Options:
  --data DIR     the vault's data folder
  --count N      how many meters to make (1–100000)
${DATABASE_HELP}  -h, --help     show this help

Environment: VBI_KEYSTORE_PASSPHRASE (software key store), VBI_PKCS11_PIN (keys in a PKCS#11 token).

Example:
  pnpm vault mint --data ./vault-data --count 100
`;

export const mintCommand: CliCommand = {
  name: 'mint',
  summary: 'manufacture meters (keys and certificates), with a progress bar',
  help: HELP,
  run: (argv) =>
    runWithHelp(HELP, argv, async () => {
      const { values } = parseOptions(argv, { data: { type: 'string' }, count: { type: 'string' }, ...DATABASE_OPTION });
      const dataDir = resolve(requireOption(values.data, 'data'));
      const count = intOption(requireOption(values.count, 'count'), 'count', 0, 1, 100_000);
      const storage = await openStorage(vaultDatabase(dataDir, values.database), { applicationName: 'vbi-vault-mint' });
      try {
        const keys = mintKeys(openKeyStore(dataDir));
        await mintWithProgress({ dataDir, storage, keys, count, modules: Math.min(availableParallelism(), count) });
      } finally {
        await storage.close();
      }
      process.stdout.write(`minted ${count} meter(s)\n`);
      return 0;
    }),
};
