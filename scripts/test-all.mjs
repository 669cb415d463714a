#!/usr/bin/env node
// `npm test`: makes the machine ready (scripts/bootstrap.mjs), then runs every stage —
// type-check, lint (layer rules, ESLint), unit/integration tests, the vault conformance suite again
// on a vault whose keys are in a SoftHSM2 token, end-to-end tests in Chromium, and the short
// reliability harness (its rollback, tamper and auth parts again on SoftHSM2) — and closes with one line `tests: N passed, N failed, N skipped`.
// Exits non-zero when any stage fails or when no test ran.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bootstrap } from './bootstrap.mjs';
import { ROOT, run } from './lib.mjs';

bootstrap({ forTests: true });

const stages = [
  { name: 'typecheck', args: ['typecheck'] },
  { name: 'lint', args: ['lint'] },
  { name: 'unit', args: ['test:unit'] },
  // The conformance suite and the operator's lifecycle steps again, on a vault whose keys are in a SoftHSM2 token.
  { name: 'pkcs11', args: ['test:unit', 'apps/vault/test/conformance/', 'apps/vault/test/lifecycle/meter-lifecycle'], env: { VBI_TEST_KEYS: 'pkcs11' } },
  // The vault's conformance, ops, lifecycle and people suites, and the ledger's checks end to end (verify-log and
  // report on a known workload, single-row changes under a running vault), each test vault on a real PostgreSQL server.
  { name: 'unit-postgres', args: ['test:unit', 'apps/vault/test/conformance/', 'apps/vault/test/ops-', 'apps/vault/test/lifecycle/meter-lifecycle', 'apps/vault/test/people/',
    'apps/vault/test/reconcile/', 'apps/vault/test/value-rows'], env: { VBI_TEST_STORAGE: 'postgres' } },
  { name: 'e2e', args: ['test:e2e'], needs: 'e2e/playwright.config.ts' },
  { name: 'reliability', args: ['test:reliability'], needs: 'apps/vault/reliability/main.ts' },
  // The parts that attack keys and sealed state again, the vault's keys in a SoftHSM2 token (issue 17).
  { name: 'reliability-pkcs11', args: ['test:reliability', '--only=rollback,tamper,auth'], env: { VBI_TEST_KEYS: 'pkcs11' }, needs: 'apps/vault/reliability/main.ts' },
];

const totals = { passed: 0, failed: 0, skipped: 0 };
const results = [];
for (const stage of stages) {
  if (stage.needs && !existsSync(join(ROOT, stage.needs))) continue;
  console.log(`\n=== ${stage.name} ===`);
  const started = Date.now();
  const code = await run('pnpm', ['--silent', ...stage.args], {
    env: { PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', ...stage.env },
    onLine: (line) => {
      const m = /^(unit|e2e|reliability): (\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/.exec(line.trim());
      if (!m) return;
      totals.passed += Number(m[2]);
      totals.failed += Number(m[3]);
      totals.skipped += Number(m[4] ?? 0);
    },
  });
  results.push({ name: stage.name, code, seconds: Math.round((Date.now() - started) / 1000) });
}

console.log('\n=== summary ===');
for (const r of results) console.log(`${r.name.padEnd(12)} ${r.code === 0 ? 'ok' : 'FAILED'} (${r.seconds}s)`);
const failedStages = results.filter((r) => r.code !== 0).length;
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
if (failedStages > 0 || totals.failed > 0 || totals.passed === 0) process.exit(1);
