/** Builds the desktop renderer (and shell) once, before any spec opens the web host. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DESKTOP_DIR, ROOT } from './paths.ts';

export default function globalSetup(): void {
  if (!existsSync(join(DESKTOP_DIR, 'build.mjs'))) {
    throw new Error('apps/desktop/build.mjs is missing: the desktop renderer cannot be built, so no UI can be tested');
  }
  if (process.env.VBI_E2E_SKIP_BUILD === '1') return;
  execFileSync('pnpm', ['--filter', '@vbi/desktop', 'build'], { cwd: ROOT, stdio: 'inherit' });
}
