/**
 * SPEC §3 framing, from the wire: schema first, BAD_REQUEST with id null when the frame has
 * none, the 64 KiB and 1 MiB limits, `v`, the rate limit; bad frames change nothing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Fixture } from '../fixture.ts';
import { assertError, assertOk } from '../meter.ts';
import { nonce } from '../spec-crypto.ts';
import { Wire } from '../wire.ts';

export function frameTests(fx: Fixture): void {
  const hello = (id: number) => JSON.stringify({ v: 1, id, op: 'hello', body: { clientNonce: nonce() } });

  test('non-JSON and non-object frames: BAD_REQUEST with id null; the connection stays usable', async () => {
    const w = await fx.wire();
    for (const text of ['{not json', '', '[1,2]', 'null', '42', '"text"', '{"v":1,"id":3,"op":"hello","body":{}']) {
      const r = await w.raw(text, null);
      assertError(r, 'BAD_REQUEST', JSON.stringify(text));
    }
    assertOk(await w.raw(hello(9), 9), 'still usable');
  });

  test('a frame without a usable id gets BAD_REQUEST with id null', async () => {
    const w = await fx.wire();
    const body = { clientNonce: nonce() };
    for (const frame of [{ v: 1, op: 'hello', body }, { v: 1, id: '7', op: 'hello', body }, { v: 1, id: -1, op: 'hello', body },
      { v: 1, id: 1.5, op: 'hello', body }, { v: 1, id: null, op: 'hello', body }]) {
      assertError(await w.raw(JSON.stringify(frame), null), 'BAD_REQUEST', JSON.stringify(frame));
    }
  });

  test('frames over 64 KiB (counted in UTF-8 bytes) get BAD_REQUEST with id null; 64 KiB exactly is served', async () => {
    const w = await fx.wire();
    const base = hello(21);
    const exact = base + ' '.repeat(65536 - Buffer.byteLength(base));
    assert.equal(Buffer.byteLength(exact), 65536);
    const ok = await w.raw(exact, 21);
    assertOk(ok, '65,536 bytes is not "> 64 KiB"');
    assertError(await w.raw(`${exact} `, null), 'BAD_REQUEST', '65,537 bytes');
    // 40,000 characters but 80,000 bytes: too large, so never parsed (id null).
    const wide = JSON.stringify({ v: 1, id: 22, op: 'hello', body: { clientNonce: 'é'.repeat(40_000) } });
    assert.ok(wide.length < 65536 && Buffer.byteLength(wide) > 65536);
    assertError(await w.raw(wide, null), 'BAD_REQUEST', 'multi-byte frame');
    assertOk(await w.raw(hello(23), 23), 'still usable');
  });

  test('unknown op and off-schema frames get BAD_REQUEST carrying the frame id', async () => {
    const w = await fx.wire();
    const cases: object[] = [
      { v: 1, id: 0, op: 'steal', body: {} },
      { v: 1, id: 30, op: 'steal', body: {} },
      { v: 1, id: 31, op: 'HELLO', body: { clientNonce: nonce() } },
      { v: 1, id: 32, op: 'hello' },
      { v: 1, id: 33, op: 'hello', body: [] },
      { v: 1, id: 34, op: 'hello', body: {} },
      { v: 1, id: 35, op: 'hello', body: { clientNonce: nonce(), extra: 1 } },
      { v: 1, id: 36, op: 'hello', body: { clientNonce: 'c2hvcnQ' } },
      { v: 1, id: 37, op: 'hello', body: { clientNonce: `${nonce()}==` } },
      { v: 1, id: 38, op: 'hello', body: { clientNonce: nonce() }, extra: true },
      { v: 1, id: 39, op: 'hello', body: { clientNonce: nonce() }, mac: 'A'.repeat(43) },
      { v: 1, id: 40, op: 'audit', body: { challenge: nonce(), clientNonce: nonce(), registers: { ar: 0, dr: 0 } } },
      { v: 1, id: 41, op: 'register', body: { username: 'ab', licenseZip: '94102', sealed: 'A'.repeat(512) } },
      { v: 1, id: 42, op: 'ratesQuote', body: { mailClass: 'first-class-letter', weightOz: '1', fromZip: '94102', toZip: '10001' } },
    ];
    for (const frame of cases) {
      const id = (frame as { id: number }).id;
      assertError(await w.raw(JSON.stringify(frame), id), 'BAD_REQUEST', JSON.stringify(frame));
    }
  });

  test('v: a number other than 1 is UNSUPPORTED_VERSION; no numeric v is BAD_REQUEST', async () => {
    const w = await fx.wire();
    const body = { clientNonce: nonce() };
    for (const v of [2, 0, 1.5, -1]) assertError(await w.raw(JSON.stringify({ v, id: 50, op: 'hello', body }), 50), 'UNSUPPORTED_VERSION', `v ${v}`);
    assertError(await w.raw(JSON.stringify({ id: 51, op: 'hello', body }), 51), 'BAD_REQUEST', 'no v');
    for (const v of ['1', null, true, [1]]) {
      assertError(await w.raw(JSON.stringify({ v, id: 52, op: 'hello', body }), 52), 'BAD_REQUEST', `v ${JSON.stringify(v)}`);
    }
  });

  test('the endpoint is /v1/meter: a WebSocket upgrade on another path is refused', async () => {
    await assert.rejects(Wire.open(fx.vault.url.replace('/v1/meter', '/v1/other')), /404/);
  });

  test('a binary frame gets BAD_REQUEST with id null (one JSON object per text frame)', async () => {
    const w = await fx.wire();
    assertError(await w.raw(Buffer.from(hello(60)), null, true), 'BAD_REQUEST');
    assertOk(await w.raw(hello(61), 61));
  });

  test('bad frames change nothing in the database and leave the signed-in session usable', async () => {
    const m = await fx.signedUp('frames.owner', 3000);
    await fx.vault.credit('frames.owner', 10);
    const before = await fx.meterRows(m.meterId);
    const w = m.wire;
    const { body, mac } = m.build('purchase', { amount: 1 });
    const frames: Array<[string, number | null, string]> = [
      [`${JSON.stringify({ v: 1, id: 70, op: 'purchase', body, mac })}}`, null, 'BAD_REQUEST'],
      [JSON.stringify({ v: 1, id: 71, op: 'purchase', body: { ...body, amount: 0 }, mac }), 71, 'BAD_REQUEST'],
      [JSON.stringify({ v: 1, id: 72, op: 'purchase', body: { ...body, amount: 1.5 }, mac }), 72, 'BAD_REQUEST'],
      [JSON.stringify({ v: 1, id: 73, op: 'purchase', body: { ...body, amount: '1' }, mac }), 73, 'BAD_REQUEST'],
      [JSON.stringify({ v: 1, id: 74, op: 'purchase', body }), 74, 'BAD_REQUEST'],
      [JSON.stringify({ v: 2, id: 75, op: 'purchase', body, mac }), 75, 'UNSUPPORTED_VERSION'],
      [JSON.stringify({ v: 1, id: 76, op: 'purchase', body: { ...body, extra: 1 }, mac }), 76, 'BAD_REQUEST'],
      [JSON.stringify({ v: 1, id: 77, op: 'purchase', body: { ...body, registers: { ar: 0, dr: -1 } }, mac }), 77, 'BAD_REQUEST'],
      [JSON.stringify({ v: 1, id: 78, op: 'purchase', body, mac: mac.slice(1) }), 78, 'BAD_REQUEST'],
    ];
    for (const [text, id, code] of frames) assertError(await w.raw(text, id), code, text);
    assert.equal(await fx.meterRows(m.meterId), before, 'nothing changed');
    const r = await m.sendBuilt('purchase', body, mac);
    assertOk(r, 'the original request, with the same challenge, still goes through');
    assert.deepEqual(m.registers, { ar: 0, dr: 3001 });
  });

  test('a text frame that is not UTF-8 fails the WebSocket connection (RFC 6455: 1007)', async () => {
    const w = await fx.wire();
    w.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    assert.equal(await w.closed, 1007);
  });

  test('a frame over 1 MiB closes the connection with 1009', async () => {
    const w = await fx.wire();
    w.ws.send(JSON.stringify({ v: 1, id: 80, op: 'hello', body: { clientNonce: 'x'.repeat(1024 * 1024) } }));
    assert.equal(await w.closed, 1009);
  });

  test('a burst above the per-connection rate limit gets RATE_LIMITED (with the frame id); the default allows ≥ 200/s', async () => {
    const w = await fx.wire();
    const ids = Array.from({ length: 400 }, () => w.freshId());
    const answers = Promise.all(ids.map((id) => w.answer(id)));
    w.together(ids.map(hello));
    const codes = (await answers).map((a) => (a.ok ? 'OK' : a.error?.code));
    const ok = codes.filter((c) => c === 'OK').length;
    assert.ok(ok >= 200, `the first 200 are served (docs/protocol.md: bursts of 200); ${ok} were`);
    assert.ok(codes.includes('RATE_LIMITED'), 'the rest is limited');
    assert.deepEqual(new Set(codes), new Set(['OK', 'RATE_LIMITED']));
  });
}
