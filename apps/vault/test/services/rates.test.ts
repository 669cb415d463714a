import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ProtocolError, type RequestBody } from '@vbi/protocol';
import { openSupportServices, type SupportServices } from '../../src/services/index.ts';
import { DEFAULT_RATES_DIR, deckInEffect, loadRateDecks, type RateDeck } from '../../src/services/rates/deck.ts';
import { initDataDir, removeDir, tempDir } from './support-fixture.ts';

type Quote = RequestBody<'ratesQuote'>;
const SF = '94102';
const letter = (weightOz: number): Quote => ({ mailClass: 'first-class-letter', weightOz, fromZip: SF, toZip: '10001' });

describe('rates', () => {
  let root: string;
  let dataDir: string;
  let services: SupportServices;
  // The tests run on 2026-11-24: the deck in effect then is the one that prices every class.
  const deck: RateDeck = deckInEffect(loadRateDecks(), '2026-11-24')!;

  before(async () => {
    root = tempDir('rates');
    dataDir = await initDataDir(root, (line) => line.includes(',94720,')); // addresses do not matter here
    services = openSupportServices({ dataDir, now: () => new Date('2026-11-24T12:00:00Z') });
  });
  after(() => {
    services.close();
    removeDir(root);
  });

  it('prices metered First-Class letters at $0.74 + $0.29 per extra ounce, rounded up', () => {
    const cases: Array<[number, number]> = [[0.4, 740], [1, 740], [1.2, 1030], [2, 1030], [3, 1320], [3.5, 1610]];
    for (const [oz, mills] of cases) {
      const q = services.ratesQuote(letter(oz));
      assert.deepEqual(q, { priceMills: mills, rateCategory: 'FCLT', deckVersion: deck.version }, `${oz} oz`);
    }
  });

  it('prices postcards at $0.61 and flats at $1.63 + $0.27 per extra ounce', () => {
    assert.deepEqual(services.ratesQuote({ ...letter(1), mailClass: 'postcard' }), {
      priceMills: 610, rateCategory: 'PCRD', deckVersion: deck.version,
    });
    assert.equal(services.ratesQuote({ ...letter(1), mailClass: 'first-class-flat' }).priceMills, 1630);
    assert.equal(services.ratesQuote({ ...letter(2), mailClass: 'first-class-flat' }).priceMills, 1900);
    assert.equal(services.ratesQuote({ ...letter(13), mailClass: 'first-class-flat' }).rateCategory, 'FCFL');
    assert.equal(deck.classes['first-class-flat'].confidence.additionalOunce, 'C');
  });

  it('refuses impossible pieces with BAD_REQUEST and a reason', () => {
    const refusals: Array<[Quote, RegExp]> = [
      [letter(3.6), /letter weighs at most 3.5 oz/],
      [{ ...letter(13.5), mailClass: 'first-class-flat' }, /flat weighs at most 13 oz/],
      [{ ...letter(1.5), mailClass: 'postcard' }, /postcard weighs at most 1 oz/],
      [{ ...letter(70 * 16 + 0.5), mailClass: 'priority-mail' }, /at most 70 lb/],
      [{ ...letter(1), mailClass: 'parcel-post' as Quote['mailClass'] }, /Unknown mail class/],
      [{ ...letter(1), toZip: '00000' }, /destination ZIP code "00000" is not a known/],
      [{ ...letter(1), fromZip: '9410' }, /origin ZIP code "9410"/],
      [letter(0), /greater than 0/],
      [letter(Number.NaN), /greater than 0/],
    ];
    for (const [quote, reason] of refusals) {
      assert.throws(
        () => services.ratesQuote(quote),
        (err: unknown) => err instanceof ProtocolError && err.code === 'BAD_REQUEST' && reason.test(err.message),
        JSON.stringify(quote),
      );
    }
    assert.equal(services.ratesQuote({ ...letter(1), toZip: '10001-1234' }).priceMills, 740);
  });

  it('gives Priority Mail the zone of the ZIP3 centroid distance, priced from the deck', () => {
    const zones: Array<[string, string, number]> = [
      ['90012', '10001', 8], // LA → NYC
      ['94102', '90012', 4], // SF → LA
      ['75201', '60601', 5], // Dallas → Chicago
      ['75201', '90012', 6], // Dallas → LA
      ['60601', '80202', 5], // Chicago → Denver
      ['94102', '94607', 1], // SF → Oakland
      ['94102', '94102', 1], // Local
      ['94102', '96941', 9], // Micronesia (FM)
      ['96960', '94102', 9], // Marshall Islands (MH) as origin
    ];
    const table = deck.classes['priority-mail'];
    for (const [fromZip, toZip, zone] of zones) {
      const q = services.ratesQuote({ mailClass: 'priority-mail', weightOz: 20, fromZip, toZip });
      assert.equal(q.zone, zone, `${fromZip} → ${toZip}`);
      assert.equal(q.rateCategory, 'PRIO');
      assert.equal(q.priceMills, table.pricesMills[1]![zone <= 2 ? 0 : zone - 2], '20 oz is charged as 2 lb');
    }
    assert.equal('zone' in services.ratesQuote(letter(1)), false, 'zone only for Priority Mail');
  });

  it('marks the package tables (Priority Mail, Ground Advantage, Priority Mail Express) as placeholders for the UI', () => {
    const source = 'placeholder - replace with Notice 123 (2026-01-18)';
    assert.deepEqual(services.deckInfo(), {
      version: deck.version,
      effective: '2026-01-18',
      placeholders: ['priority-mail', 'ground-advantage', 'priority-mail-express'].map((mailClass) => ({ mailClass, source })),
    });
  });

  it('uses the newest deck in effect, and refuses to quote before any deck', () => {
    const dir = join(root, 'decks');
    mkdirSync(dir);
    copyFileSync(join(DEFAULT_RATES_DIR, 'deck-2025-07-13.json'), join(dir, 'deck-2025-07-13.json'));
    const next = JSON.parse(readFileSync(join(DEFAULT_RATES_DIR, 'deck-2025-07-13.json'), 'utf8')) as RateDeck;
    writeFileSync(join(dir, 'deck-2026-07-12.json'), JSON.stringify({ ...next, version: 'next', effective: '2026-07-12' }));
    const decks = loadRateDecks(dir);
    assert.equal(deckInEffect(decks, '2026-07-11')?.version, '2025-07-13.1');
    assert.equal(deckInEffect(decks, '2026-07-12')?.version, 'next');
    assert.equal(deckInEffect(decks, '2025-07-12'), undefined);

    writeFileSync(join(dir, 'deck-broken.json'), JSON.stringify({ ...next, effective: 'soon' }));
    assert.throws(() => loadRateDecks(dir), /rate deck deck-broken.json is invalid/);

    const early = openSupportServices({ dataDir, now: () => new Date('2025-07-12T12:00:00Z') });
    try {
      assert.throws(() => early.ratesQuote(letter(1)), (err: unknown) => err instanceof ProtocolError && err.code === 'INTERNAL');
    } finally {
      early.close();
    }
  });
});
