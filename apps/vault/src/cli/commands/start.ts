import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isSoftwareKeyStore, KEYSTORE_FILE } from '../../keystore/keystore.ts';
import { keystorePassphraseSource, passphraseFromEnvironment } from '../../keystore/passphrase.ts';
import { DEFAULT_SETTINGS, startVault } from '../../vault.ts';
import type { CliCommand } from '../command.ts';
import { EDGE_HELP, EDGE_OPTIONS, edgeSettings } from '../edge-options.ts';
import { createVaultLog, errorText } from '../../log/vault-log.ts';
import { intOption, parseOptions, requireOption, runWithHelp, UsageError } from '../options.ts';
import { DATABASE_HELP, DATABASE_OPTION } from '../vault-folder.ts';

const d = DEFAULT_SETTINGS;
const HELP = `Usage: pnpm vault start --data DIR [--host ${d.host}] [--port ${d.port}] [options]

Serves the meter socket (ws://HOST:PORT/v1/meter, wss:// with --tls-cert) and HTTP(S) (/v1/health,
/v1/certs/..., /updates/...). Prints "listening on ws[s]://HOST:PORT/v1/meter" once it accepts connections.
Stops cleanly on SIGTERM or SIGINT (finishes the batch in flight, closes the database).
Several vault processes may serve one PostgreSQL database, each with a data folder of its own
(see "vault init --join"); two on one data folder are refused.

Options:
  --data DIR                 the vault's data folder (made by "vault init")
  --host HOST                address to listen on (default ${d.host})
  --port PORT                port; 0 picks a free one (default ${d.port})
  --modules N                module workers (default: one per core, ${d.modules} here)
  --pool N                   unassigned meters to keep ready (default ${d.poolSize})
  --halt-threshold N         failing modules tolerated before value transactions stop (default ${d.haltThreshold})
  --refund-window-days N     refund window (default ${d.refundWindowDays})
  --time-zone TZ             time zone of "today" for mail dates (default ${d.timeZone})
  --max-batch N              commands per module batch at most (default ${d.maxBatch})
  --log-offload-seconds N    seconds between transaction-log off-loads to DIR/backup/log; 0 = on stop only (default ${d.logOffloadSeconds})
  --demo-funds MILLS         demo vaults only: credit every new account with MILLS of funds (default 0)
  --dev                      development vault: allow the key store passphrase kept in DIR/keystore.passphrase
                             (without it, a software key store needs VBI_KEYSTORE_PASSPHRASE)
  --log-level LEVEL          info (default), warn or error: JSON lines on stderr (docs/vault.md "Logs")
${DATABASE_HELP}  -h, --help                 show this help
${EDGE_HELP}
Environment: VBI_KEYSTORE_PASSPHRASE (software key store), VBI_PKCS11_PIN (keys in a PKCS#11 token),
VBI_FAULT (test-only fault injection, see docs/vault.md).

Example:
  pnpm vault start --data ./vault-data --port 7420
`;

export const startCommand: CliCommand = {
  name: 'start',
  summary: 'serve the meter protocol and HTTP; keeps the meter pool topped up',
  help: HELP,
  run: (argv) =>
    runWithHelp(HELP, argv, async () => {
      const { values: v } = parseOptions(argv, {
        data: { type: 'string' }, host: { type: 'string' }, port: { type: 'string' }, modules: { type: 'string' },
        pool: { type: 'string' }, 'halt-threshold': { type: 'string' }, 'refund-window-days': { type: 'string' },
        'time-zone': { type: 'string' }, 'max-batch': { type: 'string' }, 'log-offload-seconds': { type: 'string' },
        'demo-funds': { type: 'string' }, 'log-level': { type: 'string' }, ...EDGE_OPTIONS, ...DATABASE_OPTION,
        dev: { type: 'boolean' },
      });
      const dataDir = resolve(requireOption(v.data, 'data'));
      if (!existsSync(join(dataDir, KEYSTORE_FILE))) throw new Error(`${dataDir} holds no vault (run vault init first)`);
      if (v.dev !== true && isSoftwareKeyStore(dataDir) && !passphraseFromEnvironment(keystorePassphraseSource(dataDir))) {
        throw new UsageError(
          'VBI_KEYSTORE_PASSPHRASE is not set. A production vault reads its key store passphrase from that variable and ' +
            'never from a file beside the key store; set it (e.g. from your secret manager). A development vault may ' +
            'start with --dev, which uses DIR/keystore.passphrase.',
        );
      }
      const level = v['log-level'] ?? 'info';
      if (!['info', 'warn', 'error'].includes(level)) throw new UsageError('--log-level must be info, warn or error');
      const log = createVaultLog({ level });
      const timeZone = v['time-zone'] ?? d.timeZone;
      try {
        new Intl.DateTimeFormat('en-CA', { timeZone });
      } catch {
        throw new UsageError('--time-zone is not a known time zone');
      }
      const vault = await startVault({
        dataDir,
        database: v.database,
        host: v.host ?? d.host,
        port: intOption(v.port, 'port', d.port, 0, 65535),
        modules: intOption(v.modules, 'modules', d.modules, 1, 256),
        poolSize: intOption(v.pool, 'pool', d.poolSize, 0, 100_000),
        haltThreshold: intOption(v['halt-threshold'], 'halt-threshold', d.haltThreshold, 0, 256),
        refundWindowDays: intOption(v['refund-window-days'], 'refund-window-days', d.refundWindowDays, 0, 3650),
        timeZone,
        ...edgeSettings(v),
        maxBatch: intOption(v['max-batch'], 'max-batch', d.maxBatch, 1, 10_000),
        keyCacheSize: d.keyCacheSize,
        logOffloadSeconds: intOption(v['log-offload-seconds'], 'log-offload-seconds', d.logOffloadSeconds, 0, 86_400),
        demoFundsMills: intOption(v['demo-funds'], 'demo-funds', d.demoFundsMills, 0, 4_294_967_295),
        log,
      });
      process.stdout.write(`listening on ${vault.url}\n`);
      if (vault.metricsUrl !== null) log.info(`metrics on ${vault.metricsUrl}`, { url: vault.metricsUrl });
      return new Promise<number>((done) => {
        let stopping = false;
        const stop = (signal: string) => {
          if (stopping) return;
          stopping = true;
          log.info('stopping', { signal });
          vault.stop().then(() => done(0), (err: unknown) => {
            log.error('stop failed', { error: errorText(err) });
            done(1);
          });
        };
        process.on('SIGTERM', () => stop('SIGTERM'));
        process.on('SIGINT', () => stop('SIGINT'));
      });
    }),
};
