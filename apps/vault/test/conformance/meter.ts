/**
 * A meter session as SPEC §3.2–3.3 describes the client side: HMK made at registration, the
 * outstanding challenge, the mirror registers; every MACed request carries the three fields,
 * and every success answer is accepted only if its MAC verifies and the nonce is ours.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { b64u, mac, macMatches, nonce, seal, type Trust } from './spec-crypto.ts';
import { Wire, type Reply } from './wire.ts';

export interface Registers {
  ar: number;
  dr: number;
}

export class Meter {
  hmk: Buffer = randomBytes(32);
  challenge = '';
  registers: Registers = { ar: 0, dr: 0 };
  meterId = '';

  constructor(
    readonly wire: Wire,
    readonly trust: Trust,
  ) {}

  static async open(url: string, trust: Trust): Promise<Meter> {
    return new Meter(await Wire.open(url), trust);
  }

  /** SPEC §3.3 hello (v1.1): the loginNonce a register or login on this connection must seal. */
  async loginNonce(): Promise<string> {
    const r = await this.wire.request('hello', { clientNonce: nonce() });
    const body = assertOk(r, 'hello');
    assert.match(body.loginNonce as string, /^[A-Za-z0-9_-]{21}[AQgw]$/, 'hello: a 16-byte loginNonce');
    return body.loginNonce as string;
  }

  /** SPEC §3.3 register (after a hello for its loginNonce); on success the answer is checked and adopted. */
  async register(username: string, passphrase: string, licenseZip = '94102'): Promise<Reply> {
    const hmk = randomBytes(32);
    const clientNonce = nonce();
    const sealed = seal(this.trust.bankEnc, { hmk: b64u(hmk), passphrase, clientNonce, loginNonce: await this.loginNonce() });
    const r = await this.wire.request('register', { username, licenseZip, sealed });
    if (r.ok) {
      this.hmk = hmk;
      this.accept('register', r, clientNonce);
    }
    return r;
  }

  /** SPEC §3.3 login (after a hello) with the HMK of the registration (`hmk`, default this meter's). */
  async login(username: string, passphrase: string, hmk: Buffer = this.hmk): Promise<Reply> {
    const frame = await this.loginFrame(username, passphrase);
    const r = await this.wire.request('login', frame.body);
    if (r.ok) {
      this.hmk = hmk;
      this.accept('login', r, frame.body.clientNonce);
    }
    return r;
  }

  /** A login body sealed with this connection's fresh loginNonce (to send, or to replay elsewhere). */
  async loginFrame(username: string, passphrase: string): Promise<{ body: { username: string; clientNonce: string; sealed: string } }> {
    const clientNonce = nonce();
    const sealed = seal(this.trust.bankEnc, { passphrase, clientNonce, loginNonce: await this.loginNonce() });
    return { body: { username, clientNonce, sealed } };
  }

  /** A MACed request body (own fields + challenge, fresh clientNonce, mirror registers) and its MAC. */
  build(op: string, own: object, hmk: Buffer = this.hmk): { body: Record<string, unknown>; mac: string } {
    const body = { ...own, challenge: this.challenge, clientNonce: nonce(), registers: { ...this.registers } };
    return { body, mac: mac(hmk, 'req', op, body) };
  }

  /** Sends a MACed op; on success checks and adopts the answer. */
  async maced(op: string, own: object): Promise<Reply> {
    const { body, mac: m } = this.build(op, own);
    return this.sendBuilt(op, body, m);
  }

  async sendBuilt(op: string, body: Record<string, unknown>, m: string): Promise<Reply> {
    const r = await this.wire.request(op, body, m);
    if (r.ok) this.accept(op, r, body.clientNonce as string);
    return r;
  }

  /** SPEC §3.2: MAC over "vbi1:res:" + op + ":" + JCS(body), our nonce echoed; adopt challenge and registers. */
  accept(op: string, r: Reply, clientNonce: string): void {
    const body = r.body as Record<string, unknown>;
    assert.ok(macMatches(this.hmk, 'res', op, body, r.mac), `${op}: the answer MAC verifies over "vbi1:res:${op}:" + JCS(body)`);
    assert.equal(body.clientNonce, clientNonce, `${op}: the answer echoes our clientNonce`);
    assert.match(body.challenge as string, /^[A-Za-z0-9_-]{21}[AQgw]$/, `${op}: a new 16-byte challenge`);
    assert.notEqual(body.challenge, this.challenge, `${op}: the challenge changed`);
    this.challenge = body.challenge as string;
    this.registers = body.registers as Registers;
    if (typeof body.meterId === 'string') this.meterId = body.meterId;
  }

  close(): void {
    this.wire.close();
  }
}

/** Asserts a failure answer with `code`. */
export function assertError(r: Reply, code: string, note = ''): void {
  assert.equal(r.ok, false, `expected ${code} ${note}, got success ${JSON.stringify(r.body)}`);
  assert.equal(r.error?.code, code, `${note} ${r.error?.message ?? ''}`);
}

/** Asserts a success answer. */
export function assertOk(r: Reply, note = ''): Record<string, unknown> {
  assert.equal(r.ok, true, `${note} ${r.error?.code ?? ''}: ${r.error?.message ?? ''}`);
  return r.body as Record<string, unknown>;
}

/** The date `offsetDays` from today in `timeZone` (SPEC §3.3: the vault's zone, UTC by default), as YYYY-MM-DD. */
export function today(offsetDays = 0, timeZone = 'UTC'): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(new Date());
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return new Date(Date.UTC(part('year'), part('month') - 1, part('day') + offsetDays)).toISOString().slice(0, 10);
}
