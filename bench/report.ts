/** The results: the JSON shape of `--json` and the printed table with the goals of issue 9. */
import { loadavg } from 'node:os';
import type { LabelBatchResult } from './label-batch.ts';
import type { Machine } from './machine.ts';
import { round } from './stats.ts';

export interface VaultResult {
  indiciaPerSec: number;
  p50Ms: number;
  p99Ms: number;
  meters: number;
  durable: boolean;
  ecdsaSignPerSecOneCore: number;
  ratio: number;
}

export interface Results {
  machine: Machine;
  vault?: VaultResult;
  labels?: { perSec: number; rawEncodePerSec: number };
  /** Labels per second of each layout added in issue 15, one thread. */
  labelLayouts?: Record<string, number>;
  labelBatch?: LabelBatchResult;
  ams?: { p50Ms: number; p99Ms: number; addresses: number };
}

/** Every number rounded for the report; the shape is unchanged. */
export function roundResults(results: Results): Results {
  const copy = structuredClone(results) as unknown as Record<string, Record<string, unknown> | undefined>;
  for (const section of Object.values(copy)) {
    if (section === undefined) continue;
    for (const [key, value] of Object.entries(section)) {
      if (typeof value === 'number' && key !== 'cpus') section[key] = round(value);
    }
  }
  return copy as unknown as Results;
}

interface Row {
  name: string;
  value: string;
  goal: string;
  met?: boolean;
}

const at = (goal: number) => (v: number) => v >= goal;
const under = (goal: number) => (v: number) => v <= goal;

function row(name: string, value: number, unit: string, goal?: { text: string; ok: (v: number) => boolean }): Row {
  const shown = `${round(value).toLocaleString('en-US')}${unit}`;
  return goal ? { name, value: shown, goal: goal.text, met: goal.ok(value) } : { name, value: shown, goal: '' };
}

function rows(r: Results): Row[] {
  const out: Row[] = [];
  if (r.vault) {
    const v = r.vault;
    out.push(
      row(`vault indicia/s (${v.meters} meters)`, v.indiciaPerSec, '/s', { text: '≥ 10,000/s', ok: at(10_000) }),
      { name: 'vault durable (synchronous=FULL)', value: String(v.durable), goal: 'true', met: v.durable },
      row('vault p50 latency', v.p50Ms, ' ms'),
      row('vault p99 latency', v.p99Ms, ' ms', { text: '≤ 50 ms', ok: under(50) }),
      row('ECDSA P-256 signs/s, one core', v.ecdsaSignPerSecOneCore, '/s'),
      row('ratio indicia / ECDSA one core', v.ratio, '', { text: '≥ 0.3', ok: at(0.3) }),
    );
  }
  if (r.labels) {
    out.push(
      row('labels 4×6 PDF/s, one thread', r.labels.perSec, '/s', { text: '≥ 180/s', ok: at(180) }),
      row('bwip-js raw Data Matrix/s', r.labels.rawEncodePerSec, '/s'),
    );
  }
  if (r.labelLayouts) {
    for (const [layout, perSec] of Object.entries(r.labelLayouts)) out.push(row(`labels ${layout} PDF/s, one thread`, perSec, '/s'));
  }
  if (r.labelBatch) {
    const b = r.labelBatch;
    out.push(
      row(`batch of ${b.pieces} package labels streamed to one PDF`, b.singlePerSec, ' labels/s'),
      row(`  the same on letter-2up sheets`, b.sheetPerSec, ' labels/s'),
      row('  PDF size, single labels / sheets', b.singleMB, ` MB / ${round(b.sheetMB)} MB`),
      row('  live JS heap growth during a batch (most)', b.liveHeapGrowthMB, ' MB'),
    );
  }
  if (r.ams) {
    out.push(
      row('AMS p50 round trip', r.ams.p50Ms, ' ms'),
      row('AMS p99 round trip', r.ams.p99Ms, ' ms', { text: '≤ 2 ms', ok: under(2) }),
      row('AMS addresses in database', r.ams.addresses, ''),
    );
  }
  return out;
}

export function formatTable(r: Results): string {
  const header: Row = { name: 'measure', value: 'value', goal: 'goal' };
  const all = [header, ...rows(r)];
  const w = (k: 'name' | 'value' | 'goal') => Math.max(...all.map((x) => x[k].length));
  const line = (x: Row, verdict: string) =>
    `${x.name.padEnd(w('name'))}  ${x.value.padStart(w('value'))}  ${x.goal.padEnd(w('goal'))}  ${verdict}`.trimEnd();
  const body = all.map((x, i) => line(x, i === 0 ? 'result' : x.met === undefined ? '' : x.met ? 'met' : 'MISSED'));
  // Other work on the machine moves every figure here; the load average says how much there was.
  const load = loadavg().map((l) => l.toFixed(1)).join(' ');
  const machine = `machine: ${r.machine.cpus} × ${r.machine.model}, load average now ${load}`;
  return [machine, body[0], '-'.repeat(Math.max(...body.map((b) => b.length))), ...body.slice(1)].join('\n');
}
