/**
 * One vault process per data folder: its module memory files and key store copy are that
 * process's alone. `vault start` takes `DIR/vault.lock` (holding its pid) and refuses a folder
 * whose lock names a process that is still alive; a lock left by a killed process is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'vault.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the data folder's lock; returns its release. Throws a plain message when another vault holds it. */
export function lockDataFolder(dataDir: string): () => void {
  const file = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let holder = Number.NaN;
    try {
      holder = Number(readFileSync(file, 'utf8').trim());
    } catch {
      // removed meanwhile: try again
    }
    if (Number.isInteger(holder) && holder !== process.pid && alive(holder)) {
      throw new Error(`${dataDir} is in use by vault process ${holder}: stop it first (each vault process needs a data folder of its own)`);
    }
    rmSync(file, { force: true });
  }
  throw new Error(`could not lock ${dataDir} (another vault is starting on it?)`);
}
