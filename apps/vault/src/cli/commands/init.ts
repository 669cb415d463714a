import { randomUUID } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { generateKeys, TRUST_FILES } from '../../keystore/generate.ts';
import { KEYSTORE_FILE, openKeyStore, writeKeyStore } from '../../keystore/keystore.ts';
import { initSupportData } from '../../server/support-services.ts';
import { DEV_PASSPHRASE_FILE } from '../../keystore/passphrase.ts';
import { databaseOf, describeDatabase, parseDatabaseUrl, writeVaultConfig } from '../../config/vault-config.ts';
import { openStorage } from '../../storage/open-storage.ts';
import { sharedDataDir } from '../../config/paths.ts';
import type { CliCommand } from '../command.ts';
import { mintWithProgress } from '../mint-meters.ts';
import { intOption, parseOptions, requireOption, runWithHelp, UsageError } from '../options.ts';
import { DATABASE_OPTION } from '../vault-folder.ts';

const HELP = `Usage: pnpm vault init --data DIR [--pool N] [--database URL [--join KEYDIR]]

Creates a new vault in DIR: the module bank's keys (sealed in DIR/keystore.json), the
certificate authority, the public trust bundle in DIR/trust/ (${TRUST_FILES.join(', ')}),
the PSD database, the client-support data (rate deck, ZIP reference, addresses) and a pool
of manufactured meters.

Options:
  --data DIR        the data folder to create (must not hold a vault yet)
  --pool N          meters to mint now (default 20)
  --database URL    keep the PSD database in PostgreSQL (postgres://USER@HOST:PORT/DB, an empty
                    database) instead of DIR/vault.sqlite; DIR/vault.json records it
  --join KEYDIR     with --database: a further vault process on a PostgreSQL vault that exists
                    already. Copies keystore.json, trust/ (and the development passphrase file)
                    from KEYDIR, another process's data folder or the key backup; makes no keys
                    and mints nothing. Each vault process needs a data folder of its own.
  -h, --help        show this help

The key store passphrase comes from VBI_KEYSTORE_PASSPHRASE; when it is unset (development)
a random one is kept in DIR/keystore.passphrase and a warning is printed.

Examples:
  pnpm vault init --data ./vault-data
  pnpm vault init --data ./vault-a --database postgres://vbi@db1:5432,db2:5432/vbi?target_session_attrs=read-write
  pnpm vault init --data ./vault-b --database postgres://vbi@db1:5432,db2:5432/vbi?target_session_attrs=read-write --join ./vault-a
`;

/** Copies what a further vault process shares with the first: the sealed key store and the public bundle. */
function copyKeys(from: string, to: string): void {
  if (!existsSync(join(from, KEYSTORE_FILE))) throw new UsageError(`--join: ${from} holds no key store`);
  copyFileSync(join(from, KEYSTORE_FILE), join(to, KEYSTORE_FILE));
  cpSync(join(from, 'trust'), join(to, 'trust'), { recursive: true });
  if (existsSync(join(from, DEV_PASSPHRASE_FILE))) copyFileSync(join(from, DEV_PASSPHRASE_FILE), join(to, DEV_PASSPHRASE_FILE));
}

export const initCommand: CliCommand = {
  name: 'init',
  summary: 'create keys, CA, trust bundle, support data and a pool of meters',
  help: HELP,
  run: (argv) =>
    runWithHelp(HELP, argv, async () => {
      const { values } = parseOptions(argv, {
        data: { type: 'string' },
        pool: { type: 'string' },
        join: { type: 'string' },
        ...DATABASE_OPTION,
      });
      const dataDir = resolve(requireOption(values.data, 'data'));
      const pool = intOption(values.pool, 'pool', 20, 0, 100_000);
      if (existsSync(join(dataDir, KEYSTORE_FILE))) throw new Error(`${dataDir} already holds a vault`);
      if (values.join !== undefined && values.database === undefined) throw new UsageError('--join needs --database');
      const url = values.database === undefined ? undefined : parseDatabaseUrl(values.database);
      mkdirSync(join(dataDir, 'modules'), { recursive: true });
      writeVaultConfig(dataDir, { v: 1, instance: randomUUID(), ...(url === undefined ? {} : { database: url }) });
      const db = databaseOf(dataDir);
      const storage = await openStorage(db, { applicationName: 'vbi-vault-init' });
      try {
        const holdsVault = Object.keys((await storage.totals()).meters).length > 0;
        if (values.join !== undefined) {
          if (!holdsVault) throw new Error(`--join: ${describeDatabase(db)} holds no vault yet (init the first process without --join)`);
          copyKeys(resolve(values.join), dataDir);
        } else {
          if (holdsVault) throw new Error(`${describeDatabase(db)} holds a vault already: add --join with a data folder of it`);
          process.stderr.write('making keys and the certificate authority…\n');
          writeKeyStore(dataDir, await generateKeys(dataDir));
        }
        let stage = '';
        await initSupportData({
          dataDir,
          sharedDataDir: sharedDataDir(),
          onProgress: (_done, _total, label) => {
            if (label !== stage) process.stderr.write(`support data: ${(stage = label)}…\n`);
          },
        });
        if (values.join === undefined) {
          const keys = openKeyStore(dataDir).material;
          await mintWithProgress({ dataDir, storage, keys, count: pool, modules: Math.min(availableParallelism(), Math.max(pool, 1)) });
        }
      } finally {
        await storage.close();
      }
      process.stdout.write(`vault initialised in ${dataDir} (trust bundle in ${join(dataDir, 'trust')}; database ${describeDatabase(db)})\n`);
      return 0;
    }),
};
