import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  checkDimensions,
  checkWeight,
  dimensionsInSchema,
  formatWeight,
  lengthPlusGirth,
  MAX_WEIGHT_OZ,
  sidesLongestFirst,
  toOunces,
  toPoundsOunces,
} from '../src/index.ts';

/** The message of a refusal; fails when the input was accepted. */
function refusal(result: { ok: true } | { ok: false; message: string }): string {
  assert.equal(result.ok, false, 'expected a refusal');
  return (result as { message: string }).message;
}

describe('weight in pounds and ounces', () => {
  test('lb + oz ↔ oz both ways', () => {
    assert.equal(toOunces({ lb: 2, oz: 3.5 }), 35.5);
    assert.deepEqual(toPoundsOunces(35.5), { lb: 2, oz: 3.5 });
    assert.deepEqual(toPoundsOunces(15.999), { lb: 1, oz: 0 }, 'rounded to hundredths, carried into the pound');
    assert.deepEqual(toPoundsOunces(0.1 + 0.2), { lb: 0, oz: 0.3 });
    assert.deepEqual(toPoundsOunces(MAX_WEIGHT_OZ), { lb: 70, oz: 0 });
    for (const oz of [0.5, 1, 15.5, 16, 16.25, 100.75, 1120]) assert.equal(toOunces(toPoundsOunces(oz)), oz, `${oz} oz round trip`);
  });

  test('formats as a label prints it', () => {
    assert.equal(formatWeight(12), '12 oz');
    assert.equal(formatWeight(80), '5 lb');
    assert.equal(formatWeight(35.5), '2 lb 3.5 oz');
  });

  test('accepts what people type: blank pounds or ounces, decimals in ounces, numbers or text', () => {
    const cases: Array<[{ lb: string | number; oz: string | number }, number]> = [
      [{ lb: '2', oz: '3.5' }, 35.5],
      [{ lb: '', oz: '12' }, 12],
      [{ lb: ' 5 ', oz: '' }, 80],
      [{ lb: 0, oz: 0.4 }, 0.4],
      [{ lb: '70', oz: '0' }, 1120],
      [{ lb: '1', oz: '.5' }, 16.5],
    ];
    for (const [input, weightOz] of cases) assert.deepEqual(checkWeight(input), { ok: true, value: weightOz }, JSON.stringify(input));
  });

  test('refuses in plain words, naming what to change', () => {
    const cases: Array<[{ lb: string | number; oz: string | number }, RegExp]> = [
      [{ lb: '', oz: '' }, /^Enter the weight: pounds, ounces or both\.$/],
      [{ lb: '0', oz: '0' }, /Enter the weight/],
      [{ lb: '1.5', oz: '' }, /whole number; put the rest in ounces \(1\.5 lb is 1 lb 8 oz\)/],
      [{ lb: 'two', oz: '' }, /^Pounds must be a whole number, like 2\.$/],
      [{ lb: '-1', oz: '' }, /^Pounds must be a whole number/],
      [{ lb: '', oz: '16' }, /^Ounces must be less than 16; 16 oz is 1 lb\.$/],
      [{ lb: '', oz: '3 oz' }, /^Ounces must be a number, like 3 or 3\.5\.$/],
      [{ lb: '', oz: '1e3' }, /^Ounces must be a number/],
      [{ lb: Number.NaN, oz: 1 }, /^Pounds must be a whole number/],
      [{ lb: '70', oz: '0.5' }, /^USPS takes pieces up to 70 lb; this one weighs 70 lb 0\.5 oz\.$/],
    ];
    for (const [input, message] of cases) assert.match(refusal(checkWeight(input)), message, JSON.stringify(input));
  });
});

describe('package measurements', () => {
  test('all three or none; each a number above 0 and at most 130 inches', () => {
    assert.deepEqual(checkDimensions({ length: '', width: ' ', height: '' }), { ok: true, value: undefined });
    assert.deepEqual(checkDimensions({ length: '12', width: '10.5', height: 8 }), { ok: true, value: { length: 12, width: 10.5, height: 8 } });
    const cases: Array<[Record<'length' | 'width' | 'height', string | number>, RegExp]> = [
      [{ length: '12', width: '', height: '8' }, /^Enter all three measurements \(length, width and height\), or leave them all empty\.$/],
      [{ length: '12in', width: '10', height: '8' }, /^Length must be a number of inches, like 12 or 12\.5\.$/],
      [{ length: '12', width: '0', height: '8' }, /^Width must be more than 0 inches\.$/],
      [{ length: '12', width: '10', height: '131' }, /^Height can be at most 130 inches; USPS takes nothing larger\.$/],
    ];
    for (const [input, message] of cases) assert.match(refusal(checkDimensions(input)), message, JSON.stringify(input));
  });

  test('what checkDimensions accepts, the wire schema accepts too', () => {
    for (const input of [{ length: '130', width: '0.1', height: '5' }, { length: 1, width: 2, height: 3 }]) {
      const checked = checkDimensions(input);
      assert.ok(checked.ok && checked.value);
      assert.equal(dimensionsInSchema.safeParse(checked.value).success, true);
    }
  });

  test('length is the longest side whatever order it was typed in; girth is twice the other two', () => {
    assert.deepEqual(sidesLongestFirst({ length: 4, width: 20, height: 10 }), [20, 10, 4]);
    assert.equal(lengthPlusGirth({ length: 4, width: 20, height: 10 }), 48);
    assert.equal(lengthPlusGirth({ length: 30, width: 10, height: 15 }), 80);
  });
});
