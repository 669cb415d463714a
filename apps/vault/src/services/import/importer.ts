/** Imports an OpenAddresses CSV into the client-support database: rows are standardized and
 * inserted in batches; malformed rows are counted with the first few reasons; rows already
 * present (same HASH, else ID) are skipped. A bad header imports nothing. When rows were added,
 * the address version is bumped so a running vault rebuilds its match index. */
import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { Standardizer } from '../ams/standardize.ts';
import { readCsvFile } from '../csv.ts';
import { bumpAddressVersion, type SupportDb } from '../db/support-db.ts';
import { loadPub28FromDb } from '../reference/pub28.ts';
import { loadZipDirectory } from '../reference/zip-ref.ts';
import { type AddressInsert, type ColumnMap, convertRow, readHeader } from './oa-row.ts';

export interface ImportReport {
  imported: number;
  rejected: number;
  /** Rows skipped because the same HASH (or ID) is already in the database. */
  duplicates: number;
  /** The first few reasons for rejected rows, `line N: reason`. */
  firstReasons: string[];
}

const BATCH = 5000;
const MAX_REASONS = 5;

/** `onProgress(done, total)` counts bytes of the file. */
export async function importAddressFile(
  db: SupportDb,
  csvPath: string,
  onProgress?: (done: number, total: number) => void,
  now: () => Date = () => new Date(),
): Promise<ImportReport> {
  if (!existsSync(csvPath)) throw new Error(`address file not found: ${csvPath}`);
  const total = statSync(csvPath).size;
  const std = new Standardizer(loadPub28FromDb(db));
  const zipDir = loadZipDirectory(db);
  const source = basename(csvPath);
  const insert = db.prepare(
    `INSERT OR IGNORE INTO addresses (dedupe_key, number, predir, name, suffix, postdir, unit_designator, unit,
       city, state, zip, lon, lat, source, imported_at)
     VALUES (@dedupeKey, @number, @predir, @name, @suffix, @postdir, @unitDesignator, @unit,
       @city, @state, @zip, @lon, @lat, @source, @importedAt)`,
  );
  const report: ImportReport = { imported: 0, rejected: 0, duplicates: 0, firstReasons: [] };
  const commit = db.transaction((rows: AddressInsert[], importedAt: string) => {
    for (const row of rows) {
      if (insert.run({ ...row, source, importedAt }).changes === 1) report.imported++;
      else report.duplicates++;
    }
  });

  let header: { cols: ColumnMap; count: number } | null = null;
  let batch: AddressInsert[] = [];
  for await (const record of readCsvFile(csvPath)) {
    if (header === null) {
      header = { cols: readHeader(record.fields), count: record.fields.length };
      continue;
    }
    const result = record.unterminated
      ? ({ ok: false, reason: 'unterminated quoted field' } as const)
      : convertRow(record.fields, header.count, header.cols, std, zipDir);
    if (result.ok) batch.push(result.row);
    else {
      report.rejected++;
      if (report.firstReasons.length < MAX_REASONS) report.firstReasons.push(`line ${record.line}: ${result.reason}`);
    }
    if (batch.length >= BATCH) {
      commit(batch, now().toISOString());
      batch = [];
      onProgress?.(Math.min(record.offset, total), total);
    }
  }
  if (header === null) throw new Error(`${csvPath} is empty: expected an OpenAddresses header line`);
  commit(batch, now().toISOString());
  if (report.imported > 0) bumpAddressVersion(db);
  onProgress?.(total, total);
  return report;
}
