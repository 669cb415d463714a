/** Zones of the package services (Priority Mail, Ground Advantage, Priority Mail Express) from ZIP3
 * centroids: great-circle miles, the USPS mileage bands and an override table
 * (`apps/vault/data/rates/zones.json`). An approximation of the official charts. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { ZipDirectory } from '../reference/zip-ref.ts';

const zone = z.number().int().min(1).max(9);
export const zoneTableSchema = z.strictObject({
  description: z.string(),
  source: z.string(),
  bands: z.array(z.strictObject({ maxMiles: z.number().positive().nullable(), zone })).min(1),
  overrides: z.array(
    z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('same-zip5'), zone, note: z.string() }),
      z.strictObject({ kind: z.literal('state'), states: z.array(z.string().length(2)).min(1), zone, note: z.string() }),
      z.strictObject({
        kind: z.literal('pair'),
        from: z.string().regex(/^[0-9]{3,5}$/),
        to: z.string().regex(/^[0-9]{3,5}$/),
        zone,
        note: z.string(),
      }),
    ]),
  ),
});
export type ZoneTable = z.infer<typeof zoneTableSchema>;

export const DEFAULT_ZONES_FILE = join(import.meta.dirname, '../../../data/rates/zones.json');

export function loadZoneTable(file: string = DEFAULT_ZONES_FILE): ZoneTable {
  return zoneTableSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

const EARTH_RADIUS_MILES = 3958.8;

export function greatCircleMiles(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The zone between two known 5-digit ZIPs; undefined when a ZIP3 has no centroid. */
export function zoneBetween(fromZip: string, toZip: string, table: ZoneTable, zips: ZipDirectory): number | undefined {
  for (const o of table.overrides) {
    if (o.kind === 'same-zip5' && fromZip === toZip) return o.zone;
    if (o.kind === 'state') {
      const states = [zips.zips.get(fromZip)?.state, zips.zips.get(toZip)?.state];
      if (states.some((s) => s !== undefined && o.states.includes(s))) return o.zone;
    }
    if (o.kind === 'pair') {
      const hit = (x: string, y: string) => x.startsWith(o.from) && y.startsWith(o.to);
      if (hit(fromZip, toZip) || hit(toZip, fromZip)) return o.zone;
    }
  }
  const a = zips.zip3Centroids.get(fromZip.slice(0, 3));
  const b = zips.zip3Centroids.get(toZip.slice(0, 3));
  if (a === undefined || b === undefined) return undefined;
  const miles = greatCircleMiles(a, b);
  return table.bands.find((band) => band.maxMiles === null || miles <= band.maxMiles)?.zone;
}
