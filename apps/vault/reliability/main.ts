/**
 * `pnpm test:reliability [--full]`: the reliability harness (docs/reliability.md). Each part
 * prints one line "reliability: …" with its figures; the last line is
 * "reliability: N passed, N failed"; the exit code is non-zero on any loss.
 */
import { FULL, Harness, SHORT, type Part } from './context.ts';
import { authPart } from './parts/auth.ts';
import { crashPart } from './parts/crash.ts';
import { failoverPart } from './parts/failover.ts';
import { edgePart } from './parts/edge.ts';
import { hostilePart } from './parts/hostile.ts';
import { recoveryPart } from './parts/recovery.ts';
import { rollbackPart } from './parts/rollback.ts';
import { tamperPart } from './parts/tamper.ts';

const PARTS: Array<[string, Part]> = [
  ['crash', crashPart], ['rollback', rollbackPart], ['tamper', tamperPart], ['hostile', hostilePart], ['edge', edgePart], ['recovery', recoveryPart],
  ['failover', failoverPart], ['auth', authPart], // last: it scans everything the other parts made the vault say
];

async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((a) => a !== '--full' && !a.startsWith('--only='));
  if (argv.includes('--help') || unknown.length > 0) {
    process.stdout.write('Usage: pnpm test:reliability [--full] [--only=crash,rollback,tamper,hostile,edge,recovery,failover,auth]\n');
    return argv.includes('--help') ? 0 : 2;
  }
  const only = argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
  const h = new Harness(argv.includes('--full') ? FULL : SHORT);
  let passed = 0;
  let failed = 0;
  try {
    for (const [name, part] of PARTS) {
      if (only !== undefined && !only.includes(name)) continue;
      const started = Date.now();
      let ok = false;
      let line: string;
      try {
        ({ ok, line } = await part(h));
      } catch (err) {
        line = `${name}: FAILED with an error: ${(err as Error).message.split('\n')[0]}`;
      }
      process.stdout.write(`reliability: ${ok ? 'ok' : 'FAIL'} ${line} (${Math.round((Date.now() - started) / 1000)} s)\n`);
      if (ok) passed++;
      else failed++;
    }
  } finally {
    await h.close();
  }
  process.stdout.write(`reliability: ${passed} passed, ${failed} failed\n`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (err: unknown) => {
  process.stderr.write(`reliability: harness error: ${(err as Error).message}\n`);
  process.exit(1);
});
