/** Runs a command with optional stdin, resolving with stdout; never through a shell. */
import { spawn } from 'node:child_process';

export function run(cmd: string, args: string[], stdin?: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child =
      stdin === undefined
        ? spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] })
        : spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(`${cmd} exited with ${code}: ${Buffer.concat(err).toString('utf8').trim().slice(0, 300)}`));
    });
    if (child.stdin !== null) {
      // A command that exits before reading all its input makes the write fail with EPIPE; its exit
      // code reports the failure, and an unhandled stream error would take the whole process down.
      child.stdin.on('error', () => {});
      child.stdin.end(stdin);
    }
  });
}
