import { randomUUID } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { generateKeys, TRUST_FILES } from '../../keystore/generate.ts';
import { KEYSTORE_FILE, openKeyStore, writeKeyStore } from '../../keystore/keystore.ts';
import { mintKeys } from '../../keystore/open-backend.ts';
import { initTokenVault } from '../../keystore/pkcs11/init-token.ts';
import { tokenPin } from '../../keystore/pkcs11/token.ts';
import { DEV_PASSPHRASE_FILE } from '../../keystore/passphrase.ts';
import { initSupportData } from '../../server/support-services.ts';
import { databaseOf, describeDatabase, parseDatabaseUrl, writeVaultConfig } from '../../config/vault-config.ts';
import { openStorage } from '../../storage/open-storage.ts';
import { readShardMap, SHARD_MAP_FILE } from '../../storage/shards/shard-map.ts';
import { sharedDataDir } from '../../config/paths.ts';
import { makeDevCertificate } from '../../tls/dev-certificate.ts';
import type { CliCommand } from '../command.ts';
import { hostList } from './dev-cert.ts';
import { mintWithProgress } from '../mint-meters.ts';
import { intOption, parseOptions, requireOption, runWithHelp, UsageError } from '../options.ts';
import { DATABASE_OPTION } from '../vault-folder.ts';

const HELP = `Usage: pnpm vault init --data DIR [--pool N] [--keys software|pkcs11 ...] [--database URL | --shards FILE] [--join KEYDIR] [--dev-cert [--host NAME,…]]

Creates a new vault in DIR: the module bank's keys, the certificate authority, the public
trust bundle in DIR/trust/ (${TRUST_FILES.join(', ')}), the PSD database, the client-support
data (rate deck, ZIP reference, addresses) and a pool of manufactured meters.

Options:
  --data DIR              the data folder to create (must not hold a vault yet)
  --pool N                meters to mint now (default 20)
  --keys BACKEND          where the bank's keys live (default software):
                            software  sealed in DIR/keystore.json
                            pkcs11    generated inside a PKCS#11 token, never leaving it
  --pkcs11-module PATH    the token's PKCS#11 library (with --keys pkcs11),
                          e.g. /usr/lib/softhsm/libsofthsm2.so
  --pkcs11-token LABEL    the token's label (with --keys pkcs11)
  --database URL          keep the PSD database in PostgreSQL (postgres://USER@HOST:PORT/DB, an empty
                          database) instead of DIR/vault.sqlite; DIR/vault.json records it
  --shards FILE           split the meters across several PostgreSQL databases by this shard map
                          (JSON, docs/scale.md "Meters split across databases"), copied to
                          DIR/shards.json; every database must be empty (or, with --join, this vault's)
  --join KEYDIR           with --database or --shards: a further vault process on a PostgreSQL vault that exists
                          already. Copies keystore.json, trust/ (and the development passphrase file)
                          from KEYDIR, another process's data folder or the key backup; makes no keys
                          and mints nothing. Each vault process needs a data folder of its own.
  --dev-cert              also make a development TLS certificate (see "pnpm vault dev-cert --help")
  --host LIST             extra host names or addresses for that certificate, comma-separated
  -h, --help              show this help

Environment:
  VBI_PKCS11_PIN           the token user's PIN (--keys pkcs11; needed by every command that
                           opens the keys, e.g. start)
  VBI_KEYSTORE_PASSPHRASE  seals the key store (software) or the release key (pkcs11); when it
                           is unset (development) a random one is kept in DIR/keystore.passphrase
                           and a warning is printed.

Examples:
  pnpm vault init --data ./vault-data
  VBI_PKCS11_PIN=... pnpm vault init --data ./vault-data --keys pkcs11 \\
    --pkcs11-module /usr/lib/softhsm/libsofthsm2.so --pkcs11-token vbi-vault
`;

/** Copies what a further vault process shares with the first: the sealed key store and the public bundle. */
function copyKeys(from: string, to: string): void {
  if (!existsSync(join(from, KEYSTORE_FILE))) throw new UsageError(`--join: ${from} holds no key store`);
  copyFileSync(join(from, KEYSTORE_FILE), join(to, KEYSTORE_FILE));
  cpSync(join(from, 'trust'), join(to, 'trust'), { recursive: true });
  if (existsSync(join(from, DEV_PASSPHRASE_FILE))) copyFileSync(join(from, DEV_PASSPHRASE_FILE), join(to, DEV_PASSPHRASE_FILE));
}

type KeyPlan = { kind: 'software' } | { kind: 'pkcs11'; module: string; label: string };

/** Reads --keys and its options; refuses a bad combination before anything is made. */
function keyPlan(values: { keys?: string; 'pkcs11-module'?: string; 'pkcs11-token'?: string }): KeyPlan {
  const kind = values.keys ?? 'software';
  if (kind === 'software') {
    if (values['pkcs11-module'] !== undefined || values['pkcs11-token'] !== undefined) {
      throw new UsageError('--pkcs11-module and --pkcs11-token go with --keys pkcs11');
    }
    return { kind };
  }
  if (kind !== 'pkcs11') throw new UsageError('--keys must be software or pkcs11');
  const module = resolve(requireOption(values['pkcs11-module'], 'pkcs11-module'));
  if (!existsSync(module)) throw new UsageError(`--pkcs11-module: no such file ${module}`);
  const label = requireOption(values['pkcs11-token'], 'pkcs11-token');
  tokenPin(); // refuses now when VBI_PKCS11_PIN is unset
  return { kind, module, label };
}

async function makeKeys(dataDir: string, plan: KeyPlan): Promise<void> {
  if (plan.kind === 'software') writeKeyStore(dataDir, await generateKeys(dataDir));
  else await initTokenVault(dataDir, plan);
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
        keys: { type: 'string' },
        'pkcs11-module': { type: 'string' },
        'pkcs11-token': { type: 'string' },
        join: { type: 'string' },
        ...DATABASE_OPTION,
        shards: { type: 'string' },
        'dev-cert': { type: 'boolean' },
        host: { type: 'string' },
      });
      const dataDir = resolve(requireOption(values.data, 'data'));
      const pool = intOption(values.pool, 'pool', 20, 0, 100_000);
      const plan = keyPlan(values);
      if (existsSync(join(dataDir, KEYSTORE_FILE))) throw new Error(`${dataDir} already holds a vault`);
      if (values.join !== undefined && values.database === undefined && values.shards === undefined) throw new UsageError('--join needs --database or --shards');
      if (values.database !== undefined && values.shards !== undefined) throw new UsageError('--database and --shards exclude each other (the shard map names the databases)');
      const shardMap = values.shards === undefined ? undefined : readShardMap(resolve(values.shards));
      if (values.join !== undefined && values.keys !== undefined) throw new UsageError('--join takes the keys of the vault it joins (no --keys)');
      const url = values.database === undefined ? undefined : parseDatabaseUrl(values.database);
      mkdirSync(join(dataDir, 'modules'), { recursive: true });
      writeVaultConfig(dataDir, { v: 1, instance: randomUUID(), ...(url === undefined ? {} : { database: url }) });
      // Written 0600 like vault.json: the map's URLs may carry passwords.
      if (shardMap !== undefined) writeFileSync(join(dataDir, SHARD_MAP_FILE), `${JSON.stringify(shardMap, null, 2)}\n`, { mode: 0o600 });
      const db = databaseOf(dataDir);
      const storage = await openStorage(db, { applicationName: 'vbi-vault-init' });
      try {
        const holdsVault = Object.keys((await storage.totals()).meters).length > 0;
        if (values.join !== undefined) {
          if (!holdsVault) throw new Error(`--join: ${describeDatabase(db)} holds no vault yet (init the first process without --join)`);
          copyKeys(resolve(values.join), dataDir);
        } else {
          if (holdsVault) throw new Error(`${describeDatabase(db)} holds a vault already: add --join with a data folder of it`);
          process.stderr.write(`making keys and the certificate authority (${plan.kind})…\n`);
          await makeKeys(dataDir, plan);
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
          const keys = mintKeys(openKeyStore(dataDir));
          await mintWithProgress({ dataDir, storage, keys, count: pool, modules: Math.min(availableParallelism(), Math.max(pool, 1)) });
        }
      } finally {
        await storage.close();
      }
      if (values['dev-cert'] === true) {
        const tls = await makeDevCertificate(dataDir, hostList(values.host));
        process.stderr.write(`development TLS certificate: ${tls.certFile} (key ${tls.keyFile})\n`);
      }
      process.stdout.write(`vault initialised in ${dataDir} (trust bundle in ${join(dataDir, 'trust')}; database ${describeDatabase(db)})\n`);
      return 0;
    }),
};
