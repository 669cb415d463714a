/** What a package remembers of refunds: nothing it forgets can be refunded or printed again. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_REMEMBERED, printedSecond, refundedOrForgotten, rememberRefund } from '../../src/bank/refund-memory.ts';

const DAY = 86_400;
const now = new Date('2026-12-31T00:00:00.000Z');
const nowSec = now.getTime() / 1000;

test('a refunded piece is remembered; others are not refused', () => {
  const m = rememberRefund({ refunds: [], refundsForgottenThrough: 0 }, 7, nowSec - DAY, now, 30);
  assert.equal(refundedOrForgotten(m, 7, nowSec - DAY), true);
  assert.equal(refundedOrForgotten(m, 8, nowSec - DAY), false);
});

test('entries older than the window are forgotten, and with them every piece printed at or before them', () => {
  let m = rememberRefund({ refunds: [], refundsForgottenThrough: 0 }, 1, nowSec - 29 * DAY, new Date((nowSec - 10 * DAY) * 1000), 30);
  m = rememberRefund(m, 50, nowSec - 2 * DAY, now, 25); // a shorter window now: piece 1 (29 days) is forgotten
  assert.deepEqual(m.refunds, [[50, nowSec - 2 * DAY]]);
  assert.equal(m.refundsForgottenThrough, nowSec - 29 * DAY);
  // A longer window later must not make piece 1 refundable again, nor any piece of its age.
  assert.equal(refundedOrForgotten(m, 1, nowSec - 29 * DAY), true);
  assert.equal(refundedOrForgotten(m, 2, nowSec - 29 * DAY - 5), true);
  assert.equal(refundedOrForgotten(m, 3, nowSec - 28 * DAY), false, 'younger pieces stay refundable');
});

test(`at most ${MAX_REMEMBERED} entries: the oldest are forgotten first`, () => {
  let m = { refunds: [] as Array<[number, number]>, refundsForgottenThrough: 0 };
  for (let n = 1; n <= MAX_REMEMBERED + 3; n++) m = rememberRefund(m, n, nowSec - DAY + n, now, 30);
  assert.equal(m.refunds.length, MAX_REMEMBERED);
  assert.equal(m.refundsForgottenThrough, nowSec - DAY + 3);
  for (let n = 1; n <= MAX_REMEMBERED + 3; n++) assert.equal(refundedOrForgotten(m, n, nowSec - DAY + n), true, `piece ${n}`);
});

test('the printing time is read in whole seconds', () => {
  assert.equal(printedSecond('2026-12-01T10:00:00.999Z'), Date.parse('2026-12-01T10:00:00.000Z') / 1000);
});
