/**
 * `@vbi/vault/testing`: a real vault for other packages' tests. Runs the real CLI in child
 * processes (`init`, then `start --port 0`) on a temporary data folder and cleans up.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../config/paths.ts';
import { openSqliteStore } from '../storage/sqlite/sqlite-storage.ts';
import { VAULT_DB_FILE } from '../vault.ts';

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
  /** Serve wss:// and https:// with a development certificate (`vault dev-cert`), pinned in trust/tls-dev.pem. */
  tls?: boolean;
}

export interface TestVault {
  /** ws://127.0.0.1:PORT/v1/meter (the port is kept across restarts). */
  readonly url: string;
  /** http://127.0.0.1:PORT (https:// with `tls`) */
  readonly httpUrl: string;
  readonly dataDir: string;
  readonly trustDir: string;
  /** Adds funds to an existing account (as `vault credit` does). */
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

async function init(dataDir: string, poolSize: number, env: Record<string, string>, sink: string[]): Promise<void> {
  const code = await exited(run(['init', '--data', dataDir, '--pool', String(poolSize)], env, sink));
  if (code !== 0) throw new Error(`vault init failed (${code}):\n${sink.join('')}`);
}

const templates = new Map<number, Promise<string>>();

/** One initialised vault per pool size and test process, copied for each test vault. */
function template(poolSize: number, env: Record<string, string>): Promise<string> {
  let t = templates.get(poolSize);
  if (t === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'vbi-vault-template-'));
    t = init(dir, poolSize, env, []).then(() => dir);
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    templates.set(poolSize, t);
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
  const env = opts.env ?? {};
  const sink: string[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'vbi-vault-'));
  if (opts.copyOf !== undefined) cpSync(opts.copyOf, dataDir, { recursive: true });
  else if (opts.fresh) await init(dataDir, poolSize, env, sink);
  else cpSync(await template(poolSize, env), dataDir, { recursive: true });

  let tlsArgs: string[] = [];
  if (opts.tls === true) {
    const code = await exited(run(['dev-cert', '--data', dataDir], env, sink));
    if (code !== 0) throw new Error(`vault dev-cert failed (${code}):\n${sink.join('')}`);
    tlsArgs = ['--tls-cert', join(dataDir, 'tls/dev-cert.pem'), '--tls-key', join(dataDir, 'tls/dev-key.pem')];
  }
  let port = 0;
  let url = '';
  let child: ChildProcess | null = null;
  const launch = async (extraEnv: Record<string, string>) => {
    const args = ['start', '--data', dataDir, '--host', '127.0.0.1', '--port', String(port),
      '--modules', String(opts.modules ?? 2), '--pool', String(poolSize), ...TEST_LIMITS, ...tlsArgs, ...(opts.startArgs ?? [])];
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
      return `${opts.tls === true ? 'https' : 'http'}://127.0.0.1:${port}`;
    },
    dataDir,
    trustDir: join(dataDir, 'trust'),
    credit(username, mills) {
      const storage = openSqliteStore(join(dataDir, VAULT_DB_FILE));
      try {
        if (storage.credit(username, mills) === undefined) throw new Error(`no account named ${username}`);
      } finally {
        storage.close();
      }
    },
    output: () => sink.join(''),
    async stop() {
      await halt('SIGTERM');
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
