/**
 * `@vbi/vault/testing`: a real vault for other packages' tests. Runs the real CLI in child
 * processes (`init`, then `start --port 0`) on a temporary data folder and cleans up.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../config/paths.ts';
import type { KeyBackend } from '../keystore/backend.ts';
import { openVaultBackend } from '../keystore/open-backend.ts';
import { accountKey, makeCreditEntry } from '../ledger/credits.ts';
import { openSqliteStore } from '../storage/sqlite/sqlite-storage.ts';
import { VAULT_DB_FILE } from '../vault.ts';
import { softHsmToken } from './softhsm.ts';

const CLI = join(REPO_ROOT, 'apps/vault/src/cli/main.ts');
const LISTENING = /listening on (ws:\/\/[^\s]+\/v1\/meter)/;

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
  /**
   * Where the vault's keys live: the software store, or this test process's SoftHSM2 token
   * (softhsm.ts). Default: VBI_TEST_KEYS, else software.
   */
  keys?: KeyBackendKind;
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
  /** http://127.0.0.1:PORT */
  readonly httpUrl: string;
  readonly dataDir: string;
  readonly trustDir: string;
  /** Adds funds to an existing account: a credit entry MACed with the vault's ledger key, as `vault credit` makes. */
  credit(username: string, mills: number): void;
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

/** `vault init`, with the keys in this process's SoftHSM2 token for `pkcs11`. */
async function init(dataDir: string, poolSize: number, keys: KeyBackendKind, env: Record<string, string>, sink: string[]): Promise<void> {
  const token = keys === 'pkcs11' ? softHsmToken().initArgs : [];
  const code = await exited(run(['init', '--data', dataDir, '--pool', String(poolSize), ...token], env, sink));
  if (code !== 0) throw new Error(`vault init failed (${code}):\n${sink.join('')}`);
}

const templates = new Map<string, Promise<string>>();

/** One initialised vault per key backend, pool size and test process, copied for each test vault. */
function template(poolSize: number, keys: KeyBackendKind, env: Record<string, string>): Promise<string> {
  let t = templates.get(`${keys}:${poolSize}`);
  if (t === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'vbi-vault-template-'));
    t = init(dir, poolSize, keys, env, []).then(() => dir);
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    templates.set(`${keys}:${poolSize}`, t);
  }
  return t;
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
  const sink: string[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'vbi-vault-'));
  if (opts.copyOf !== undefined) cpSync(opts.copyOf, dataDir, { recursive: true });
  else if (opts.fresh) await init(dataDir, poolSize, keys, env, sink);
  else cpSync(await template(poolSize, keys, env), dataDir, { recursive: true });

  let port = 0;
  let url = '';
  /** The vault's key backend, opened on the first credit (its ledger key MACs test credits as `vault credit` does). */
  let backend: KeyBackend | undefined;
  let child: ChildProcess | null = null;
  const launch = async (extraEnv: Record<string, string>) => {
    const args = ['start', '--dev', '--data', dataDir, '--host', '127.0.0.1', '--port', String(port),
      '--modules', String(opts.modules ?? 2), '--pool', String(poolSize), ...(opts.startArgs ?? [])];
    child = run(args, { ...env, ...extraEnv }, sink, opts.nodeArgs);
    url = await waitListening(child, sink);
    port = Number(new URL(url).port);
  };
  await launch({});

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
      return `http://127.0.0.1:${port}`;
    },
    dataDir,
    trustDir: join(dataDir, 'trust'),
    credit(username, mills) {
      backend ??= openVaultBackend(dataDir);
      const storage = openSqliteStore(join(dataDir, VAULT_DB_FILE));
      try {
        const account = storage.accountByUsername(username);
        if (account === undefined) throw new Error(`no account named ${username}`);
        const key = accountKey(account.username);
        const entry = makeCreditEntry(backend.ledgerMac, key, storage.creditHead(key), { amount: mills, kind: 'operator', by: 'test', reason: 'test credit' }, new Date());
        if (!storage.appendCredit(entry)) throw new Error(`a concurrent credit to ${username} came first`);
      } finally {
        storage.close();
      }
    },
    output: () => sink.join(''),
    async stop() {
      await halt('SIGTERM');
      backend?.close();
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
