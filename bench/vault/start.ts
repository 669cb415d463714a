/**
 * A fresh vault for the bench: the real CLI (`vault init`, then `vault start --port 0`) in a
 * child process on a temporary data folder. With `profileDir`, the vault runs under
 * `node --cpu-prof` (one profile per thread, module workers included, written on stop).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openSqliteStorage } from '../../apps/vault/src/storage/sqlite/sqlite-storage.ts';
import { VAULT_DB_FILE } from '../../apps/vault/src/vault.ts';
import type { BenchVault } from './bench-vault.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'apps/vault/src/cli/main.ts');
const LISTENING = /listening on (ws:\/\/\S+\/v1\/meter)/;

export interface StartedVault extends BenchVault {
  stop(): Promise<void>;
}

function runCli(args: string[], nodeFlags: string[] = []): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', ...nodeFlags, CLI, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((done) => child.once('exit', done));
}

async function init(dataDir: string): Promise<void> {
  const child = runCli(['init', '--data', dataDir]);
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const code = await exitOf(child);
  if (code !== 0) throw new Error(`vault init failed (exit ${code}):\n${output.slice(-2000)}`);
}

function listening(child: ChildProcess): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (match) {
        child.stdout!.off('data', onData);
        child.stderr!.off('data', onData);
        resolveUrl(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`vault start exited (${code}) before listening:\n${output.slice(-2000)}`)));
  });
}

export async function startBenchVault(options: { profileDir?: string | undefined }): Promise<StartedVault> {
  const root = mkdtempSync(join(tmpdir(), 'vbi-bench-'));
  const dataDir = join(root, 'vault');
  await init(dataDir);
  const profile = options.profileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', resolve(options.profileDir)];
  const child = runCli(['start', '--data', dataDir, '--port', '0'], profile);
  const url = await listening(child);
  // Keep draining the vault's output so it never blocks on a full pipe.
  child.stdout!.resume();
  child.stderr!.resume();
  // Credit as `vault credit` does (the same storage call), without a process per account.
  const storage = openSqliteStorage(join(dataDir, VAULT_DB_FILE));
  return {
    url,
    dataDir,
    trustDir: join(dataDir, 'trust'),
    async credit(username, mills) {
      if (storage.credit(username, mills) === undefined) throw new Error(`credit: no account named ${username}`);
    },
    async stop() {
      storage.close();
      child.kill('SIGTERM');
      await exitOf(child);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
