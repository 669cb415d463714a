import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  addMills,
  assertMills,
  formatMills,
  MAX_AR,
  MAX_DR,
  MAX_POSTAGE,
  millsSchema,
  MillsError,
  parseDollars,
  subMills,
} from '../src/index.ts';

describe('limits', () => {
  test('match the indicium field widths', () => {
    assert.equal(MAX_AR, 1_099_511_627_775);
    assert.equal(MAX_DR, 4_294_967_295);
    assert.equal(MAX_POSTAGE, 16_777_215);
  });
});

describe('assertMills', () => {
  test('accepts 0 and max', () => {
    assertMills(0, MAX_DR, 'dr');
    assertMills(MAX_DR, MAX_DR, 'dr');
  });
  test('refuses max + 1, negatives, fractions, NaN, Infinity, non-numbers, with the field name', () => {
    for (const bad of [MAX_DR + 1, -1, 0.5, 1.0001, Number.NaN, Number.POSITIVE_INFINITY, '5', null, 5n]) {
      assert.throws(() => assertMills(bad, MAX_DR, 'dr'), (e) => e instanceof MillsError && e.message.startsWith('dr '), String(bad));
    }
  });
});

describe('addMills / subMills', () => {
  test('add up to the max exactly, refuse one more', () => {
    assert.equal(addMills(MAX_DR - 740, 740, MAX_DR, 'dr'), MAX_DR);
    assert.throws(() => addMills(MAX_DR - 739, 740, MAX_DR, 'dr'), /dr would exceed/);
    assert.throws(() => addMills(1.5, 1, MAX_DR, 'dr'), MillsError);
    assert.throws(() => addMills(1, -1, MAX_DR, 'dr'), MillsError);
  });
  test('AR accepts values beyond 2^32', () => {
    assert.equal(addMills(MAX_DR, 1, MAX_AR, 'ar'), 2 ** 32);
  });
  test('subtract down to zero, refuse below', () => {
    assert.equal(subMills(740, 740, 'dr'), 0);
    assert.throws(() => subMills(739, 740, 'dr'), /dr would go below zero/);
    assert.throws(() => subMills(740, 0.5, 'dr'), MillsError);
  });
});

describe('formatMills', () => {
  test('three decimals, no separators', () => {
    assert.equal(formatMills(20_000), '$20.000');
    assert.equal(formatMills(740), '$0.740');
    assert.equal(formatMills(0), '$0.000');
    assert.equal(formatMills(5), '$0.005');
    assert.equal(formatMills(MAX_DR), '$4294967.295');
    assert.equal(formatMills(MAX_AR), '$1099511627.775');
  });
  test('refuses non-mills', () => {
    assert.throws(() => formatMills(-1), MillsError);
    assert.throws(() => formatMills(1.5), MillsError);
  });
});

describe('parseDollars', () => {
  test('accepted forms', () => {
    const cases: Array<[string, number]> = [
      ['20', 20_000],
      ['20.5', 20_500],
      ['$20.50', 20_500],
      ['0.740', 740],
      ['0.001', 1],
      ['0', 0],
      [' 7 ', 7_000],
      ['4294967.295', MAX_DR],
      ['0004294967.295', MAX_DR],
    ];
    for (const [text, mills] of cases) assert.equal(parseDollars(text), mills, text);
  });
  test('refusals', () => {
    const cases: Array<[string, RegExp]> = [
      ['0.0001', /three decimals/],
      ['-1', /negative/],
      ['$-1', /negative/],
      ['', /empty/],
      ['   ', /empty/],
      ['1e3', /dollars like/],
      ['abc', /dollars like/],
      ['1,000', /dollars like/],
      ['20.', /dollars like/],
      ['.5', /dollars like/],
      ['0x10', /dollars like/],
      ['4294967.296', /at most/],
      ['99999999999999999999', /at most/],
    ];
    for (const [text, message] of cases) {
      assert.throws(() => parseDollars(text), (e) => e instanceof MillsError && message.test(e.message), text);
    }
  });
  test('round trip with formatMills', () => {
    for (const m of [0, 1, 740, 20_000, 123_456_789, MAX_DR]) assert.equal(parseDollars(formatMills(m)), m);
  });
});

describe('millsSchema', () => {
  test('bounds', () => {
    const schema = millsSchema(MAX_POSTAGE);
    assert.equal(schema.safeParse(MAX_POSTAGE).success, true);
    assert.equal(schema.safeParse(MAX_POSTAGE + 1).success, false);
    assert.equal(schema.safeParse(-1).success, false);
    assert.equal(schema.safeParse(0.5).success, false);
  });
});
