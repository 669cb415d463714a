import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { generateKeys, TRUST_FILES } from '../../keystore/generate.ts';
import { KEYSTORE_FILE, openKeyStore, writeKeyStore } from '../../keystore/keystore.ts';
import { initSupportData } from '../../server/support-services.ts';
import { openSqliteStorage } from '../../storage/sqlite/sqlite-storage.ts';
import { VAULT_DB_FILE } from '../../vault.ts';
import { sharedDataDir } from '../../config/paths.ts';
import { makeDevCertificate } from '../../tls/dev-certificate.ts';
import type { CliCommand } from '../command.ts';
import { hostList } from './dev-cert.ts';
import { mintWithProgress } from '../mint-meters.ts';
import { intOption, parseOptions, requireOption, runWithHelp } from '../options.ts';

const HELP = `Usage: pnpm vault init --data DIR [--pool N] [--dev-cert [--host NAME,…]]

Creates a new vault in DIR: the module bank's keys (sealed in DIR/keystore.json), the
certificate authority, the public trust bundle in DIR/trust/ (${TRUST_FILES.join(', ')}),
the PSD database, the client-support data (rate deck, ZIP reference, addresses) and a pool
of manufactured meters.

Options:
  --data DIR        the data folder to create (must not hold a vault yet)
  --pool N          meters to mint now (default 20)
  --dev-cert        also make a development TLS certificate (see "pnpm vault dev-cert --help")
  --host LIST       extra host names or addresses for that certificate, comma-separated
  -h, --help        show this help

The key store passphrase comes from VBI_KEYSTORE_PASSPHRASE; when it is unset (development)
a random one is kept in DIR/keystore.passphrase and a warning is printed.

Example:
  pnpm vault init --data ./vault-data
`;

export const initCommand: CliCommand = {
  name: 'init',
  summary: 'create keys, CA, trust bundle, support data and a pool of meters',
  help: HELP,
  run: (argv) =>
    runWithHelp(HELP, argv, async () => {
      const { values } = parseOptions(argv, {
        data: { type: 'string' },
        pool: { type: 'string' },
        'dev-cert': { type: 'boolean' },
        host: { type: 'string' },
      });
      const dataDir = resolve(requireOption(values.data, 'data'));
      const pool = intOption(values.pool, 'pool', 20, 0, 100_000);
      if (existsSync(join(dataDir, KEYSTORE_FILE))) throw new Error(`${dataDir} already holds a vault`);
      mkdirSync(join(dataDir, 'modules'), { recursive: true });
      process.stderr.write('making keys and the certificate authority…\n');
      writeKeyStore(dataDir, await generateKeys(dataDir));
      const storage = openSqliteStorage(join(dataDir, VAULT_DB_FILE));
      try {
        let stage = '';
        await initSupportData({
          dataDir,
          sharedDataDir: sharedDataDir(),
          onProgress: (_done, _total, label) => {
            if (label !== stage) process.stderr.write(`support data: ${(stage = label)}…\n`);
          },
        });
        const keys = openKeyStore(dataDir).material;
        await mintWithProgress({ dataDir, storage, keys, count: pool, modules: Math.min(availableParallelism(), Math.max(pool, 1)) });
      } finally {
        await storage.close();
      }
      if (values['dev-cert'] === true) {
        const tls = await makeDevCertificate(dataDir, hostList(values.host));
        process.stderr.write(`development TLS certificate: ${tls.certFile} (key ${tls.keyFile})\n`);
      }
      process.stdout.write(`vault initialised in ${dataDir} (trust bundle in ${join(dataDir, 'trust')})\n`);
      return 0;
    }),
};
