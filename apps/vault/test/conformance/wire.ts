/**
 * A raw client of the meter socket (SPEC §3): sends text frames as given, collects answers by
 * `id` (or `null`), and checks the frame envelope of every answer against SPEC §3.
 */
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import WebSocket from 'ws';

export interface Failure {
  code: string;
  message: string;
}

/** One answer frame, as received (SPEC §3: success or failure). */
export interface Reply {
  v: number;
  id: number | null;
  ok: boolean;
  body?: Record<string, unknown>;
  mac?: string;
  error?: Failure;
}

const CODES = new Set([
  'BAD_REQUEST', 'UNSUPPORTED_VERSION', 'ALREADY_EXISTS', 'AUTH_FAILED', 'LOCKED_OUT', 'BAD_MAC', 'STALE_CHALLENGE',
  'REGISTER_MISMATCH', 'INSUFFICIENT_FUNDS', 'INSUFFICIENT_POSTAGE', 'NOT_REFUNDABLE', 'METER_NOT_OPERATIONAL', 'BUSY',
  'MODULE_UNAVAILABLE', 'CHECKPOINT_MISMATCH', 'VAULT_HALTED', 'NOT_FOUND', 'RATE_LIMITED', 'INTERNAL',
]);

/** SPEC §3: the exact envelope of an answer. A failure has no `mac` and no `body`. */
function checkEnvelope(raw: unknown): Reply {
  assert.ok(raw !== null && typeof raw === 'object' && !Array.isArray(raw), 'an answer is a JSON object');
  const r = raw as Record<string, unknown>;
  assert.equal(r.v, 1, 'answer v is 1');
  assert.ok(r.id === null || (typeof r.id === 'number' && Number.isInteger(r.id) && r.id >= 0), 'answer id is a uint or null');
  if (r.ok === true) {
    const keys = Object.keys(r).sort();
    assert.ok(['body,id,ok,v', 'body,id,mac,ok,v'].includes(keys.join(',')), `success keys: ${keys.join(',')}`);
    assert.ok(r.body !== null && typeof r.body === 'object' && !Array.isArray(r.body), 'success body is an object');
    if ('mac' in r) assert.match(r.mac as string, /^[A-Za-z0-9_-]{43}$/, 'mac is 32 bytes of base64url');
  } else {
    assert.equal(r.ok, false, 'ok is a boolean');
    assert.deepEqual(Object.keys(r).sort(), ['error', 'id', 'ok', 'v'], 'a failure carries exactly v, id, ok, error (no mac)');
    const e = r.error as Record<string, unknown>;
    assert.deepEqual(Object.keys(e).sort(), ['code', 'message']);
    assert.ok(CODES.has(e.code as string), `error code ${String(e.code)} is one of SPEC §3.4`);
    assert.equal(typeof e.message, 'string');
    assert.doesNotMatch(e.message as string, /\n\s*at |\.ts:\d+|BEGIN [A-Z ]*KEY/, 'no stack trace or key in an error');
  }
  return r as unknown as Reply;
}

export class Wire {
  private nextId = 1;
  private readonly waiting = new Map<number | null, Array<(r: Reply) => void>>();
  readonly closed: Promise<number>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      assert.equal(isBinary, false, 'answers are text frames');
      const reply = checkEnvelope(JSON.parse(data.toString()));
      this.waiting.get(reply.id)?.shift()?.(reply);
    });
    this.closed = new Promise((resolve) => ws.once('close', (code) => resolve(code)));
  }

  static open(url: string): Promise<Wire> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      ws.once('open', () => resolve(new Wire(ws)));
      ws.once('error', reject);
    });
  }

  freshId(): number {
    return this.nextId++;
  }

  /** Waits for the next answer carrying `id`. */
  answer(id: number | null): Promise<Reply> {
    return new Promise((resolve) => {
      const queue = this.waiting.get(id) ?? [];
      queue.push(resolve);
      this.waiting.set(id, queue);
    });
  }

  /** Sends `text` as one text frame (or binary) and waits for the answer with `id`. */
  raw(text: string | Buffer, id: number | null, binary = false): Promise<Reply> {
    const p = this.answer(id);
    this.ws.send(text, { binary });
    return p;
  }

  /** A request frame `{"v":1,"id","op","body","mac"?}`; resolves with its answer. */
  request(op: string, body: object, macText?: string): Promise<Reply> {
    const id = this.freshId();
    const frame = macText === undefined ? { v: 1, id, op, body } : { v: 1, id, op, body, mac: macText };
    return this.raw(JSON.stringify(frame), id);
  }

  /** Sends several frames in ONE TCP write, so the vault reads them in one go (no timing involved). */
  together(frames: string[]): void {
    const socket = (this.ws as unknown as { _socket: Socket })._socket;
    socket.cork();
    for (const f of frames) this.ws.send(f);
    socket.uncork();
  }

  close(): void {
    this.ws.close();
  }
}
