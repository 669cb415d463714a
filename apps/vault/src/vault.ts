/** The running vault: storage, key store, module bank, meter pool, services and the server. */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MAX_QUEUE, ModuleBank } from './bank/module-bank.ts';
import { upgradeKeysOf } from './bank/upgrade-keys.ts';
import type { VaultLog } from './log/vault-log.ts';
import { startMetricsServer } from './metrics/metrics-server.ts';
import { createVaultMetrics, type VaultMetrics } from './metrics/vault-metrics.ts';
import { DEFAULT_EDGE_LIMITS, type EdgeLimits } from './server/limits.ts';
import { RegisterThrottle } from './server/register-throttle.ts';
import { MeterPool } from './bank/meter-pool.ts';
import { openKeyStore, type KeyStore } from './keystore/keystore.ts';
import { certificateRoute, healthRoute, type RouteHandler } from './server/http-routes.ts';
import type { VaultContext } from './server/context.ts';
import { ProcessMeterLocks, type MeterLocks } from './server/meter-locks.ts';
import { openSupportServices } from './server/support-services.ts';
import { startServer } from './server/vault-server.ts';
import { lockDataFolder } from './config/folder-lock.ts';
import { databaseOf, databasesOf, readVaultConfig, type DatabaseConfig } from './config/vault-config.ts';
import { CommitWriter } from './storage/commit-writer.ts';
import { openStorage } from './storage/open-storage.ts';
import { PgMeterLocks } from './storage/postgres/pg-meter-locks.ts';
import type { Storage } from './storage/storage.ts';
import { createUpdateFeedHandler } from './updates/index.ts';
import { clearRunState, writeRunState } from './run-state.ts';
import { LOG_SUBDIR, OffloadThread } from './backup/index.ts';
import { BACKUP_KEYS, WRITER_KEYS, type KeyBackend } from './keystore/backend.ts';
import { mintKeys, moduleKeys, narrowAccess, openBackend, wipeAccess } from './keystore/open-backend.ts';
import { startAdminServer } from './admin/admin-server.ts';

export interface VaultSettings {
  dataDir: string;
  /** A PostgreSQL URL for this run instead of the database DIR/vault.json names. */
  database?: string | undefined;
  host: string;
  port: number;
  modules: number;
  poolSize: number;
  haltThreshold: number;
  refundWindowDays: number;
  timeZone: string;
  /** The meter socket's limits (server/limits.ts). */
  limits: EdgeLimits;
  /** Commands waiting for a module at most (BUSY beyond). */
  maxQueue: number;
  maxBatch: number;
  keyCacheSize: number;
  /** Seconds between transaction-log off-loads to DIR/backup/log (SPEC §4.5); 0 = only on stop. */
  logOffloadSeconds: number;
  /** Funds credited to every new account at registration, by its module, as a ledger entry (demo vaults only; 0 = none). */
  demoFundsMills: number;
  /** PEM files of the certificate (chain) and its key: serve wss:// and https://. */
  tls?: { certFile: string; keyFile: string };
  /** Where to serve `GET /metrics` (a listener of its own); none when absent. */
  metrics?: { host: string; port: number };
  log: VaultLog;
}

export const DEFAULT_SETTINGS: Omit<VaultSettings, 'dataDir' | 'log'> = {
  host: '127.0.0.1',
  port: 7420,
  modules: availableParallelism(),
  poolSize: 20,
  haltThreshold: 0,
  refundWindowDays: 30,
  timeZone: 'UTC',
  limits: DEFAULT_EDGE_LIMITS,
  maxQueue: DEFAULT_MAX_QUEUE,
  maxBatch: 256,
  keyCacheSize: 10_000,
  logOffloadSeconds: 120,
  demoFundsMills: 0,
};

export interface RunningVault {
  host: string;
  port: number;
  /** `ws://HOST:PORT/v1/meter` or `wss://…` */
  url: string;
  /** `http://HOST:PORT/metrics` when metrics are served. */
  metricsUrl: string | null;
  /** Stops accepting, finishes the batch in flight, closes everything. */
  stop(): Promise<void>;
}

/**
 * The main thread's storage. Bringing a database that already holds value to the ledger schema needs the
 * ledger, piece-seal, audit and PSD keys once (storage/sqlite/legacy-upgrade.ts), then never again.
 */
async function openMainStorage(db: DatabaseConfig, keyStore: KeyStore, ownKeys: KeyBackend): Promise<Storage> {
  const all = openBackend(keyStore.access);
  try {
    return await openStorage(db, { auditMac: ownKeys.auditMac, upgradeKeys: upgradeKeysOf(all) });
  } finally {
    all.close();
  }
}

/**
 * BUSY across processes on PostgreSQL (advisory locks; a sharded vault's on its home shard, so one
 * lock session covers every meter); within this process on SQLite, its only user.
 */
function meterLocks(db: DatabaseConfig, log: (line: string) => void): MeterLocks & { close(): Promise<void> } {
  if (db.kind === 'postgres') return PgMeterLocks.open(db.url, log);
  if (db.kind === 'sharded') return PgMeterLocks.open((db.map.shards[0] as { database: string }).database, log);
  return Object.assign(new ProcessMeterLocks(), { close: () => Promise.resolve() });
}

export async function startVault(s: VaultSettings): Promise<RunningVault> {
  const unlockFolder = lockDataFolder(s.dataDir);
  try {
    return await startLocked(s, unlockFolder);
  } catch (err) {
    unlockFolder();
    throw err;
  }
}

async function startLocked(s: VaultSettings, unlockFolder: () => void): Promise<RunningVault> {
  const config = readVaultConfig(s.dataDir, true);
  const db = databaseOf(s.dataDir, s.database);
  // Read first: a missing or unreadable certificate stops the start before anything opens.
  const tls = s.tls === undefined ? undefined : { cert: readFileSync(s.tls.certFile), key: readFileSync(s.tls.keyFile) };
  const keyStore = openKeyStore(s.dataDir);
  // A token is checked (library, label, PIN) before any thread starts, so a mistake is one clear error.
  if (keyStore.access.kind === 'pkcs11') openBackend(keyStore.access).close();
  // The main thread keeps the audit key only: the audit entries it writes are MACed and chained.
  const ownKeys = openBackend(narrowAccess(keyStore.access, ['audit']));
  const storage = await openMainStorage(db, keyStore, ownKeys);
  // Each thread gets the keys it needs (the software store's bytes) or the token's whereabouts.
  const given = {
    writer: narrowAccess(keyStore.access, WRITER_KEYS), modules: moduleKeys(keyStore), mint: mintKeys(keyStore),
    backup: narrowAccess(keyStore.access, BACKUP_KEYS),
  };
  // Batch commits run in their own thread, so a commit's fsync never stalls the sockets.
  const committer = await CommitWriter.open(db, given.writer);
  let metrics: VaultMetrics | null = null;
  const bank = await ModuleBank.start({
    dataDir: s.dataDir, modules: s.modules, owner: config.instance, storage, committer, keys: given.modules, haltThreshold: s.haltThreshold,
    refundWindowDays: s.refundWindowDays, maxBatch: s.maxBatch, keyCacheSize: s.keyCacheSize, withMemory: true,
    maxQueue: s.maxQueue, onBatch: (size, seconds) => metrics?.batch(size, seconds), log: s.log,
  });
  // The meter pool mints in a module of its own: the CA key is in no module that serves meters.
  const minter = await ModuleBank.start({
    dataDir: s.dataDir, modules: 1, storage, committer: null, keys: given.mint, haltThreshold: 0,
    refundWindowDays: s.refundWindowDays, maxBatch: 1, keyCacheSize: 1, withMemory: false, log: s.log,
  });
  metrics = createVaultMetrics({ depths: () => bank.depths, halted: () => bank.halted, modules: () => bank.status() });
  // Each shard's log is a chain of its own, off-loaded to a folder of its own.
  const offloaders = await Promise.all(databasesOf(db).map(({ shard, database }) => OffloadThread.start({
    dataDir: s.dataDir, database, logDir: shard === null ? undefined : join(s.dataDir, LOG_SUBDIR, shard), keys: given.backup,
    intervalSeconds: s.logOffloadSeconds, log: s.log,
  })));
  // The workers hold their own copies now; the main thread drops the private keys.
  const caPem = keyStore.caCertPem;
  for (const access of [keyStore.access, given.writer, given.modules.access, given.mint.access, given.backup]) wipeAccess(access);

  const services = openSupportServices({ dataDir: s.dataDir });
  const pool = await MeterPool.open({ storage, minter, quiet: () => bank.quiet, target: s.poolSize, owner: config.instance, log: s.log });
  const locks = meterLocks(db, (line) => s.log.warn(line));
  const ctx: VaultContext = {
    storage, bank, pool, services, locks, timeZone: s.timeZone, log: s.log,
    registerThrottle: new RegisterThrottle(s.limits.registerPerAddressPerHour, s.limits.registerPerMinute), metrics,
    closing: false, demoCreditMills: s.demoFundsMills,
  };
  const routes: RouteHandler[] = [
    healthRoute(() => ({ ok: true, halted: bank.halted, modules: bank.status() })),
    certificateRoute(storage, caPem),
    createUpdateFeedHandler({ feedDir: join(s.dataDir, 'updates') }),
  ];
  const server = await startServer(ctx, { host: s.host, port: s.port, routes, limits: s.limits, ...(tls === undefined ? {} : { tls }) });
  const metricsServer = s.metrics === undefined ? null : await startMetricsServer(metrics.registry, s.metrics.host, s.metrics.port);
  pool.topUp();
  const host = server.host.includes(':') ? `[${server.host}]` : server.host;
  const url = `${server.scheme}://${host}:${server.port}/v1/meter`;
  const report = () =>
    writeRunState(s.dataDir, { pid: process.pid, url, halted: bank.halted, modules: bank.status(), at: new Date().toISOString() });
  report();
  const reporter = setInterval(report, 5000);
  reporter.unref();
  const admin = await startAdminServer(s.dataDir, { storage, bank, minter, locks, onModulesChanged: report }, s.log);
  return {
    host: server.host,
    port: server.port,
    url,
    metricsUrl: metricsServer?.url ?? null,
    async stop() {
      ctx.closing = true;
      clearInterval(reporter);
      server.stopAccepting();
      await admin.close();
      await pool.stop();
      await minter.stop();
      await bank.stop();
      await committer.close();
      await Promise.all(offloaders.map((o) => o.stop()));
      await server.close();
      await metricsServer?.close();
      services.close();
      await locks.close();
      await storage.close();
      ownKeys.close();
      clearRunState(s.dataDir);
      unlockFolder();
    },
  };
}
