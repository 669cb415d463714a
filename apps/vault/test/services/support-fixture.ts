/** Temporary data folders for the client-support service tests, built from the real shared data. */
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

/** Share of damaged addresses whose first candidate is the right address. */
export function firstCandidateRate(services: SupportServices, set: DamagedAddress[]): number {
  let right = 0;
  for (const d of set) {
    const first = services.amsMatch(d.input).candidates[0];
    if (first !== undefined && JSON.stringify(first.address) === JSON.stringify(d.expected)) right++;
  }
  return right / set.length;
}

