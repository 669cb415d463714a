/** Temporary data folders for the client-support service tests, built from the real shared data. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedDataDir } from '../../src/config/paths.ts';
import { type DamagedAddress, initSupportData, type SupportServices } from '../../src/services/index.ts';

export const SHARED = sharedDataDir();
export const ADDRESS_CSV = join(SHARED, 'addresses/bay_area_address_points.csv');

/** The shipped address CSV as header + lines (no quoted line breaks in it). */
export function shippedAddressLines(): { header: string; lines: string[] } {
  const [header, ...lines] = readFileSync(ADDRESS_CSV, 'utf8').trimEnd().split(/\r?\n/);
  return { header: header!, lines };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `vbi-${prefix}-`));
}

/** A shared-data folder whose address file holds only the rows `keep` accepts (the Pub 28 and
 * ZIP folders are links to the real ones). */
export function sharedDirWith(root: string, keep: (line: string) => boolean): string {
  const dir = join(root, 'shared');
  mkdirSync(join(dir, 'addresses'), { recursive: true });
  symlinkSync(join(SHARED, 'usps'), join(dir, 'usps'));
  symlinkSync(join(SHARED, 'zip'), join(dir, 'zip'));
  const { header, lines } = shippedAddressLines();
  writeFileSync(join(dir, 'addresses/bay_area_address_points.csv'), [header, ...lines.filter(keep)].join('\n') + '\n');
  return dir;
}

/** An initialised data folder; `keep` narrows the shipped addresses (all by default). */
export async function initDataDir(root: string, keep?: (line: string) => boolean): Promise<string> {
  const dataDir = join(root, 'data');
  const shared = keep ? sharedDirWith(root, keep) : SHARED;
  await initSupportData({ dataDir, sharedDataDir: shared });
  return dataDir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Field `name` of a shipped CSV line (the shipped file has no quoted commas in these columns). */
export function columnOf(line: string, header: string, name: string): string {
  return line.split(',')[header.split(',').indexOf(name)] ?? '';
}

const OA_COLUMNS = ['LON', 'LAT', 'NUMBER', 'STREET', 'UNIT', 'CITY', 'DISTRICT', 'REGION', 'POSTCODE', 'ID', 'HASH'];

/** Shipped rows of one city as a plain OpenAddresses CSV, the way a vendor gets a region: only
 * the OA columns, a number's letter or fraction inside NUMBER (`769 A`, `2510 1/2`). */
export function openAddressesCsv(city: string): string {
  const { header, lines } = shippedAddressLines();
  const rows = lines
    .filter((l) => columnOf(l, header, 'CITY') === city)
    .map((l) => {
      const suffix = columnOf(l, header, 'NUMBER_SUFFIX');
      return OA_COLUMNS.map((c) => {
        const value = columnOf(l, header, c);
        return c === 'NUMBER' && suffix !== '' ? `${value} ${suffix}` : value;
      }).join(',');
    });
  return [OA_COLUMNS.join(','), ...rows].join('\n') + '\n';
}

export interface QualityReport {
  /** Share of damaged addresses whose first candidate is the right address. */
  rate: number;
  /** The same share for each kind of damage: [kind, rate, how many addresses had it]. */
  byKind: Array<[string, number, number]>;
}

export function matchQuality(services: SupportServices, set: DamagedAddress[]): QualityReport {
  let right = 0;
  const kinds = new Map<string, { right: number; all: number }>();
  for (const d of set) {
    const first = services.amsMatch(d.input).candidates[0];
    const ok = first !== undefined && JSON.stringify(first.address) === JSON.stringify(d.expected);
    if (ok) right++;
    for (const kind of d.damage) {
      const k = kinds.get(kind) ?? { right: 0, all: 0 };
      k.all++;
      if (ok) k.right++;
      kinds.set(kind, k);
    }
  }
  const byKind = [...kinds].map(([kind, k]): [string, number, number] => [kind, k.right / k.all, k.all]);
  return { rate: right / set.length, byKind: byKind.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])) };
}

/** Logs the rates and asserts the quality goal: ≥ 95 % overall and for every kind of damage
 * that at least `minSamples` addresses had. */
export function assertQuality(label: string, q: QualityReport, total: number, minSamples = 30): void {
  const percent = (r: number) => `${(r * 100).toFixed(1)}%`;
  console.log(`ams quality (${label}): ${percent(q.rate)} first-candidate on ${total} damaged addresses`);
  console.log(`  by kind: ${q.byKind.map(([k, r, n]) => `${k} ${percent(r)} of ${n}`).join('; ')}`);
  assert.ok(q.rate >= 0.95, `first-candidate rate ${q.rate}`);
  const weak = q.byKind.filter(([, r, n]) => n >= minSamples && r < 0.95);
  assert.deepEqual(weak, [], 'every kind of damage ≥ 95 %');
}

