/** The results: the JSON shape of `--json` and the printed table with the goals of issue 9. */
import { loadavg } from 'node:os';
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

/** The vault measure on PostgreSQL with `vaults` processes, against SQLite's in the same run. */
export interface PostgresResult {
  vaults: number;
  indiciaPerSec: number;
  p50Ms: number;
  p99Ms: number;
  durable: boolean;
  ratioToSqlite: number;
}

export interface Results {
  machine: Machine;
  vault?: VaultResult;
  postgres?: PostgresResult[];
  labels?: { perSec: number; rawEncodePerSec: number };
  ams?: { p50Ms: number; p99Ms: number; addresses: number };
}

/** Every number rounded for the report; the shape is unchanged. */
export function roundResults(results: Results): Results {
  const copy = structuredClone(results) as unknown as Record<string, Record<string, unknown> | undefined>;
  const sections = Object.values(copy).flatMap((s) => (Array.isArray(s) ? (s as Array<Record<string, unknown>>) : [s]));
  for (const section of sections) {
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
  for (const p of r.postgres ?? []) {
    const who = `PostgreSQL, ${p.vaults} vault${p.vaults === 1 ? '' : 's'}`;
    out.push(
      row(`vault indicia/s (${who})`, p.indiciaPerSec, '/s'),
      { name: `vault durable (${who}: sync standby)`, value: String(p.durable), goal: 'true', met: p.durable },
      row(`vault p50 / p99 (${who})`, p.p50Ms, ` / ${round(p.p99Ms)} ms`),
      row(`ratio to SQLite (${who})`, p.ratioToSqlite, '', { text: '≥ 0.7', ok: at(0.7) }),
    );
  }
  if (r.labels) {
    out.push(
      row('labels 4×6 PDF/s, one thread', r.labels.perSec, '/s', { text: '≥ 180/s', ok: at(180) }),
      row('bwip-js raw Data Matrix/s', r.labels.rawEncodePerSec, '/s'),
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
