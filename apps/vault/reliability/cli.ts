/** Runs an operator command (`pnpm vault …`) in a child process, as the operator would; keeps its output for the secret scan. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../src/config/paths.ts';
import type { Harness } from './context.ts';

export function vaultCommand(h: Harness, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'apps/vault/src/cli/main.ts'), ...args], {
      cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => {
      h.commandOutput.push(out);
      resolve({ code, out });
    });
  });
}
