/** `vault init`'s part for the client-support database: Publication 28 tables, ZIP reference and
 * the shipped address points, all from the shared data folder. Safe to run again: reference
 * tables are replaced and addresses already present are skipped. */
import { join } from 'node:path';
import { openSupportDb } from './db/support-db.ts';
import { importAddressFile } from './import/importer.ts';
import { loadPub28FromCsv, savePub28 } from './reference/pub28.ts';
import { loadZipReference } from './reference/zip-ref.ts';

export const SHIPPED_ADDRESS_FILE = 'addresses/bay_area_address_points.csv';

/** Progress is reported in percent (total 100) with the label of the current step. */
export async function initSupportData(opts: {
  dataDir: string;
  sharedDataDir: string;
  onProgress?: (done: number, total: number, label: string) => void;
}): Promise<void> {
  const progress = opts.onProgress ?? (() => {});
  const db = openSupportDb(opts.dataDir);
  try {
    progress(0, 100, 'Publication 28 tables');
    savePub28(db, loadPub28FromCsv(join(opts.sharedDataDir, 'usps')));
    progress(5, 100, 'ZIP reference');
    loadZipReference(db, join(opts.sharedDataDir, 'zip'));
    progress(15, 100, 'address points');
    const report = await importAddressFile(db, join(opts.sharedDataDir, SHIPPED_ADDRESS_FILE), (done, total) =>
      progress(15 + Math.floor((85 * done) / Math.max(1, total)), 100, 'address points'),
    );
    if (report.imported + report.duplicates === 0) {
      throw new Error(`no address could be loaded from ${SHIPPED_ADDRESS_FILE}: ${report.firstReasons.join('; ')}`);
    }
    progress(100, 100, 'done');
  } finally {
    db.close();
  }
}
