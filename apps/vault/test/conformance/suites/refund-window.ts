/** SPEC §3.3 refund: only inside the refund window (a vault setting; this vault runs with 0 days). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Fixture } from '../fixture.ts';
import { assertError, assertOk } from '../meter.ts';

/** `fx` must be a vault started with `--refund-window-days 0`. */
export function refundWindowTests(fx: Fixture): void {
  test('refund outside the refund window (--refund-window-days 0) is NOT_REFUNDABLE and changes nothing', async () => {
    const m = await fx.signedUp('late.refund', 1000);
    assertOk(await m.maced('indicium', { kind: 'postage', postage: 100, rateCategory: 'FCLT', mailDate: fx.today() }));
    const before = await fx.meterRows(m.meterId);
    const r = await m.maced('refund', { pieceNumber: 1 });
    assertError(r, 'NOT_REFUNDABLE');
    assert.equal(await fx.meterRows(m.meterId), before);
    assertOk(await m.maced('audit', {}), 'the challenge is still the outstanding one');
    assert.deepEqual(m.registers, { ar: 100, dr: 900 });
  });
}
