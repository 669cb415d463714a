/**
 * Our extensions of SPEC §3.3 (docs/protocol.md "Extensions"), from the wire: the mail classes
 * `ground-advantage` and `priority-mail-express` with rate categories `GADV` and `PMEX` (indicium
 * bytes 40–43), and the optional `dimensionsIn` of `ratesQuote` with its answer's
 * `dimensionalWeightLb`. SPEC's own enumerations keep working unchanged beside them.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { test } from 'node:test';
import type { Fixture } from '../fixture.ts';
import { parseIndicium } from '../indicium-format.ts';
import { assertError, assertOk } from '../meter.ts';
import { assertAnswerShape } from '../shapes.ts';
import { p1363Verifies, unb64u } from '../spec-crypto.ts';

/** Each mail class and the rate category its quote answers (SPEC §3.3's four, then the extensions). */
const CLASSES: Array<[string, string, number]> = [
  ['first-class-letter', 'FCLT', 1],
  ['first-class-flat', 'FCFL', 1],
  ['postcard', 'PCRD', 1],
  ['priority-mail', 'PRIO', 16],
  ['ground-advantage', 'GADV', 16],
  ['priority-mail-express', 'PMEX', 16],
];
const PACKAGES = new Set(['priority-mail', 'ground-advantage', 'priority-mail-express']);
const route = { fromZip: '94102', toZip: '10001' };

export function extensionTests(fx: Fixture): void {
  test('ratesQuote: every mail class answers its rate category; package classes (and only they) a zone', async () => {
    const w = await fx.wire();
    for (const [mailClass, rateCategory, weightOz] of CLASSES) {
      const body = assertOk(await w.request('ratesQuote', { mailClass, weightOz, ...route }), mailClass);
      assertAnswerShape('ratesQuote', body);
      assert.equal(body.rateCategory, rateCategory, mailClass);
      assert.equal('zone' in body, PACKAGES.has(mailClass), `${mailClass}: zone`);
      assert.equal('dimensionalWeightLb' in body, false, `${mailClass}: no measurements, no dimensional weight`);
    }
    for (const mailClass of ['parcel-select', 'Ground-Advantage', 'GADV', 'priority-express']) {
      assertError(await w.request('ratesQuote', { mailClass, weightOz: 16, ...route }), 'BAD_REQUEST', mailClass);
    }
  });

  test('ratesQuote dimensionsIn: over 1 cubic foot the dimensional weight prices a light parcel and is answered', async () => {
    const w = await fx.wire();
    const ask = (dimensionsIn: object) => w.request('ratesQuote', { mailClass: 'ground-advantage', weightOz: 16, ...route, dimensionsIn });
    const plain = assertOk(await w.request('ratesQuote', { mailClass: 'ground-advantage', weightOz: 16, ...route }));
    const small = assertOk(await ask({ length: 12, width: 12, height: 12 }), '1,728 in³ is not over 1 cubic foot');
    assert.deepEqual(small, plain);
    const bulky = assertOk(await ask({ length: 10, width: 20, height: 12 }));
    assertAnswerShape('ratesQuote', bulky);
    assert.equal(bulky.dimensionalWeightLb, 15, '2,400 in³ / 166 → 15 lb');
    assert.ok((bulky.priceMills as number) > (plain.priceMills as number), 'priced above the 1 lb price');
  });

  test('ratesQuote dimensionsIn is strict: three sides, each a number above 0 and at most 130 in; only for packages', async () => {
    const w = await fx.wire();
    const sides = { length: 12, width: 10, height: 8 };
    const bad: object[] = [
      { length: 12, width: 10 },
      { ...sides, depth: 1 },
      { ...sides, height: 0 },
      { ...sides, height: -2 },
      { ...sides, length: 130.5 },
      { ...sides, width: '10' },
      [12, 10, 8],
    ];
    for (const dimensionsIn of bad) {
      assertError(await w.request('ratesQuote', { mailClass: 'priority-mail', weightOz: 16, ...route, dimensionsIn }), 'BAD_REQUEST', JSON.stringify(dimensionsIn));
    }
    assertError(await w.request('ratesQuote', { mailClass: 'first-class-letter', weightOz: 1, ...route, dimensionsIn: { length: 9, width: 4, height: 0.2 } }), 'BAD_REQUEST', 'a letter');
    assertError(await w.request('ratesQuote', { mailClass: 'priority-mail', weightOz: 16, ...route, dimensionsIn: { length: 50, width: 15, height: 15 } }), 'BAD_REQUEST', '110 in of length plus girth');
  });

  test('indicium: GADV and PMEX in bytes 40–43, signed like any piece; other categories are BAD_REQUEST and change nothing', async () => {
    const m = await fx.signedUp('ext.categories', 10_000);
    for (const rateCategory of ['GADV', 'PMEX']) {
      const body = assertOk(await m.maced('indicium', { kind: 'postage', postage: 1000, rateCategory, mailDate: fx.today() }), rateCategory);
      const bytes = unb64u(body.indicium as string);
      assert.equal(bytes.subarray(40, 44).toString('latin1'), rateCategory);
      const ind = parseIndicium(bytes);
      const cert = new X509Certificate(await (await fetch(`${fx.vault.httpUrl}/v1/certs/${ind.certSerial}`)).text());
      assert.equal(p1363Verifies(cert.publicKey, ind.signed, ind.signature.toString('base64url')), true, rateCategory);
    }
    const before = { ...m.registers };
    for (const rateCategory of ['GRND', 'gadv', 'PMX', 'PMEXX', 'TEST']) {
      assertError(await m.maced('indicium', { kind: 'postage', postage: 100, rateCategory, mailDate: fx.today() }), 'BAD_REQUEST', rateCategory);
    }
    assert.deepEqual(m.registers, before);
    assert.deepEqual(before, { ar: 2000, dr: 8000 });
  });
}
