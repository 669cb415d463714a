/** The results: the JSON shape of `--json` and the printed table with the goals of issue 9. */
import { loadavg } from 'node:os';
import type { KeyKind, KeyOps } from './keys.ts';
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
  /** `--keys pkcs11`: the same vault part on a vault whose keys are in a SoftHSM2 token. */
  vaultPkcs11?: VaultResult;
  /** `--keys pkcs11`: each key operation per second on one thread, on both backends. */
  keys?: Record<KeyKind, KeyOps>;
  labels?: { perSec: number; rawEncodePerSec: number };
  /** Labels per second of each layout added in issue 15, one thread. */
  labelLayouts?: Record<string, number>;
  labelBatch?: LabelBatchResult;
  ams?: { p50Ms: number; p99Ms: number; addresses: number };
}

/** Every number rounded for the report; the shape is unchanged. */
export function roundResults(results: Results): Results {
  const copy = structuredClone(results) as unknown as Record<string, Record<string, unknown> | undefined>;
  const roundAll = (section: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(section)) {
      if (typeof value === 'number' && key !== 'cpus') section[key] = round(value);
      else if (value !== null && typeof value === 'object') roundAll(value as Record<string, unknown>);
    }
  };
  for (const section of Object.values(copy)) if (section !== undefined) roundAll(section);
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

function vaultRows(v: VaultResult, label: string): Row[] {
  return [
    row(`${label} indicia/s (${v.meters} meters)`, v.indiciaPerSec, '/s', { text: '≥ 10,000/s', ok: at(10_000) }),
    { name: `${label} durable (synchronous=FULL)`, value: String(v.durable), goal: 'true', met: v.durable },
    row(`${label} p50 latency`, v.p50Ms, ' ms'),
    row(`${label} p99 latency`, v.p99Ms, ' ms', { text: '≤ 50 ms', ok: under(50) }),
    row('ECDSA P-256 signs/s, one core', v.ecdsaSignPerSecOneCore, '/s'),
    row(`ratio ${label} indicia / ECDSA one core`, v.ratio, '', { text: '≥ 0.3', ok: at(0.3) }),
  ];
}

const KEY_OPS: Array<[keyof KeyOps, string]> = [
  ['meterSignPerSec', 'sign (meter key, ECDSA P-256)'],
  ['bankSignPerSec', 'sign (bank-auth)'],
  ['unwrapPerSec', 'unwrap a meter key'],
  ['sealPerSec', 'seal a PSD package'],
  ['openPerSec', 'open a PSD package'],
  ['hmacPerSec', 'HMAC-SHA256 (log MAC)'],
];

/** One row per operation: µs per operation on each backend and PKCS#11's rate as a share of the software store's. */
function keyRows(k: Record<KeyKind, KeyOps>): Row[] {
  const us = (perSec: number) => `${round(1e6 / perSec).toLocaleString('en-US')} µs`;
  return KEY_OPS.map(([op, name]) => ({
    name: `keys: ${name}`,
    value: `${us(k.software[op])} / ${us(k.pkcs11[op])}`,
    goal: `pkcs11 = ${round(k.pkcs11[op] / k.software[op])} × software`,
  }));
}

function rows(r: Results): Row[] {
  const out: Row[] = [];
  if (r.vault) out.push(...vaultRows(r.vault, r.vaultPkcs11 ? 'vault (software keys)' : 'vault'));
  if (r.vaultPkcs11) out.push(...vaultRows(r.vaultPkcs11, 'vault (pkcs11 keys)').filter((x) => !x.name.startsWith('ECDSA')));
  if (r.keys) {
    out.push({ name: 'keys: per operation, one thread', value: 'software / pkcs11', goal: '' }, ...keyRows(r.keys));
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
