/**
 * SPEC §3.1–3.2 from the wire: the request MAC input, the one-use challenge, the register
 * check, BUSY, and that an error answer carries no MAC and changes nothing.
 */
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { PASS, type Fixture } from '../fixture.ts';
import { assertError, assertOk, type Meter } from '../meter.ts';
import { b64u, jcs, mac, nonce } from '../spec-crypto.ts';

export function challengeTests(fx: Fixture): void {
  test('the request MAC is over "vbi1:req:" + op + ":" + JCS(body): key order and number spelling on the wire do not matter', async () => {
    const m = await fx.signedUp('mac.input', 5000);
    await fx.vault.credit('mac.input', 5000);
    const body = { registers: { dr: 5000, ar: 0 }, clientNonce: nonce(), amount: 1000, challenge: m.challenge };
    const m1 = mac(m.hmk, 'req', 'purchase', body);
    const text = `{"mac":"${m1}","body":{"registers":{"dr":5e3,"ar":0},"clientNonce":"${body.clientNonce}","amount":1.0e3,`
      + `"challenge":"${body.challenge}"},"op":"purchase","id":900,"v":1}`;
    const r = await m.wire.raw(text, 900);
    assertOk(r);
    m.accept('purchase', r, body.clientNonce);
    assert.deepEqual(m.registers, { ar: 0, dr: 6000 });
  });

  test('a MAC over anything but the SPEC input is BAD_MAC', async () => {
    const m = await fx.signedUp('mac.wrong', 100);
    const { body } = m.build('purchase', { amount: 1 });
    const hmac = (input: string, key = m.hmk) => b64u(createHmac('sha256', key).update(input, 'utf8').digest());
    const wrongs = [
      hmac(`vbi1:req:purchase:${JSON.stringify({ registers: { dr: 100, ar: 0 }, clientNonce: body.clientNonce, challenge: body.challenge, amount: 1 })}`), // not JCS
      hmac(`vbi1:req:purchase:${JSON.stringify(body, null, 1)}`), // not JCS (white space)
      hmac(`vbi1:res:purchase:${jcs(body)}`), // answer direction
      hmac(`vbi1:req:audit:${jcs(body)}`), // another op
      hmac(`vbi1:req:purchase${jcs(body)}`), // no separator
      hmac(`vbi1:req:purchase:${jcs(body)}`, randomBytes(32)), // another HMK
    ];
    for (const w of wrongs) assertError(await m.wire.request('purchase', body, w), 'BAD_MAC');
  });

  test('the challenge is one use: a replayed request and an old or made-up challenge are STALE_CHALLENGE', async () => {
    const m = await fx.signedUp('challenge.once', 1000);
    const old = m.challenge;
    const { body, mac: m1 } = m.build('indicium', { kind: 'postage', postage: 10, rateCategory: 'FCLT', mailDate: fx.today() });
    assertOk(await m.sendBuilt('indicium', body, m1));
    assertError(await m.wire.request('indicium', body, m1), 'STALE_CHALLENGE', 'the same request again');
    for (const challenge of [old, nonce()]) {
      const stale = { ...m.build('audit', {}).body, challenge };
      assertError(await m.wire.request('audit', stale, mac(m.hmk, 'req', 'audit', stale)), 'STALE_CHALLENGE');
    }
    assert.deepEqual(m.registers, { ar: 10, dr: 990 }, 'spent once');
  });

  test('REGISTER_MISMATCH when the mirror registers are not the module\'s (AR or DR)', async () => {
    const m = await fx.signedUp('registers.check', 1000);
    for (const registers of [{ ar: 1, dr: 1000 }, { ar: 0, dr: 999 }, { ar: 0, dr: 0 }]) {
      const body = { ...m.build('audit', {}).body, registers };
      assertError(await m.wire.request('audit', body, mac(m.hmk, 'req', 'audit', body)), 'REGISTER_MISMATCH', JSON.stringify(registers));
    }
  });

  test('a MACed op on a connection that is not signed in is AUTH_FAILED', async () => {
    const owner = await fx.signedUp('not.here');
    const w = await fx.wire();
    const body = { challenge: owner.challenge, clientNonce: nonce(), registers: { ar: 0, dr: 0 } };
    assertError(await w.request('audit', body, mac(owner.hmk, 'req', 'audit', body)), 'AUTH_FAILED');
    assertOk(await owner.maced('audit', {}), 'the owner\'s challenge was not touched');
  });

  /** Sends a failing request and checks that it changed nothing (database rows, challenge). */
  async function refusedWithoutChange(m: Meter, op: string, body: Record<string, unknown>, macText: string, code: string): Promise<void> {
    const before = await fx.meterRows(m.meterId);
    const r = await m.wire.request(op, body, macText);
    assertError(r, code, op);
    assert.equal(r.mac, undefined, 'an error answer carries no MAC');
    assert.equal(await fx.meterRows(m.meterId), before, `${code} changed nothing in the database`);
  }

  test('error answers carry no MAC and change nothing: the outstanding challenge still works afterwards', async () => {
    const m = await fx.signedUp('errors.change.nothing', 1000);
    assertOk(await m.maced('indicium', { kind: 'postage', postage: 100, rateCategory: 'FCLT', mailDate: fx.today() }));
    assertOk(await m.maced('refund', { pieceNumber: 1 }));
    const own = (op: string, o: object) => m.build(op, o);
    const cases: Array<[string, object, string, ((b: Record<string, unknown>) => string)?]> = [
      ['audit', {}, 'BAD_MAC', () => b64u(randomBytes(32))],
      ['purchase', { amount: 1 }, 'INSUFFICIENT_FUNDS'],
      ['indicium', { kind: 'postage', postage: 1001, rateCategory: 'FCLT', mailDate: fx.today() }, 'INSUFFICIENT_POSTAGE'],
      ['indicium', { kind: 'postage', postage: 1, rateCategory: 'FCLT', mailDate: fx.today(-1) }, 'BAD_REQUEST'],
      ['piece', { pieceNumber: 5 }, 'NOT_FOUND'],
      ['refund', { pieceNumber: 5 }, 'NOT_FOUND'],
      ['refund', { pieceNumber: 1 }, 'NOT_REFUNDABLE'],
    ];
    for (const [op, o, code, forge] of cases) {
      const { body, mac: good } = own(op, o);
      await refusedWithoutChange(m, op, body, forge ? forge(body) : good, code);
    }
    const regs = { ...own('audit', {}).body, registers: { ar: 5, dr: 5 } };
    await refusedWithoutChange(m, 'audit', regs, mac(m.hmk, 'req', 'audit', regs), 'REGISTER_MISMATCH');
    const stale = { ...own('audit', {}).body, challenge: nonce() };
    await refusedWithoutChange(m, 'audit', stale, mac(m.hmk, 'req', 'audit', stale), 'STALE_CHALLENGE');
    assertOk(await m.maced('indicium', { kind: 'postage', postage: 1000, rateCategory: 'FCLT', mailDate: fx.today() }), 'challenge intact');
    assert.deepEqual(m.registers, { ar: 1100, dr: 0 });
  });

  test('a second request of a meter while one is in flight gets BUSY, which changes nothing', async () => {
    const m = await fx.signedUp('busy.meter', 1000);
    const first = m.build('indicium', { kind: 'postage', postage: 10, rateCategory: 'FCLT', mailDate: fx.today() });
    const second = m.build('purchase', { amount: 1 });
    const [id1, id2] = [m.wire.freshId(), m.wire.freshId()];
    const answers = Promise.all([m.wire.answer(id1), m.wire.answer(id2)]);
    m.wire.together([
      JSON.stringify({ v: 1, id: id1, op: 'indicium', body: first.body, mac: first.mac }),
      JSON.stringify({ v: 1, id: id2, op: 'purchase', body: second.body, mac: second.mac }),
    ]);
    const [a1, a2] = await answers;
    assertOk(a1, 'the first one is served');
    assertError(a2, 'BUSY');
    assert.equal(a2.mac, undefined);
    m.accept('indicium', a1, first.body.clientNonce as string);
    assert.deepEqual(m.registers, { ar: 10, dr: 990 });
    assertOk(await m.maced('audit', {}), 'the challenge of the first answer is the outstanding one');
  });

  test('BUSY across connections: one meter, two signed-in connections, requests sent together spend once', async () => {
    const a = await fx.signedUp('busy.two', 1000);
    const b = await fx.meter();
    assertOk(await b.login('busy.two', PASS, a.hmk));
    a.challenge = b.challenge;
    const req = a.build('indicium', { kind: 'postage', postage: 100, rateCategory: 'FCLT', mailDate: fx.today() });
    const [ra, rb] = await Promise.all([a.wire.request('indicium', req.body, req.mac), b.wire.request('indicium', req.body, req.mac)]);
    const codes = [ra, rb].map((r) => (r.ok ? 'OK' : r.error?.code)).sort();
    assert.deepEqual(codes.filter((c) => c === 'OK'), ['OK'], JSON.stringify(codes));
    assert.ok(codes.includes('BUSY') || codes.includes('STALE_CHALLENGE'), JSON.stringify(codes));
    const ok = ra.ok ? ra : rb;
    assert.deepEqual((ok.body as { registers: unknown }).registers, { ar: 100, dr: 900 });
  });
}
