/** Generators of hostile frames for part 4. Each yields the text (or bytes) to send. */
import { randomBytes, randomInt } from 'node:crypto';
import { OPS } from '@vbi/protocol';

export interface HostileFrame {
  kind: string;
  data: string | Buffer;
  binary?: boolean;
}

/** The id the vault must echo: the frame's `id` when it is a safe integer ≥ 0, else null. */
export function expectedId(data: string | Buffer, binary: boolean): number | null {
  if (binary || Buffer.byteLength(data) > 65_536) return null;
  try {
    const raw = JSON.parse(data.toString()) as unknown;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
    const id = (raw as { id?: unknown }).id;
    return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
  } catch {
    return null;
  }
}

const mac = () => randomBytes(32).toString('base64url');
const nonce = () => randomBytes(16).toString('base64url');
const pick = <T>(xs: readonly T[]): T => xs[randomInt(xs.length)] as T;
const maced = (id: number, op: string, body: object) => JSON.stringify({ v: 1, id, op, body, mac: mac() });

function malformed(valid: string): string {
  return pick([
    () => valid.slice(0, randomInt(1, valid.length)),
    () => randomBytes(randomInt(1, 200)).toString('latin1'),
    () => pick(['', '{', '[]', '"x"', 'null', '1', 'true', '{"v":1,', '{"v":1 "id":2}', '\u0000', '{}}']),
    () => valid.replace(/"/g, "'"),
  ])();
}

function wrongTypes(id: number): string {
  return pick([
    () => JSON.stringify({ v: '1', id, op: 'hello', body: { clientNonce: nonce() } }),
    () => JSON.stringify({ v: 1, id: String(id), op: 'hello', body: { clientNonce: nonce() } }),
    () => JSON.stringify({ v: 1, id, op: 'hello', body: { clientNonce: 12345 } }),
    () => JSON.stringify({ v: 1, id, op: 'ratesQuote', body: { mailClass: 7, weightOz: '1', fromZip: 94102, toZip: null } }),
    () => JSON.stringify({ v: 1, id, op: 'login', body: { username: ['x'], clientNonce: nonce(), sealed: {} } }),
    () => maced(id, 'purchase', { amount: '5000', challenge: nonce(), clientNonce: nonce(), registers: { ar: 0, dr: 0 } }),
    () => maced(id, 'indicium', { kind: 1, postage: '1', rateCategory: 'FCLT', mailDate: 20260101, challenge: nonce(), clientNonce: nonce(), registers: [] }),
    () => JSON.stringify({ v: 1, id, op: 'hello', body: [] }),
    () => JSON.stringify({ v: 1, id, op: 'hello', body: { clientNonce: nonce() }, extra: true }),
  ])();
}

function hugeNumbers(id: number): string {
  const n = pick(['1e400', '-1', '9007199254740993', '1.5', '4294967296', '1e308', '-0', '123456789012345678901234567890']);
  return pick([
    () => `{"v":1,"id":${id},"op":"purchase","body":{"amount":${n},"challenge":"${nonce()}","clientNonce":"${nonce()}","registers":{"ar":0,"dr":0}},"mac":"${mac()}"}`,
    () => `{"v":1,"id":${pick(['1e400', '-1', '1.5', '1e308', '9007199254740993', '123456789012345678901234567890'])},"op":"hello","body":{"clientNonce":"${nonce()}"}}`,
    () => `{"v":${n},"id":${id},"op":"hello","body":{"clientNonce":"${nonce()}"}}`,
    () => `{"v":1,"id":${id},"op":"ratesQuote","body":{"mailClass":"postcard","weightOz":${n},"fromZip":"94102","toZip":"10001"}}`,
    () => maced(id, 'refund', { pieceNumber: Number(n), challenge: nonce(), clientNonce: nonce(), registers: { ar: 1e300, dr: -5 } }),
  ])();
}

function deepNesting(id: number): string {
  const depth = randomInt(9, 4000);
  return `{"v":1,"id":${id},"op":"${pick(OPS)}","body":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
}

function unknownOp(id: number): string {
  const op = pick([randomBytes(6).toString('hex'), 'HELLO', 'purchase ', '__proto__', 'constructor', 'credit', 'mint', 'admin', '']);
  return JSON.stringify({ v: 1, id, op, body: {} });
}

/** Flips one character of a genuine MACed frame (any field, the id included). */
function mutated(valid: string): string {
  const i = randomInt(valid.length);
  return valid.slice(0, i) + String.fromCharCode(valid.charCodeAt(i) ^ (1 << randomInt(6))) + valid.slice(i + 1);
}

export interface FrameSources {
  /** A genuine frame answered earlier (its challenge is spent): a replay. */
  replay: string;
  /** A fresh genuine body for the hostile session (to forge a MAC over). */
  forgedBody: () => object;
}

export function hostileFrame(i: number, src: FrameSources): HostileFrame {
  const id = i + 1000;
  switch (i % 11) {
    case 0: return { kind: 'malformed JSON', data: malformed(src.replay) };
    case 1: return { kind: 'wrong types', data: wrongTypes(id) };
    case 2: return { kind: 'huge numbers', data: hugeNumbers(id) };
    case 3: return { kind: 'deep nesting', data: deepNesting(id) };
    case 4: return { kind: 'unknown op', data: unknownOp(id) };
    case 5: return { kind: 'replay', data: src.replay };
    case 6: return { kind: 'forged MAC', data: JSON.stringify({ v: 1, id, op: 'purchase', body: src.forgedBody(), mac: mac() }) };
    case 7: return { kind: 'mutated frame', data: mutated(src.replay) };
    case 8: return { kind: 'binary frame', data: randomBytes(randomInt(1, 300)), binary: true };
    case 9: return i % 100 === 9
      ? { kind: 'oversize frame', data: JSON.stringify({ v: 1, id, op: 'hello', body: { clientNonce: 'A'.repeat(70_000) } }) }
      : { kind: 'forged MAC', data: JSON.stringify({ v: 1, id, op: 'refund', body: { ...src.forgedBody(), amount: undefined, pieceNumber: 1 }, mac: mac() }) };
    default: return { kind: 'bad sealed login', data: JSON.stringify({ v: 1, id, op: 'login', body: { username: 'hostile.session', clientNonce: nonce(), sealed: randomBytes(384).toString('base64url') } }) };
  }
}
