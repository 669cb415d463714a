import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canonicalJson } from '../src/index.ts';

describe('canonicalJson (RFC 8785)', () => {
  test('sorts keys at every level, by UTF-16 code units', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [3, { z: 0, y: 1 }], c: null } }), '{"a":{"c":null,"d":[3,{"y":1,"z":0}]},"b":1}');
    // By code point ﬁ (U+FB01) precedes 😀 (U+1F600); by UTF-16 unit (0xFB01 vs 0xD83D) it follows.
    assert.equal(canonicalJson({ '\ufb01': 1, '\ud83d\ude00': 2, '\u20ac': 3, a: 4 }), '{"a":4,"€":3,"😀":2,"ﬁ":1}');
  });
  test('RFC 8785 number forms', () => {
    const cases: Array<[number, string]> = [
      [0, '0'],
      [-0, '0'],
      [1, '1'],
      [1.5, '1.5'],
      [-0.25, '-0.25'],
      [1e21, '1e+21'],
      [1e-7, '1e-7'],
      [123456789012345680000, '123456789012345680000'],
      [0.000001, '0.000001'],
      [2 ** 40 - 1, '1099511627775'],
      [Number.MAX_SAFE_INTEGER, '9007199254740991'],
    ];
    for (const [value, text] of cases) assert.equal(canonicalJson(value), text, String(value));
  });
  test('strings: minimal escapes, no \\u for printable non-ASCII', () => {
    assert.equal(canonicalJson('a"b\\c\n\u0001é€'), '"a\\"b\\\\c\\n\\u0001é€"');
  });
  test('whitespace-free and key order independent', () => {
    assert.equal(canonicalJson(JSON.parse('{ "x" : [ 1 , 2 ] ,\n "a" : true }')), '{"a":true,"x":[1,2]}');
  });
  test('undefined members are dropped like JSON.stringify', () => {
    assert.equal(canonicalJson({ a: undefined, b: 1 }), '{"b":1}');
  });
  test('throws on values with no JSON form', () => {
    for (const bad of [undefined, () => 1, Symbol('s'), Number.NaN, Number.POSITIVE_INFINITY, 10n, { a: Number.NaN }, '\ud800']) {
      assert.throws(() => canonicalJson(bad), TypeError, String(typeof bad));
    }
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    assert.throws(() => canonicalJson(cycle), TypeError);
  });
});
