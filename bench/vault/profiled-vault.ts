/**
 * The vault under `node --cpu-prof`, for `pnpm bench --vault-profile DIR`: the same CLI steps
 * as `@vbi/vault/testing` (`init`, then `start --port 0`, on a temporary data folder), spawned
 * here because Node 20 refuses --cpu-prof in NODE_OPTIONS and the test vault takes no node
 * flags. One profile per thread (module workers included) is written when the vault stops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openSqliteStorage } from '../../apps/vault/src/storage/sqlite/sqlite-storage.ts';
import { VAULT_DB_FILE } from '../../apps/vault/src/vault.ts';
import type { BenchVault } from './bench-vault.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'apps/vault/src/cli/main.ts');
const LISTENING = /listening on (ws:\/\/\S+\/v1\/meter)/;

function runCli(args: string[], nodeFlags: string[], sink: string[]): ChildProcess {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (c: Buffer) => sink.push(c.toString()));
  child.stderr!.on('data', (c: Buffer) => sink.push(c.toString()));
  return child;
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((done) => child.once('exit', done));
}

function listening(child: ChildProcess, sink: string[]): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    const onData = () => {
      const match = LISTENING.exec(sink.join(''));
      if (match) {
        child.stdout!.off('data', onData);
        resolveUrl(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`vault start exited (${code}) before listening:\n${sink.join('').slice(-2000)}`)));
  });
}

export async function startProfiledVault(profileDir: string): Promise<BenchVault & { stop(): Promise<void> }> {
  const root = mkdtempSync(join(tmpdir(), 'vbi-bench-'));
  const dataDir = join(root, 'vault');
  const sink: string[] = [];
  const initCode = await exitOf(runCli(['init', '--data', dataDir], [], sink));
  if (initCode !== 0) throw new Error(`vault init failed (exit ${initCode}):\n${sink.join('').slice(-2000)}`);
  const profile = ['--cpu-prof', '--cpu-prof-dir', resolve(profileDir)];
  const child = runCli(['start', '--data', dataDir, '--port', '0', '--modules', String(availableParallelism())], profile, sink);
  const url = await listening(child, sink);
  return {
    url,
    dataDir,
    trustDir: join(dataDir, 'trust'),
    credit(username, mills) {
      const storage = openSqliteStorage(join(dataDir, VAULT_DB_FILE));
      try {
        if (storage.credit(username, mills) === undefined) throw new Error(`no account named ${username}`);
      } finally {
        storage.close();
      }
    },
    async stop() {
      child.kill('SIGTERM');
      await exitOf(child);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
