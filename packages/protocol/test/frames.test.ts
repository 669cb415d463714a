import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { describe, test } from 'node:test';
import {
  encodeFailure,
  encodeRequest,
  encodeSuccess,
  MACED_OPS,
  MAX_FRAME_BYTES,
  parseRequestFrame,
  parseResponseBody,
  parseResponseFrame,
  ProtocolError,
  type OpName,
  type ParsedRequest,
} from '../src/index.ts';
import { b64, requestCases, responseCases } from './fixtures.ts';

const mac = b64(32, 5);
const parse = (value: unknown): ParsedRequest => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return parseRequestFrame(text, Buffer.byteLength(text));
};
const frame = (patch: Record<string, unknown> = {}) => ({
  v: 1,
  id: 7,
  op: 'purchase',
  body: requestCases.purchase.valid,
  mac,
  ...patch,
});

function refused(result: ParsedRequest) {
  assert.equal(result.ok, false, 'expected the frame to be refused');
  return result as Extract<ParsedRequest, { ok: false }>;
}

describe('parseRequestFrame', () => {
  test('a valid MACed frame passes with its body and mac', () => {
    const result = parse(frame());
    assert.equal(result.ok, true);
    assert.deepEqual(result.ok && result.frame, { id: 7, op: 'purchase', body: requestCases.purchase.valid, mac });
  });

  test('a valid non-MACed frame passes without mac', () => {
    const result = parse({ v: 1, id: 0, op: 'hello', body: requestCases.hello.valid });
    assert.equal(result.ok, true);
    assert.equal(result.ok && 'mac' in result.frame, false);
  });

  test('oversize is refused before parsing, id null', () => {
    const text = JSON.stringify(frame());
    const r = refused(parseRequestFrame(text, MAX_FRAME_BYTES + 1));
    assert.deepEqual([r.code, r.id], ['BAD_REQUEST', null]);
    assert.equal(parseRequestFrame(text, MAX_FRAME_BYTES).ok, true);
  });

  test('not JSON → BAD_REQUEST with id null', () => {
    const r = refused(parse('{"v":1,"id":3,'));
    assert.deepEqual([r.code, r.id], ['BAD_REQUEST', null]);
    assert.equal(refused(parse('[1,2]')).id, null);
    assert.equal(refused(parse('null')).id, null);
  });

  test('v a number other than 1 → UNSUPPORTED_VERSION, keeping the id', () => {
    const r = refused(parse(frame({ v: 2 })));
    assert.deepEqual([r.code, r.id], ['UNSUPPORTED_VERSION', 7]);
    assert.equal(refused(parse(frame({ v: 0 }))).code, 'UNSUPPORTED_VERSION');
  });

  test('no numeric v → BAD_REQUEST', () => {
    assert.equal(refused(parse(frame({ v: '1' }))).code, 'BAD_REQUEST');
    const { v: _v, ...noV } = frame();
    assert.equal(refused(parse(noV)).code, 'BAD_REQUEST');
  });

  test('unknown op → BAD_REQUEST without echoing it', () => {
    const r = refused(parse(frame({ op: 'x'.repeat(5000) })));
    assert.equal(r.code, 'BAD_REQUEST');
    assert.equal(r.id, 7);
    assert.ok(r.message.length < 100);
  });

  test('id is null unless a safe integer ≥ 0', () => {
    for (const id of [-1, 1.5, '7', 2 ** 53, null]) {
      const r = refused(parse(frame({ id })));
      assert.deepEqual([r.code, r.id], ['BAD_REQUEST', null], `id ${String(id)}`);
      assert.match(r.message, /^id/);
    }
    const { id: _id, ...noId } = frame();
    assert.equal(refused(parse(noId)).id, null);
  });

  test('extra frame field → BAD_REQUEST naming it', () => {
    const r = refused(parse(frame({ extra: true })));
    assert.equal(r.code, 'BAD_REQUEST');
    assert.match(r.message, /extra/);
  });

  test('off-schema body names the first bad field path', () => {
    const r = refused(parse(frame({ body: { ...requestCases.purchase.valid, registers: { ar: -1, dr: 0 } } })));
    assert.equal(r.code, 'BAD_REQUEST');
    assert.match(r.message, /^body\.registers\.ar: /);
    assert.match(refused(parse(frame({ body: [] }))).message, /^body/);
  });

  test('a huge bad value is not echoed back', () => {
    const huge = 'Z'.repeat(40_000);
    const r = refused(parse(frame({ body: { ...requestCases.purchase.valid, [huge]: huge } })));
    assert.ok(r.message.length <= 200, `message of ${r.message.length} characters`);
    const v = refused(parse(frame({ body: { ...requestCases.purchase.valid, challenge: huge } })));
    assert.ok(!v.message.includes('ZZZZZZZZ'));
  });

  test('bodies nested deeper than 8 levels are refused', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 9; i += 1) deep = { a: deep };
    const r = refused(parse({ v: 1, id: 1, op: 'amsMatch', body: deep }));
    assert.match(r.message, /nested deeper/);
    const veryDeep = `{"v":1,"id":1,"op":"hello","body":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    assert.equal(refused(parse(veryDeep)).code, 'BAD_REQUEST');
  });

  test('__proto__ in a body is refused and pollutes nothing', () => {
    const text = `{"v":1,"id":1,"op":"hello","body":{"clientNonce":"${requestCases.hello.valid.clientNonce}","__proto__":{"polluted":true}}}`;
    assert.equal(refused(parse(text)).code, 'BAD_REQUEST');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('MACed op without mac, and non-MACed op with mac → BAD_REQUEST', () => {
    const { mac: _mac, ...noMac } = frame();
    assert.match(refused(parse(noMac)).message, /^mac: required/);
    const r = refused(parse({ v: 1, id: 2, op: 'hello', body: requestCases.hello.valid, mac }));
    assert.match(r.message, /^mac: not allowed/);
  });

  test('a malformed mac → BAD_REQUEST', () => {
    assert.match(refused(parse(frame({ mac: 'not a mac' }))).message, /^mac/);
  });

  test('every op’s valid request passes through encodeRequest', () => {
    for (const [op, c] of Object.entries(requestCases)) {
      const name = op as OpName;
      const text = encodeRequest(1, name, c.valid, MACED_OPS.has(name) ? mac : undefined);
      assert.equal(parseRequestFrame(text, Buffer.byteLength(text)).ok, true, op);
    }
  });
});

describe('answer frames', () => {
  test('encodeSuccess / parseResponseFrame round trip, with and without mac', () => {
    const body = responseCases.purchase.valid;
    assert.deepEqual(parseResponseFrame(encodeSuccess(9, body, mac)), { id: 9, ok: true, body, mac });
    assert.deepEqual(parseResponseFrame(encodeSuccess(9, {})), { id: 9, ok: true, body: {} });
    assert.deepEqual(JSON.parse(encodeSuccess(9, {})), { v: 1, id: 9, ok: true, body: {} });
  });

  test('encodeFailure / parseResponseFrame round trip, id null allowed', () => {
    const text = encodeFailure(null, 'BAD_REQUEST', 'frame is not JSON');
    assert.deepEqual(JSON.parse(text), { v: 1, id: null, ok: false, error: { code: 'BAD_REQUEST', message: 'frame is not JSON' } });
    assert.deepEqual(parseResponseFrame(text), { id: null, ok: false, error: { code: 'BAD_REQUEST', message: 'frame is not JSON' } });
  });

  test('encodeFailure clips long messages', () => {
    const parsed = JSON.parse(encodeFailure(1, 'INTERNAL', 'x'.repeat(10_000)));
    assert.ok(parsed.error.message.length <= 500);
  });

  test('malformed answers throw ProtocolError', () => {
    const bad = [
      'nope',
      '{"v":1,"id":1,"ok":true}',
      '{"v":1,"id":1,"ok":false,"error":{"code":"NOPE","message":""}}',
      '{"v":1,"id":1,"ok":false,"error":{"code":"BUSY","message":""},"mac":"x"}',
      '{"v":1,"id":null,"ok":true,"body":{}}',
    ];
    for (const text of bad) {
      assert.throws(() => parseResponseFrame(text), (e) => e instanceof ProtocolError && e.code === 'BAD_REQUEST', text);
    }
    assert.throws(() => parseResponseFrame('{"v":2,"id":1,"ok":true,"body":{}}'), (e) => e instanceof ProtocolError && e.code === 'UNSUPPORTED_VERSION');
  });

  test('parseResponseBody validates against the op’s answer schema', () => {
    const body = responseCases.refund.valid;
    assert.deepEqual(parseResponseBody('refund', body), body);
    assert.throws(() => parseResponseBody('refund', { ...body, amount: -1 }), /body\.amount/);
  });
});
