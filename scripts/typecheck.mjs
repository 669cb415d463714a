#!/usr/bin/env node
// Type-checks every project of the workspace with the TypeScript compiler.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, run } from './lib.mjs';

const projects = [
  'packages/protocol/tsconfig.json',
  'packages/indicia/tsconfig.json',
  'apps/vault/tsconfig.json',
  'apps/desktop/tsconfig.json',
  'apps/desktop/tsconfig.renderer.json',
  'e2e/tsconfig.json',
  'bench/tsconfig.json',
].filter((p) => existsSync(join(ROOT, p)));

let failed = 0;
for (const project of projects) {
  const code = await run(join(ROOT, 'node_modules/.bin/tsc'), ['-p', project]);
  console.log(`typecheck ${project}: ${code === 0 ? 'ok' : 'FAILED'}`);
  if (code !== 0) failed++;
}
process.exit(failed ? 1 : 0);
