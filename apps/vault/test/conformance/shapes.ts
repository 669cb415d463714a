/**
 * Exact field names and types of every answer body (SPEC §3.3, with docs/protocol.md where
 * SPEC names no fields). A checker fails on a missing, extra or mistyped field.
 */
import assert from 'node:assert/strict';

type Check = (value: unknown, path: string) => void;
type Shape = Record<string, Check>;

const b64Length = (bytes: number) => Math.ceil((bytes * 4) / 3);

export const t = {
  uint: ((v, p) => assert.ok(typeof v === 'number' && Number.isSafeInteger(v) && v >= 0, `${p}: a uint, got ${JSON.stringify(v)}`)) as Check,
  positive: ((v, p) => assert.ok(typeof v === 'number' && Number.isSafeInteger(v) && v >= 1, `${p}: a uint ≥ 1, got ${JSON.stringify(v)}`)) as Check,
  bool: ((v, p) => assert.equal(typeof v, 'boolean', `${p}: a boolean`)) as Check,
  string: ((v, p) => assert.equal(typeof v, 'string', `${p}: a string`)) as Check,
  bytes: (n: number): Check => (v, p) =>
    assert.ok(typeof v === 'string' && new RegExp(`^[A-Za-z0-9_-]{${b64Length(n)}}$`).test(v), `${p}: ${n} bytes as base64url without padding, got ${JSON.stringify(v)}`),
  iso: ((v, p) => assert.ok(typeof v === 'string' && !Number.isNaN(Date.parse(v)) && /^\d{4}-\d\d-\d\dT/.test(v), `${p}: an ISO 8601 time`)) as Check,
  pem: ((v, p) => assert.ok(typeof v === 'string' && /^-----BEGIN CERTIFICATE-----\r?\n[\s\S]+-----END CERTIFICATE-----\r?\n?$/.test(v), `${p}: one PEM certificate`)) as Check,
  nullOr: (c: Check): Check => (v, p) => {
    if (v !== null) c(v, p);
  },
  object: (shape: Shape): Check => (v, p) => {
    assert.ok(v !== null && typeof v === 'object' && !Array.isArray(v), `${p}: an object`);
    const o = v as Record<string, unknown>;
    assert.deepEqual(Object.keys(o).sort(), Object.keys(shape).sort(), `${p}: exactly the fields ${Object.keys(shape).join(', ')}`);
    for (const [k, c] of Object.entries(shape)) c(o[k], `${p}.${k}`);
  },
};

const registers = t.object({ ar: t.uint, dr: t.uint });
const deviceId = t.object({ vendor: t.uint, model: t.uint, serial: t.uint });
/** SPEC §3.2: every MACed answer carries these three. */
const macedThree: Shape = { registers, challenge: t.bytes(16), clientNonce: t.bytes(16) };

export const answerShapes = {
  hello: t.object({ moduleSerial: t.positive, signature: t.bytes(64), loginNonce: t.bytes(16) }),
  register: t.object({ meterId: t.string, deviceId, certificate: t.pem, ...macedThree }),
  login: t.object({
    meterId: t.string, deviceId, pieces: t.uint,
    lastPiece: t.nullOr(t.object({ pieceNumber: t.positive, postage: t.positive, at: t.iso })), ...macedThree,
  }),
  purchase: t.object({ amount: t.positive, funds: t.uint, ...macedThree }),
  indicium: t.object({ pieceNumber: t.uint, indicium: t.bytes(113), ...macedThree }),
  piece: t.object({ pieceNumber: t.positive, indicium: t.bytes(113), ...macedThree }),
  refund: t.object({ pieceNumber: t.positive, amount: t.positive, ...macedThree }),
  audit: t.object({
    record: t.object({ meterId: t.string, deviceId, ar: t.uint, dr: t.uint, pieces: t.uint, at: t.iso }),
    signature: t.bytes(64), ...macedThree,
  }),
  printerResult: t.object({ ...macedThree }),
  logout: t.object({ ...macedThree }),
  ratesQuote: (v: unknown, p: string) => {
    const o = v as Record<string, unknown>;
    const shape: Shape = { priceMills: t.positive, rateCategory: t.string, deckVersion: t.string };
    if ('zone' in o) shape.zone = t.positive;
    if ('dimensionalWeightLb' in o) shape.dimensionalWeightLb = t.positive; // extension (docs/protocol.md)
    t.object(shape)(v, p);
  },
  printerCheck: (v: unknown, p: string) => {
    const o = v as Record<string, unknown>;
    const shape: Shape = { supported: t.bool, notes: t.string };
    if ('profile' in o) shape.profile = (x, q) => assert.equal(typeof x, 'object', `${q}: an object`);
    t.object(shape)(v, p);
  },
  amsMatch: (v: unknown, p: string) => {
    const o = v as Record<string, unknown>;
    // `zipInfo` and a candidate's `unitMissing` are extensions (docs/protocol.md, "Extensions").
    const shape: Shape = { status: t.string, candidates: (x, q) => assert.ok(Array.isArray(x), `${q}: an array`) };
    if ('zipInfo' in o) shape.zipInfo = t.object({ zip: t.string, city: t.string, state: t.string });
    t.object(shape)(v, p);
    const address = t.object({ street: t.string, secondary: t.string, city: t.string, state: t.string, zip: t.string });
    (o.candidates as Array<Record<string, unknown>>).forEach((c, i) => {
      const fields: Shape = { address, matchType: t.string, score: (x, q) => assert.equal(typeof x, 'number', q) };
      if ('unitMissing' in c) fields.unitMissing = (x, q) => assert.equal(x, true, q);
      t.object(fields)(c, `${p}.candidates[${i}]`);
    });
  },
} satisfies Record<string, Check>;

export type AnswerOp = keyof typeof answerShapes;

export function assertAnswerShape(op: AnswerOp, body: unknown): void {
  answerShapes[op](body, `${op} answer body`);
}
