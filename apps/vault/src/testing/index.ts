/**
 * `@vbi/vault/testing`: a real vault for other packages' tests. Runs the real CLI in child
 * processes (`init`, then `start --port 0`) on a temporary data folder and cleans up.
 * With `VBI_TEST_STORAGE=postgres` every test vault keeps its PSD database in a database of its
 * own on a real PostgreSQL server that this test process starts (testing/postgres.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { REPO_ROOT } from '../config/paths.ts';
import { databaseOf, databasesOf, readVaultConfig, writeVaultConfig, type DatabaseConfig } from '../config/vault-config.ts';
import type { KeyBackend } from '../keystore/backend.ts';
import { openVaultBackend } from '../keystore/open-backend.ts';
import { creditAccount } from '../ledger/credit-account.ts';
import { openStorage } from '../storage/open-storage.ts';
import type { Storage } from '../storage/storage.ts';
import { PgPrimary } from '../storage/postgres/pg-client.ts';
import { SHARD_MAP_FILE } from '../storage/shards/shard-map.ts';
import { createTestDatabase, testStorage } from './postgres.ts';
import { softHsmToken } from './softhsm.ts';

const CLI = join(REPO_ROOT, 'apps/vault/src/cli/main.ts');
const LISTENING = /listening on (wss?:\/\/[^\s]+\/v1\/meter)/;
/**
 * Every test client comes from 127.0.0.1, and suites register dozens of accounts: test vaults
 * lift the per-address limits a production vault keeps (tests of those limits set their own,
 * later arguments win).
 */
const TEST_LIMITS = ['--register-per-address-per-hour', '1000000', '--register-per-minute', '1000000', '--max-connections-per-address', '100000'];

export interface TestVaultOptions {
  /** Module workers (default 2). */
  modules?: number;
  /** Meters minted by init and kept ready (default 4). */
  poolSize?: number;
  /** Extra environment for the vault process (e.g. VBI_FAULT). */
  env?: Record<string, string>;
  /** Extra arguments for `vault start` (e.g. ['--refund-window-days', '0']). */
  startArgs?: string[];
  /** Make a new vault with its own keys instead of copying this process's template. */
  fresh?: boolean;
  /** Start on a copy of this (stopped) vault data folder instead. */
  copyOf?: string;
  /** Node flags for the `vault start` process (e.g. ['--cpu-prof'] for the benchmark). */
  nodeArgs?: string[];
  /** Where the PSD database lives (default: VBI_TEST_STORAGE, else SQLite). */
  storage?: 'sqlite' | 'postgres';
  /** A further vault process on this (PostgreSQL) vault's database: `vault init --join` its data folder. */
  join?: TestVault;
  /** With `fresh`: the PostgreSQL database to init the vault on (e.g. a primary with a standby). */
  databaseUrl?: string;
  /**
   * Meters split across this many new databases on the test server (a shard map with equal
   * ranges, every shard taking new meters); or a shard map file to init with. Always a fresh vault.
   */
  shards?: number | string;
  /**
   * Where the vault's keys live: the software store, or this test process's SoftHSM2 token
   * (softhsm.ts). Default: VBI_TEST_KEYS, else software.
   */
  keys?: KeyBackendKind;
  /** Serve wss:// and https:// with a development certificate (`vault dev-cert`), pinned in trust/tls-dev.pem. */
  tls?: boolean;
}

export type KeyBackendKind = 'software' | 'pkcs11';

/** The key backend test vaults use unless told: VBI_TEST_KEYS=pkcs11 runs a suite on SoftHSM2. */
export function testKeyBackend(): KeyBackendKind {
  const kind = process.env.VBI_TEST_KEYS ?? 'software';
  if (kind !== 'software' && kind !== 'pkcs11') throw new Error('VBI_TEST_KEYS must be software or pkcs11');
  return kind;
}

export interface TestVault {
  /** ws://127.0.0.1:PORT/v1/meter (the port is kept across restarts). */
  readonly url: string;
  /** http://127.0.0.1:PORT (https:// with `tls`) */
  readonly httpUrl: string;
  readonly dataDir: string;
  readonly trustDir: string;
  /** The vault's PSD database. */
  readonly database: DatabaseConfig;
  /** Adds funds to an existing account: a credit entry MACed with the vault's ledger key, as `vault credit` makes. */
  credit(username: string, mills: number): Promise<void>;
  /** Rows of a read on the PSD database; `?` marks parameters on either database. */
  query<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T[]>;
  /**
   * A write on the PSD database by someone who can write it but holds no key (tests of what the
   * vault makes of rows it did not write); `?` marks parameters, booleans are 0/1 on SQLite.
   */
  exec(sql: string, ...params: unknown[]): Promise<void>;
  /** The running `vault start` process's id (null when it is not running). */
  pid(): number | null;
  /** Everything the vault processes wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, wait for exit, remove the data folder. */
  stop(): Promise<void>;
  /** Sends a signal (default SIGKILL) and waits for the process to exit; the data stays. */
  kill(signal?: NodeJS.Signals): Promise<number | null>;
  /** Starts the vault again on the same data folder and port (after kill, or running: stops first). */
  restart(env?: Record<string, string>): Promise<void>;
}

function run(args: string[], env: Record<string, string>, sink: string[], nodeArgs: string[] = []): ChildProcess {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', CLI, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => sink.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => sink.push(d.toString()));
  return child;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

type Backend = 'sqlite' | 'postgres';

/** `vault init`, with the keys in this process's SoftHSM2 token for `pkcs11`, on PostgreSQL for `postgres` (`url`, or a new database). */
async function init(
  dataDir: string, poolSize: number, keys: KeyBackendKind, backend: Backend, env: Record<string, string>, sink: string[], url?: string,
): Promise<void> {
  const token = keys === 'pkcs11' ? softHsmToken().initArgs : [];
  const database = url !== undefined ? ['--database', url] : backend === 'postgres' ? ['--database', await createTestDatabase()] : [];
  const code = await exited(run(['init', '--data', dataDir, '--pool', String(poolSize), ...token, ...database], env, sink));
  if (code !== 0) throw new Error(`vault init failed (${code}):\n${sink.join('')}`);
}

const templates = new Map<string, Promise<string>>();

/** One initialised vault per key backend, database, pool size and test process, copied for each test vault. */
function template(poolSize: number, keys: KeyBackendKind, backend: Backend, env: Record<string, string>): Promise<string> {
  let t = templates.get(`${keys}:${backend}:${poolSize}`);
  if (t === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'vbi-vault-template-'));
    t = init(dir, poolSize, keys, backend, env, []).then(() => dir);
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    templates.set(`${keys}:${backend}:${poolSize}`, t);
  }
  return t;
}

/** Copies a (stopped) vault's data folder; on PostgreSQL its database is copied too, as a new database. */
async function copyVault(from: string, to: string): Promise<void> {
  cpSync(from, to, { recursive: true });
  const db = databaseOf(from);
  if (db.kind === 'postgres') writeVaultConfig(to, { ...readVaultConfig(to), database: await createTestDatabase(db.url) });
}

/** A shard map of `count` new test databases with equal ranges, all taking new meters, written to a file; returns its path. */
export async function testShardMap(count: number, dir: string): Promise<string> {
  const width = 2 ** 32 / count;
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  const shards = [];
  for (let i = 0; i < count; i++) {
    shards.push({ name: `s${i + 1}`, from: hex(Math.round(i * width)), to: hex(Math.round((i + 1) * width) - 1), database: await createTestDatabase(), newMeters: true });
  }
  const file = join(dir, 'test-shards.json');
  writeFileSync(file, JSON.stringify({ v: 1, shards }));
  return file;
}

/** `vault init --shards` on a map of `shards` new test databases (or the map file given). */
async function initSharded(
  dataDir: string, poolSize: number, keys: KeyBackendKind, shards: number | string, env: Record<string, string>, sink: string[],
): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'vbi-shards-'));
  const map = typeof shards === 'string' ? shards : await testShardMap(shards, scratch);
  const token = keys === 'pkcs11' ? softHsmToken().initArgs : [];
  const code = await exited(run(['init', '--data', dataDir, '--pool', String(poolSize), ...token, '--shards', map], env, sink));
  rmSync(scratch, { recursive: true, force: true });
  if (code !== 0) throw new Error(`vault init --shards failed (${code}):\n${sink.join('')}`);
}

/** Makes `dataDir` a further vault process on `other`'s database(s), as an operator does. */
async function joinVault(other: TestVault, dataDir: string, env: Record<string, string>, sink: string[]): Promise<void> {
  if (other.database.kind === 'sqlite') throw new Error('only a PostgreSQL vault can be joined');
  const on = other.database.kind === 'sharded' ? ['--shards', join(other.dataDir, SHARD_MAP_FILE)] : ['--database', other.database.url];
  const args = ['init', '--data', dataDir, ...on, '--join', other.dataDir];
  const code = await exited(run(args, env, sink));
  if (code !== 0) throw new Error(`vault init --join failed (${code}):\n${sink.join('')}`);
}

/** A read (or, `write`, a change) on either database, with `?` for parameters; on shards, every shard's in map order. */
export async function queryDatabase<T>(db: DatabaseConfig, text: string, params: unknown[], write = false): Promise<T[]> {
  if (db.kind === 'sharded') {
    const parts = await Promise.all(databasesOf(db).map((d) => queryDatabase<T>(d.database, text, params, write)));
    return parts.flat();
  }
  if (db.kind === 'sqlite') {
    const conn = new Database(db.file, { readonly: !write });
    try {
      conn.pragma('busy_timeout = 5000');
      const statement = conn.prepare(text);
      const values = params.map((v) => (typeof v === 'boolean' ? Number(v) : v));
      return (statement.reader ? statement.all(...values) : (statement.run(...values), [])) as T[];
    } finally {
      conn.close();
    }
  }
  const primary = new PgPrimary(db.url, { max: 1, applicationName: 'vbi-test' });
  try {
    let n = 0;
    return [...(await (await primary.sql()).unsafe(text.replace(/\?/g, () => `$${++n}`), params as never[]))] as T[];
  } finally {
    await primary.end();
  }
}

function waitListening(child: ChildProcess, sink: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer) => {
      seen += d.toString();
      const m = LISTENING.exec(seen);
      if (m) {
        child.stdout?.off('data', onData);
        resolve(m[1] as string);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`vault start exited (${code}) before listening:\n${sink.join('')}`)));
  });
}

export async function startTestVault(opts: TestVaultOptions = {}): Promise<TestVault> {
  const poolSize = opts.poolSize ?? 4;
  const keys = opts.keys ?? testKeyBackend();
  // A token vault's processes reach the token through SOFTHSM2_CONF and VBI_PKCS11_PIN.
  const env = { ...(keys === 'pkcs11' ? softHsmToken().env : {}), ...opts.env };
  const backend = opts.storage ?? testStorage();
  const sink: string[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'vbi-vault-'));
  if (opts.join !== undefined) await joinVault(opts.join, dataDir, env, sink);
  else if (opts.shards !== undefined) await initSharded(dataDir, poolSize, keys, opts.shards, env, sink);
  else if (opts.copyOf !== undefined) await copyVault(opts.copyOf, dataDir);
  else if (opts.fresh || opts.databaseUrl !== undefined) await init(dataDir, poolSize, keys, backend, env, sink, opts.databaseUrl);
  else await copyVault(await template(poolSize, keys, backend, env), dataDir);
  const database = databaseOf(dataDir);

  let tlsArgs: string[] = [];
  if (opts.tls === true) {
    const code = await exited(run(['dev-cert', '--data', dataDir], env, sink));
    if (code !== 0) throw new Error(`vault dev-cert failed (${code}):\n${sink.join('')}`);
    tlsArgs = ['--tls-cert', join(dataDir, 'tls/dev-cert.pem'), '--tls-key', join(dataDir, 'tls/dev-key.pem')];
  }
  let port = 0;
  let url = '';
  /** The vault's key backend, opened on the first credit (its ledger key MACs test credits as `vault credit` does). */
  let keyBackend: KeyBackend | undefined;
  let child: ChildProcess | null = null;
  const launch = async (extraEnv: Record<string, string>) => {
    const args = ['start', '--dev', '--data', dataDir, '--host', '127.0.0.1', '--port', String(port),
      '--modules', String(opts.modules ?? 2), '--pool', String(poolSize), ...TEST_LIMITS, ...tlsArgs, ...(opts.startArgs ?? [])];
    child = run(args, { ...env, ...extraEnv }, sink, opts.nodeArgs);
    url = await waitListening(child, sink);
    port = Number(new URL(url).port);
  };
  await launch({});

  let pgStorage: Promise<Storage> | undefined;
  const halt = async (signal: NodeJS.Signals): Promise<number | null> => {
    const c = child;
    if (c === null) return null;
    child = null;
    if (c.exitCode !== null || c.signalCode !== null) return c.exitCode;
    c.kill(signal);
    return exited(c);
  };

  return {
    get url() {
      return url;
    },
    get httpUrl() {
      return `${opts.tls === true ? 'https' : 'http'}://127.0.0.1:${port}`;
    },
    dataDir,
    trustDir: join(dataDir, 'trust'),
    database,
    async credit(username, mills) {
      keyBackend ??= openVaultBackend(dataDir);
      // PostgreSQL: one storage for the vault's life (opening one checks the schema); SQLite: a
      // connection per call, as tests replace the database file under a stopped vault.
      const storage = database.kind !== 'sqlite' ? await (pgStorage ??= openStorage(database)) : await openStorage(database);
      try {
        const entry = await creditAccount(storage, keyBackend.ledgerMac, username, { amount: mills, kind: 'operator', by: 'test', reason: 'test credit' });
        if (entry === undefined) throw new Error(`no account named ${username}`);
      } finally {
        if (database.kind === 'sqlite') await storage.close();
      }
    },
    query: (text, ...params) => queryDatabase(database, text, params),
    exec: async (text, ...params) => void (await queryDatabase(database, text, params, true)),
    output: () => sink.join(''),
    pid: () => (child as ChildProcess | null)?.pid ?? null,
    async stop() {
      await halt('SIGTERM');
      keyBackend?.close();
      await (await pgStorage)?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
    kill: (signal = 'SIGKILL') => halt(signal),
    async restart(extraEnv = {}) {
      await halt('SIGTERM');
      await launch(extraEnv);
    },
  };
}

export { MeterClient, today, type Answer } from './meter-client.ts';
export { softHsmToken, softHsmAvailable, SOFTHSM2_MODULE, type SoftHsmToken } from './softhsm.ts';
