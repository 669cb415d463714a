/** The vault's client-support services (SPEC §3.3 `amsMatch`, `ratesQuote`, `printerCheck`,
 * `printerResult`) over the client-support database `DIR/support.sqlite`. */
import { existsSync } from 'node:fs';
import type { RequestBody, ResponseBody } from '@vbi/protocol';
import { AddressIndex } from './ams/address-index.ts';
import { matchAddress } from './ams/matcher.ts';
import { Standardizer } from './ams/standardize.ts';
import { addressVersion, openSupportDb, supportDbPath } from './db/support-db.ts';
import { type ImportReport, importAddressFile } from './import/importer.ts';
import { PrinterDatabase } from './printers/printer-db.ts';
import { type PrinterResult, printerResultsFor, recordPrinterResult, type StoredPrinterResult } from './printers/results.ts';
import { loadPub28FromDb } from './reference/pub28.ts';
import { assertLicenseZip, loadZipDirectory } from './reference/zip-ref.ts';
import { loadRateDecks } from './rates/deck.ts';
import { currentDeck, type DeckInfo, describeDeck, quoteRate } from './rates/quote.ts';
import { loadZoneTable } from './rates/zones.ts';

export { initSupportData } from './init.ts';
export { listAddresses } from './ams/address-list.ts';
export { damagedAddressSet, type DamagedAddress } from './ams/damage.ts';
export { misspelledWordSet } from './ams/damage-words.ts';
export type { DeckInfo, ImportReport, PrinterResult, StoredPrinterResult };

export interface SupportServices {
  amsMatch(body: RequestBody<'amsMatch'>): ResponseBody<'amsMatch'>;
  /** Throws ProtocolError('BAD_REQUEST', plain reason) for a licensing ZIP the ZIP reference does not know. */
  checkLicenseZip(zip: string): void;
  /** Throws ProtocolError('BAD_REQUEST', reason) for impossible input. */
  ratesQuote(body: RequestBody<'ratesQuote'>): ResponseBody<'ratesQuote'>;
  /** The deck in effect today and which of its tables are placeholders (for the UI's note). */
  deckInfo(): DeckInfo;
  printerCheck(body: RequestBody<'printerCheck'>): ResponseBody<'printerCheck'>;
  /** Throws ProtocolError('BAD_REQUEST', reason) for an off-schema result. */
  recordPrinterResult(meterId: string, result: PrinterResult): void;
  /** All results of a meter, newest first. */
  printerResultsFor(meterId: string): StoredPrinterResult[];
  close(): void;
}

/** How often a running vault looks for addresses imported by another process. */
const ADDRESS_VERSION_CHECK_MS = 1000;

/** Opens the services on an initialised data folder (`vault init` ran). The address index is
 * rebuilt when `import-addresses` (any process) bumps the address version; the check costs one
 * indexed read and runs at most once a second, on the next `amsMatch`. */
export function openSupportServices(opts: { dataDir: string; now?: () => Date }): SupportServices {
  const now = opts.now ?? (() => new Date());
  const db = openSupportDb(opts.dataDir);
  try {
    const std = new Standardizer(loadPub28FromDb(db));
    const zips = loadZipDirectory(db);
    const printers = PrinterDatabase.load();
    const rates = { decks: loadRateDecks(), zones: loadZoneTable(), zips, today: () => now().toISOString().slice(0, 10) };
    let version = addressVersion(db);
    let index = AddressIndex.load(db);
    let lastCheck = now().getTime();

    const refreshIndex = () => {
      const t = now().getTime();
      if (t - lastCheck < ADDRESS_VERSION_CHECK_MS) return;
      lastCheck = t;
      const v = addressVersion(db);
      if (v !== version) {
        version = v;
        index = AddressIndex.load(db);
      }
    };

    return {
      amsMatch(body) {
        refreshIndex();
        return matchAddress(index, std, zips, body);
      },
      checkLicenseZip: (zip) => assertLicenseZip(zips, zip),
      ratesQuote: (body) => quoteRate(rates, body),
      deckInfo: () => describeDeck(currentDeck(rates)),
      printerCheck: (body) => printers.check(body),
      recordPrinterResult: (meterId, result) => recordPrinterResult(db, meterId, result, now()),
      printerResultsFor: (meterId) => printerResultsFor(db, meterId),
      close: () => db.close(),
    };
  } catch (err) {
    db.close();
    throw err;
  }
}

/** `vault import-addresses`: one OpenAddresses CSV into `DIR/support.sqlite`. */
export async function importAddresses(opts: {
  dataDir: string;
  csvPath: string;
  onProgress?: (done: number, total: number) => void;
}): Promise<ImportReport> {
  if (!existsSync(supportDbPath(opts.dataDir))) {
    throw new Error(`${opts.dataDir} has no client-support database (run vault init first)`);
  }
  const db = openSupportDb(opts.dataDir);
  try {
    return await importAddressFile(db, opts.csvPath, opts.onProgress);
  } finally {
    db.close();
  }
}
