// Builds the desktop app with esbuild:
//   dist/renderer/  index.html (with its CSP meta), renderer.js, styles.css   (browser)
//   dist/main/main.cjs, dist/preload/preload.cjs                              (node, electron external)
// Usage: node --import tsx apps/desktop/build.mjs [--renderer-only]  (tsx: the CSP is TypeScript, shared with the hosts)
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentSecurityPolicy } from './src/shared/csp.ts';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'dist');
const rendererOnly = process.argv.includes('--renderer-only');

// The renderer's own CSP. The web host adds a header with its exact port; both apply.
const CSP = contentSecurityPolicy("'self' ws://127.0.0.1:*", 'meta');

mkdirSync(join(out, 'renderer'), { recursive: true });
await build({
  entryPoints: [join(here, 'src/renderer/main.tsx')],
  outfile: join(out, 'renderer/renderer.js'),
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'chrome120',
  jsx: 'automatic',
  minify: true,
  sourcemap: true,
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
copyFileSync(join(here, 'src/renderer/styles.css'), join(out, 'renderer/styles.css'));
writeFileSync(join(out, 'renderer/index.html'), readFileSync(join(here, 'src/renderer/index.html'), 'utf8').replace('CSP_PLACEHOLDER', CSP));

if (!rendererOnly) {
  const node = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['electron', 'electron-updater', 'pdfkit', 'bwip-js'], logLevel: 'warning', sourcemap: true };
  await build({ ...node, entryPoints: [join(here, 'src/main/main.ts')], outfile: join(out, 'main/main.cjs') });
  await build({ ...node, entryPoints: [join(here, 'src/preload/preload.ts')], outfile: join(out, 'preload/preload.cjs') });
}
console.log(`built ${out}`);
