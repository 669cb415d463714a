import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const E2E_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = resolve(E2E_DIR, '..');
export const DESKTOP_DIR = join(ROOT, 'apps/desktop');
/** Screenshots, printed PDFs and Playwright's own output; gitignored. */
export const ARTIFACTS_DIR = join(E2E_DIR, 'artifacts');
