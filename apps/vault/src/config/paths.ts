import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (four levels above this file). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** `../shared/data` beside the repository, or `VBI_SHARED_DATA`. */
export function sharedDataDir(): string {
  const dir = process.env.VBI_SHARED_DATA ?? resolve(REPO_ROOT, '../shared/data');
  if (!existsSync(dir)) {
    throw new Error(`shared data folder not found at ${dir} (set VBI_SHARED_DATA)`);
  }
  return dir;
}
