import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_DR } from '@vbi/protocol';
import { money, parseAmount } from '../../src/console/money.ts';

test('--amount: dollars with a point or a dollar sign, or with --unit dollars; bare whole numbers are mills (SPEC §7)', () => {
  const cases: Array<[string, 'dollars' | 'mills' | undefined, number]> = [
    ['20.00', undefined, 20_000], ['$1.5', undefined, 1_500], ['0.740', undefined, 740], ['$20', undefined, 20_000],
    ['3', 'dollars', 3_000], ['250', 'mills', 250], ['7', undefined, 7], [' 12.5 ', undefined, 12_500],
  ];
  for (const [text, unit, mills] of cases) assert.equal(parseAmount(text, unit, MAX_DR), mills, `${text} ${unit ?? ''}`);
});

test('--amount: what is refused, each with a plain message', () => {
  const cases: Array<[string, 'dollars' | 'mills' | undefined, RegExp]> = [
    ['1.5', 'mills', /mills are whole numbers/],
    ['$2', 'mills', /mills are whole numbers/],
    ['0.0001', undefined, /more than three decimals/],
    ['-5', undefined, /write dollars as 20\.00 or whole mills/],
    ['-5.00', undefined, /must not be negative/],
    ['twenty', undefined, /write dollars as 20\.00/],
    ['twenty', 'dollars', /must be dollars like/],
    ['0', undefined, /at least 1 mill/],
    ['0.000', undefined, /at least 1 mill/],
    ['5000000.00', undefined, /at most/],
    ['99999999999999999', undefined, /write dollars as 20\.00/],
  ];
  for (const [text, unit, message] of cases) assert.throws(() => parseAmount(text, unit, MAX_DR), message, `${text} ${unit ?? ''}`);
});

test('money shows dollars and mills', () => {
  assert.equal(money(20_000), '$20.000 (20000 mills)');
  assert.equal(money(7), '$0.007 (7 mills)');
});
