/** ZIP reference: every 5-digit ZIP with its primary city and state, and the ZIP3 centroids that
 * zones are measured between. Loaded from the shared CSVs at init, read from the database after. */
import { join } from 'node:path';
import { ProtocolError } from '@vbi/protocol';
import { readCsvObjects } from '../csv.ts';
import type { SupportDb } from '../db/support-db.ts';

export interface ZipInfo {
  city: string;
  state: string;
}

export interface ZipDirectory {
  zips: Map<string, ZipInfo>;
  zip3Centroids: Map<string, { lat: number; lon: number }>;
}

/** Replaces the stored ZIP reference with the shared CSVs (one transaction). Returns the count. */
export function loadZipReference(db: SupportDb, zipDir: string): number {
  const zips = readCsvObjects(join(zipDir, 'zipcodes_us.csv'));
  const centroids = readCsvObjects(join(zipDir, 'zip3_centroids_derived.csv'));
  if (zips.length < 1000 || centroids.length < 100) throw new Error(`ZIP reference in ${zipDir} looks incomplete`);
  db.transaction(() => {
    db.exec('DELETE FROM zip_codes; DELETE FROM zip3_centroids;');
    // The source repeats a few ZIPs (e.g. 00501): the first row wins.
    const zip = db.prepare('INSERT OR IGNORE INTO zip_codes (zip, city, state, lat, lon) VALUES (?, ?, ?, ?, ?)');
    for (const r of zips) {
      if (!/^[0-9]{5}$/.test(r.ZIP ?? '')) continue;
      zip.run(r.ZIP, (r.CITY ?? '').toUpperCase(), (r.STATE ?? '').toUpperCase(), Number(r.LAT), Number(r.LON));
    }
    const c = db.prepare('INSERT OR IGNORE INTO zip3_centroids (zip3, lat, lon) VALUES (?, ?, ?)');
    for (const r of centroids) {
      if (!/^[0-9]{3}$/.test(r.ZIP3 ?? '')) continue;
      c.run(r.ZIP3, Number(r.LAT), Number(r.LON));
    }
  })();
  return zips.length;
}

/** Refuses a licensing ZIP that the ZIP reference does not know: every later quote would fail. */
export function assertLicenseZip(zips: ZipDirectory, zip: string): void {
  if (!zips.zips.has(zip)) {
    throw new ProtocolError('BAD_REQUEST', `ZIP ${zip} is not a US ZIP code. Enter the 5-digit ZIP of the post office where you mail.`);
  }
}

export function loadZipDirectory(db: SupportDb): ZipDirectory {
  const zips = new Map<string, ZipInfo>();
  for (const r of db.prepare('SELECT zip, city, state FROM zip_codes').all() as Array<{ zip: string } & ZipInfo>) {
    zips.set(r.zip, { city: r.city, state: r.state });
  }
  const zip3Centroids = new Map<string, { lat: number; lon: number }>();
  for (const r of db.prepare('SELECT zip3, lat, lon FROM zip3_centroids').all() as Array<{ zip3: string; lat: number; lon: number }>) {
    zip3Centroids.set(r.zip3, { lat: r.lat, lon: r.lon });
  }
  if (zips.size === 0) throw new Error('the client-support database has no ZIP reference: run `vault init` first');
  return { zips, zip3Centroids };
}
