/**
 * `tsx bench/profile-summary.ts FILE.cpuprofile … [--top N] [--last S]`: the functions with the
 * most self time in V8 CPU profiles (from `node --cpu-prof`), one table per file, with
 * file:line. `--last S` counts only the final S seconds of each profile (e.g. the measured
 * window of a bench run, which ends just before the vault stops).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const ROOT = resolve(import.meta.dirname, '..');

const sources = new Map<string, string[]>();

/**
 * tsx hands V8 TypeScript compiled onto few lines, so a profile's line numbers in .ts files say
 * little. For those, the line is where the function is defined in the source (first match).
 */
function definitionLine(path: string, name: string, line: number): number {
  if (!path.endsWith('.ts') || name === '' || !existsSync(path)) return line + 1;
  const lines = sources.get(path) ?? readFileSync(path, 'utf8').split('\n');
  sources.set(path, lines);
  const escaped = name.replace(/[$.*+?^(){}|[\]\\]/g, '\\$&');
  const definition = new RegExp(`(function\\*?\\s+${escaped}\\b|\\b${escaped}\\s*(=|\\(|:)|class\\s+${escaped}\\b)`);
  const found = lines.findIndex((text) => definition.test(text));
  return found >= 0 ? found + 1 : line + 1;
}

function where(url: string, name: string, line: number): string {
  if (url === '') return '(native)';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const shown = path.startsWith(ROOT) ? relative(ROOT, path).replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, '') : path;
  return `${shown}:${definitionLine(path, name, line)}`;
}

/** Self time per function (ms) over the last `lastMs` of the profile, largest first, with the window's length. */
export function selfTimes(
  profile: CpuProfile,
  lastMs = Number.POSITIVE_INFINITY,
): { totalMs: number; rows: Array<{ ms: number; name: string; at: string }> } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const ms = new Map<string, { ms: number; name: string; at: string }>();
  const fromUs = profile.endTime - lastMs * 1000;
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    const node = byId.get(id);
    if (!node || t < fromUs) return;
    const { functionName, url, lineNumber } = node.callFrame;
    const at = where(url, functionName, lineNumber);
    const key = `${functionName}@${at}`;
    const row = ms.get(key) ?? { ms: 0, name: functionName || '(anonymous)', at };
    row.ms += (profile.timeDeltas[i] ?? 0) / 1000;
    ms.set(key, row);
  });
  const totalMs = Math.min(lastMs, (profile.endTime - profile.startTime) / 1000);
  return { totalMs, rows: [...ms.values()].sort((a, b) => b.ms - a.ms) };
}

function main(argv: string[]): void {
  const { values, positionals: files } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { top: { type: 'string', default: '15' }, last: { type: 'string' } },
  });
  const top = Number(values.top);
  const lastS = values.last === undefined ? Number.POSITIVE_INFINITY : Number(values.last);
  if (files.length === 0 || !Number.isInteger(top) || top < 1 || !(lastS > 0)) {
    process.stderr.write('usage: tsx bench/profile-summary.ts FILE.cpuprofile … [--top N] [--last SECONDS]\n');
    process.exitCode = 2;
    return;
  }
  for (const file of files) {
    const { totalMs, rows } = selfTimes(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, lastS * 1000);
    const busy = rows.filter((r) => r.name !== '(idle)' && r.name !== '(program)').reduce((s, r) => s + r.ms, 0);
    process.stdout.write(`\n${basename(file)}: ${(totalMs / 1000).toFixed(1)} s profiled, ${(busy / 1000).toFixed(1)} s in JS/native\n`);
    for (const r of rows.slice(0, top)) {
      process.stdout.write(`${r.ms.toFixed(0).padStart(7)} ms  ${((100 * r.ms) / totalMs).toFixed(1).padStart(5)}%  ${r.name}  ${r.at}\n`);
    }
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
