#!/usr/bin/env node
// Runs every `test/**/*.test.ts(x)` of the workspace with node's test runner (files passed
// explicitly: on Node 20 `--test` finds no .ts files by itself), prints
// `unit: N passed, N failed, N skipped`, and fails when a test failed or none ran.
import { join } from 'node:path';
import { ROOT, findFiles, rel, run } from './lib.mjs';

const filter = process.argv.slice(2);
const files = ['packages', 'apps']
  .flatMap((dir) => findFiles(join(ROOT, dir), (p) => /\/test\/.*\.test\.tsx?$/.test(p)))
  .filter((p) => filter.length === 0 || filter.some((f) => rel(p).includes(f)));

if (files.length === 0) {
  console.error('unit: no test files found');
  process.exit(1);
}

const counts = { pass: 0, fail: 0, skipped: 0, todo: 0, cancelled: 0 };
const code = await run(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files.map(rel)],
  {
    env: { NODE_ENV: 'test' },
    onLine: (line) => {
      const m = /^ℹ (pass|fail|skipped|todo|cancelled) (\d+)/.exec(line.trim());
      if (m) counts[m[1]] += Number(m[2]);
    },
  },
);

const failed = counts.fail + counts.cancelled;
console.log(`unit: ${counts.pass} passed, ${failed} failed, ${counts.skipped + counts.todo} skipped`);
if (code !== 0 || failed > 0 || counts.pass === 0) process.exit(1);
