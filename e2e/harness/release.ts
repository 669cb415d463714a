/** Publishing to the vault's update feed with the operator command, and tampering with it. */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './paths.ts';

const run = promisify(execFile);

/** `pnpm vault release publish` on the vault's data folder; fails with its output when it fails. */
export async function publishRelease(o: { dataDir: string; channel: string; version: string; file: string; notes: string }): Promise<void> {
  const args = ['vault', 'release', 'publish', '--data', o.dataDir, '--channel', o.channel, '--version', o.version, '--file', o.file, '--notes', o.notes];
  try {
    await run('pnpm', ['--silent', ...args], { cwd: ROOT });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`pnpm ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

export function feedFile(dataDir: string, channel: string, name: string): string {
  return join(dataDir, 'updates', channel, name);
}

/** Edits a published yml in place (its detached signature is left as it was). */
export function tamperFeed(path: string, edit: (yml: string) => string): void {
  const before = readFileSync(path, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error(`tamperFeed: the edit changed nothing in ${path}`);
  writeFileSync(path, after);
}
