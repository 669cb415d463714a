// Package services (Priority Mail, Ground Advantage, Priority Mail Express): weight steps, zones,
// dimensional weight and size limits. Every price is read from the deck's own table (today's
// package tables are placeholders, so no price is written here as if it were USPS's).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ProtocolError, type RequestBody } from '@vbi/protocol';
import { openSupportServices, type SupportServices } from '../../src/services/index.ts';
import { DEFAULT_RATES_DIR, deckInEffect, loadRateDecks, type ZonedTable } from '../../src/services/rates/deck.ts';
import { initDataDir, removeDir, tempDir } from './support-fixture.ts';

type Quote = RequestBody<'ratesQuote'>;
const SF = '94102';
const NYC = '10001'; // zone 8 from SF
const LA = '90012'; // zone 4 from SF
const deck = deckInEffect(loadRateDecks(), '2026-11-24')!;
const table = (mailClass: 'priority-mail' | 'ground-advantage' | 'priority-mail-express'): ZonedTable => deck.classes[mailClass]!;
/** The deck's price at a row and zone (zones 1 and 2 share the first column). */
const priceAt = (t: ZonedTable, row: number, zone: number) => t.pricesMills[row]![zone <= 2 ? 0 : zone - 2]!;

function refused(services: SupportServices, quote: Quote, reason: RegExp): void {
  assert.throws(
    () => services.ratesQuote(quote),
    (err: unknown) => err instanceof ProtocolError && err.code === 'BAD_REQUEST' && reason.test(err.message),
    JSON.stringify(quote),
  );
}

describe('rates: package services', () => {
  let root: string;
  let services: SupportServices;
  let dataDir: string;

  before(async () => {
    root = tempDir('rates-packages');
    dataDir = await initDataDir(root, (line) => line.includes(',94720,'));
    services = openSupportServices({ dataDir, now: () => new Date('2026-11-24T12:00:00Z') });
  });
  after(() => {
    services.close();
    removeDir(root);
  });

  it('Ground Advantage: GADV, the zone, the 4/8/12/15.999 oz steps, then whole pounds rounded up', () => {
    const t = table('ground-advantage');
    assert.deepEqual(t.ounceRowsOz, [4, 8, 12, 15.999]);
    const rows: Array<[number, number]> = [[0.5, 0], [4, 0], [4.01, 1], [8, 1], [12, 2], [15.999, 3], [16, 4], [16.01, 5], [32, 5], [70 * 16, 73]];
    for (const [weightOz, row] of rows) {
      const q = services.ratesQuote({ mailClass: 'ground-advantage', weightOz, fromZip: SF, toZip: NYC });
      assert.deepEqual(q, { priceMills: priceAt(t, row, 8), rateCategory: 'GADV', zone: 8, deckVersion: deck.version }, `${weightOz} oz`);
    }
    assert.equal(services.ratesQuote({ mailClass: 'ground-advantage', weightOz: 20, fromZip: SF, toZip: LA }).priceMills, priceAt(t, 5, 4));
  });

  it('Priority Mail Express: PMEX, a half-pound step, then whole pounds; zone 9 to the Freely Associated States', () => {
    const t = table('priority-mail-express');
    assert.deepEqual(t.ounceRowsOz, [8]);
    for (const [weightOz, row] of [[8, 0], [8.5, 1], [16, 1], [17, 2]] as const) {
      const q = services.ratesQuote({ mailClass: 'priority-mail-express', weightOz, fromZip: SF, toZip: LA });
      assert.deepEqual(q, { priceMills: priceAt(t, row, 4), rateCategory: 'PMEX', zone: 4, deckVersion: deck.version }, `${weightOz} oz`);
    }
    assert.equal(services.ratesQuote({ mailClass: 'priority-mail-express', weightOz: 8, fromZip: SF, toZip: '96941' }).zone, 9);
  });

  it('every package table is a placeholder, carries its sources, and rises with weight and zone', () => {
    for (const mailClass of ['priority-mail', 'ground-advantage', 'priority-mail-express'] as const) {
      const t = table(mailClass);
      assert.equal(t.placeholder, true, mailClass);
      assert.equal(t.source, 'placeholder - replace with Notice 123 (2026-01-18)');
      assert.ok(t.size?.source && t.dimensionalWeight?.source, `${mailClass} names where its size and dimensional rules come from`);
    }
    assert.equal(table('ground-advantage').dimensionalWeight?.confidence, 'C', 'the Ground Advantage rule is an assumption');
  });

  it('over 1 cubic foot (sides rounded off to the inch) the dimensional weight prices the parcel when greater', () => {
    const t = table('priority-mail');
    const quote = (weightOz: number, dimensionsIn: Quote['dimensionsIn']) =>
      services.ratesQuote({ mailClass: 'priority-mail', weightOz, fromZip: SF, toZip: NYC, dimensionsIn });
    // 12 × 12 × 12.4 rounds to 1,728 cubic inches: not over 1 cubic foot, so the scale weight (2 lb) prices it.
    assert.deepEqual(quote(32, { length: 12, width: 12, height: 12.4 }), quote(32, undefined));
    // 12 × 12 × 12.5 rounds to 12 × 12 × 13 = 1,872 in³ → 1,872 / 166 = 11.3 → 12 lb.
    assert.deepEqual(quote(32, { length: 12.5, width: 12, height: 12 }), {
      priceMills: priceAt(t, 11, 8), rateCategory: 'PRIO', zone: 8, deckVersion: deck.version, dimensionalWeightLb: 12,
    });
    assert.equal('dimensionalWeightLb' in quote(15 * 16, { length: 12.5, width: 12, height: 12 }), false, 'a heavier parcel pays its scale weight');
    // 36 × 18 × 18 (108 in of length plus girth) is 70.3 → 71 lb: over the last row, it pays the 70 lb price.
    const big = quote(16, { length: 18, width: 36, height: 18 });
    assert.equal(big.priceMills, priceAt(t, 69, 8));
    assert.equal(big.dimensionalWeightLb, 71);
    const ga = table('ground-advantage');
    const light = services.ratesQuote({ mailClass: 'ground-advantage', weightOz: 6, fromZip: SF, toZip: NYC, dimensionsIn: { length: 20, width: 12, height: 10 } });
    assert.deepEqual(light, { priceMills: priceAt(ga, 4 + 14, 8), rateCategory: 'GADV', zone: 8, deckVersion: deck.version, dimensionalWeightLb: 15 }, '2,400 / 166 → 15 lb');
  });

  it('refuses what no table prices, in words', () => {
    const letter: Quote = { mailClass: 'first-class-letter', weightOz: 1, fromZip: SF, toZip: NYC };
    refused(services, { ...letter, dimensionsIn: { length: 9, width: 4, height: 0.2 } }, /^Measurements are for packages .*leave them out for letters, flats and postcards\.$/);
    refused(services, { ...letter, mailClass: 'postcard', dimensionsIn: { length: 6, width: 4, height: 0.01 } }, /Measurements are for packages/);
    refused(services, { ...letter, mailClass: 'ground-advantage', dimensionsIn: { length: 50, width: 15, height: 15 } }, /^This rate deck prices USPS Ground Advantage packages up to 108 in of length plus girth; this one measures 110 in\.$/);
    refused(services, { ...letter, mailClass: 'priority-mail-express', dimensionsIn: { length: 15.25, width: 47, height: 15.5 } }, /^This rate deck prices Priority Mail Express packages up to 108 in of length plus girth; this one measures 108\.5 in\.$/);
    refused(services, { ...letter, mailClass: 'ground-advantage', weightOz: 70 * 16 + 0.1 }, /^USPS Ground Advantage weighs at most 70 lb\.$/);
    refused(services, { ...letter, mailClass: 'priority-mail-express', weightOz: 70 * 16 + 0.1 }, /^Priority Mail Express weighs at most 70 lb\.$/);
  });

  it('a deck without the extension classes refuses them by name; a broken package table is refused at load', () => {
    const early = openSupportServices({ dataDir, now: () => new Date('2025-08-01T12:00:00Z') });
    try {
      refused(early, { mailClass: 'ground-advantage', weightOz: 4, fromZip: SF, toZip: NYC }, /^USPS Ground Advantage is not in the rate deck in effect \(2025-07-13\.1\)\.$/);
      assert.equal(early.ratesQuote({ mailClass: 'priority-mail', weightOz: 4, fromZip: SF, toZip: NYC }).rateCategory, 'PRIO');
    } finally {
      early.close();
    }
    const file = readFileSync(join(DEFAULT_RATES_DIR, 'deck-2026-01-18.json'), 'utf8');
    const broken: Array<[string, (d: typeof deck) => void, RegExp]> = [
      ['wrong-category', (d) => void (d.classes['ground-advantage']!.rateCategory = 'PMEX'), /wrong rate category/],
      ['falling-price', (d) => void (d.classes['priority-mail-express']!.pricesMills[5]![3] = 1), /must not fall/],
      ['missing-row', (d) => void d.classes['ground-advantage']!.pricesMills.pop(), /one row per ounce step and one per pound/],
    ];
    for (const [name, change, message] of broken) {
      const dir = join(root, name);
      mkdirSync(dir);
      const d = JSON.parse(file) as typeof deck;
      change(d);
      writeFileSync(join(dir, 'deck-x.json'), JSON.stringify(d));
      assert.throws(() => loadRateDecks(dir), message, name);
    }
  });
});
