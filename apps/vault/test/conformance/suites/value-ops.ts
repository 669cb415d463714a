/**
 * SPEC §3.3 purchase, indicium, piece, refund, audit, logout and login's reconciliation fields:
 * answer fields, register arithmetic and the op-specific error codes, from the wire.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PASS, type Fixture } from '../fixture.ts';
import { assertError, assertOk } from '../meter.ts';
import { assertAnswerShape } from '../shapes.ts';
import { jcs, p1363Verifies } from '../spec-crypto.ts';

export function valueOpTests(fx: Fixture): void {
  const postage = (amount: number, extra: object = {}) => ({ kind: 'postage', postage: amount, rateCategory: 'FCLT', mailDate: fx.today(), ...extra });

  const dbRow = async <T>(sql: string, ...params: unknown[]): Promise<T | undefined> => (await fx.vault.query<T>(sql, ...params))[0];

  test('purchase: moves the amount from the account funds to DR; {amount, funds} + the three fields', async () => {
    const m = await fx.signedUp('buyer.one');
    await fx.vault.credit('buyer.one', 5000);
    const body = assertOk(await m.maced('purchase', { amount: 1200 }));
    assertAnswerShape('purchase', body);
    assert.equal(body.amount, 1200);
    assert.equal(body.funds, 3800);
    assert.deepEqual(body.registers, { ar: 0, dr: 1200 });
    assertError(await m.maced('purchase', { amount: 3801 }), 'INSUFFICIENT_FUNDS');
    assertOk(await m.maced('purchase', { amount: 3800 }), 'exactly the funds left');
    assert.deepEqual(m.registers, { ar: 0, dr: 5000 });
    assertError(await m.maced('purchase', { amount: 1 }), 'INSUFFICIENT_FUNDS', 'no funds left');
  });

  test('purchase: amount ≥ 1 whole mills; DR may not pass 4,294,967,295 (BAD_REQUEST)', async () => {
    const m = await fx.signedUp('buyer.two');
    await fx.vault.credit('buyer.two', 4_294_967_295);
    await fx.vault.credit('buyer.two', 1000);
    for (const amount of [0, -1, 1.5, '10', null]) assertError(await m.maced('purchase', { amount }), 'BAD_REQUEST', String(amount));
    assertOk(await m.maced('purchase', { amount: 4_294_967_000 }));
    assertError(await m.maced('purchase', { amount: 296 }), 'BAD_REQUEST', 'DR would be 2^32');
    assertOk(await m.maced('purchase', { amount: 295 }), 'DR = 4,294,967,295 exactly');
    assert.deepEqual(m.registers, { ar: 0, dr: 4_294_967_295 });
    assertOk(await m.maced('indicium', postage(100)));
    assertOk(await m.maced('purchase', { amount: 100 }), 'back to the DR maximum');
    assertError(await m.maced('refund', { pieceNumber: 1 }), 'NOT_REFUNDABLE', 'a refund may not push DR past its width either');
    assert.deepEqual(m.registers, { ar: 100, dr: 4_294_967_295 });
  });

  test('indicium kind postage: DR −= postage, AR += postage, piece number + 1; INSUFFICIENT_POSTAGE beyond DR', async () => {
    const m = await fx.signedUp('printer.one', 2000);
    const first = assertOk(await m.maced('indicium', postage(740, { destinationZip: '10001-1234' })));
    assertAnswerShape('indicium', first);
    assert.equal(first.pieceNumber, 1);
    assert.deepEqual(first.registers, { ar: 740, dr: 1260 });
    const second = assertOk(await m.maced('indicium', postage(1260)));
    assert.equal(second.pieceNumber, 2);
    assert.deepEqual(second.registers, { ar: 2000, dr: 0 });
    assertError(await m.maced('indicium', postage(1)), 'INSUFFICIENT_POSTAGE');
    assertError(await m.maced('indicium', postage(0)), 'BAD_REQUEST', 'postage 0 only for kind test');
    assertError(await m.maced('indicium', postage(16_777_216)), 'BAD_REQUEST', 'postage is a uint24');
    assertError(await m.maced('indicium', postage(10, { rateCategory: 'TEST' })), 'BAD_REQUEST', 'TEST is for test prints');
    assertError(await m.maced('indicium', postage(10, { kind: 'sample' })), 'BAD_REQUEST', 'unknown kind');
  });

  test('indicium kind test: postage 0, piece number 0, registers unchanged; the next postage piece is number 1', async () => {
    const empty = await fx.signedUp('tester.empty');
    assertOk(await empty.maced('indicium', { kind: 'test', postage: 0, rateCategory: 'TEST', mailDate: fx.today() }), 'no postage needed');
    assert.deepEqual(empty.registers, { ar: 0, dr: 0 });
    const m = await fx.signedUp('tester.one', 1000);
    const sample = assertOk(await m.maced('indicium', { kind: 'test', postage: 0, rateCategory: 'TEST', mailDate: fx.today() }));
    assertAnswerShape('indicium', sample);
    assert.equal(sample.pieceNumber, 0);
    assert.deepEqual(sample.registers, { ar: 0, dr: 1000 });
    assertError(await m.maced('indicium', { kind: 'test', postage: 1, rateCategory: 'TEST', mailDate: fx.today() }), 'BAD_REQUEST');
    const paid = assertOk(await m.maced('indicium', postage(100)));
    assert.equal(paid.pieceNumber, 1);
  });

  test('piece: the stored indicium of an earlier piece, registers unchanged; marked as a re-print; NOT_FOUND otherwise', async () => {
    const m = await fx.signedUp('reprint.one', 1000);
    const printed = assertOk(await m.maced('indicium', postage(300)));
    const again = assertOk(await m.maced('piece', { pieceNumber: 1 }));
    assertAnswerShape('piece', again);
    assert.equal(again.pieceNumber, 1);
    assert.equal(again.indicium, printed.indicium, 'the same bytes');
    assert.deepEqual(again.registers, { ar: 300, dr: 700 });
    const audit = await dbRow<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE meter_id = ? AND event = 're-print'", m.meterId);
    assert.equal(audit?.n, 1, 'the audit log marks the re-print');
    assertError(await m.maced('piece', { pieceNumber: 2 }), 'NOT_FOUND');
    assertError(await m.maced('piece', { pieceNumber: 0 }), 'BAD_REQUEST', 'piece numbers start at 1');
    const other = await fx.signedUp('reprint.two');
    assertError(await other.maced('piece', { pieceNumber: 1 }), 'NOT_FOUND', "another meter's piece 1 is not this meter's");
  });

  test('refund: DR += postage of a postage piece, once (NOT_REFUNDABLE twice); NOT_FOUND for unknown pieces', async () => {
    const m = await fx.signedUp('refund.one', 1000);
    assertOk(await m.maced('indicium', postage(250)));
    const body = assertOk(await m.maced('refund', { pieceNumber: 1 }));
    assertAnswerShape('refund', body);
    assert.equal(body.pieceNumber, 1);
    assert.equal(body.amount, 250);
    assert.deepEqual(body.registers, { ar: 250, dr: 1000 }, 'AR keeps what was printed; DR gets the postage back');
    assertError(await m.maced('refund', { pieceNumber: 1 }), 'NOT_REFUNDABLE', 'second refund');
    assertError(await m.maced('refund', { pieceNumber: 2 }), 'NOT_FOUND');
    assertError(await m.maced('piece', { pieceNumber: 1 }), 'NOT_FOUND', 'a refunded piece is not printed again');
  });

  test('audit: {record, signature}; signature by bank-auth over "vbi1:audit:" + JCS(record); resets the inspection clock', async () => {
    const m = await fx.signedUp('audit.one', 1000);
    assertOk(await m.maced('indicium', postage(400)));
    const body = assertOk(await m.maced('audit', {}));
    assertAnswerShape('audit', body);
    const record = body.record as Record<string, unknown>;
    assert.equal(record.meterId, m.meterId);
    assert.equal(record.ar, 400);
    assert.equal(record.dr, 600);
    assert.equal(record.pieces, 1);
    assert.deepEqual(body.registers, { ar: 400, dr: 600 }, 'an audit changes no register');
    assert.equal(p1363Verifies(fx.trust.bankAuth, `vbi1:audit:${jcs(record)}`, body.signature as string), true);
    assert.equal(p1363Verifies(fx.trust.bankAuth, `vbi1:audit:${JSON.stringify({ ...record, ar: 401 })}`, body.signature as string), false);
    const row = await dbRow<{ last_audit_at: string }>('SELECT last_audit_at FROM meters WHERE id = ?', m.meterId);
    assert.equal(row?.last_audit_at, record.at, 'inspection time recorded');
  });

  test('logout: {} plus the three fields; afterwards MACed ops need a login again', async () => {
    const m = await fx.signedUp('logout.one');
    const body = assertOk(await m.maced('logout', {}));
    assertAnswerShape('logout', body);
    assertError(await m.maced('audit', {}), 'AUTH_FAILED');
    assertOk(await m.login('logout.one', PASS));
    assertOk(await m.maced('audit', {}));
  });

  test('login reconciles: pieces = postage pieces so far, lastPiece = {pieceNumber, postage, at}', async () => {
    const m = await fx.signedUp('recon.one', 2000);
    assertOk(await m.maced('indicium', postage(120)));
    const last = assertOk(await m.maced('indicium', postage(330, { rateCategory: 'PRIO' })));
    assertOk(await m.maced('indicium', { kind: 'test', postage: 0, rateCategory: 'TEST', mailDate: fx.today() }));
    const again = await fx.meter();
    const body = assertOk(await again.login('recon.one', PASS, m.hmk));
    assert.equal(body.pieces, 2, 'test prints are not postage pieces');
    const lastPiece = body.lastPiece as { pieceNumber: number; postage: number; at: string };
    assert.equal(lastPiece.pieceNumber, last.pieceNumber);
    assert.equal(lastPiece.postage, 330);
    assert.ok(Math.abs(Date.parse(lastPiece.at) - Date.now()) < 3_600_000, 'at is a real time of today');
    assert.deepEqual(body.registers, { ar: 450, dr: 1550 });
  });

  test('printerResult answers {} plus the three fields (smoke)', async () => {
    const m = await fx.signedUp('printer.result');
    const body = assertOk(await m.maced('printerResult', { printerName: 'Some Printer', media: 'envelope-10', offsetsMm: { x: 0.5, y: -1 }, passed: true }));
    assertAnswerShape('printerResult', body);
  });
}
