/** A small meter client written from SPEC §3 with @vbi/protocol, for tests and harnesses that
 * drive a real vault (`@vbi/vault/testing`). Keeps every answer; the benchmark has a leaner one. */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { encodeRequest, MACED_OPS, type OpName, type RequestBody } from '@vbi/protocol';
import { computeMac, randomNonce, sealForBank, verifyMac } from '@vbi/protocol/crypto';

export interface Answer {
  v: 1;
  id: number | null;
  ok: boolean;
  body?: Record<string, unknown>;
  mac?: string;
  error?: { code: string; message: string };
}

type MacedBody<K extends OpName> = Omit<RequestBody<K>, 'challenge' | 'clientNonce' | 'registers'>;

export class MeterClient {
  private nextId = 1;
  private readonly waiting = new Map<number | null, Array<(a: Answer) => void>>();
  readonly received: Answer[] = [];
  hmk: Buffer = randomBytes(32);
  challenge = '';
  registers = { ar: 0, dr: 0 };
  meterId = '';
  /** The loginNonce of the latest hello answer on this connection ('' when none). */
  loginNonce = '';
  private readonly bankEncPem: string;

  private constructor(
    readonly ws: WebSocket,
    trustDir: string,
  ) {
    this.bankEncPem = readFileSync(join(trustDir, 'bank-enc.pub.pem'), 'utf8');
    ws.on('message', (data) => {
      const answer = JSON.parse(data.toString()) as Answer;
      this.received.push(answer);
      const queue = this.waiting.get(answer.id);
      const resolve = queue?.shift();
      if (resolve) resolve(answer);
    });
  }

  /**
   * Opens a connection; over wss:// the vault's development certificate in the trust bundle
   * (trust/tls-dev.pem) is the only one trusted. `options` are passed to ws (e.g. localAddress).
   */
  static connect(url: string, trustDir: string, options: WebSocket.ClientOptions = {}): Promise<MeterClient> {
    return new Promise((resolve, reject) => {
      const ca = join(trustDir, 'tls-dev.pem');
      const ws = new WebSocket(url, { ...(url.startsWith('wss:') && existsSync(ca) ? { ca: readFileSync(ca) } : {}), ...options });
      ws.once('open', () => resolve(new MeterClient(ws, trustDir)));
      ws.once('error', reject);
    });
  }

  close(): void {
    this.ws.close();
  }

  /** Sends raw text; resolves with the answer carrying `expectId`. */
  raw(text: string | Buffer, expectId: number | null, binary = false): Promise<Answer> {
    const p = this.expect(expectId);
    this.ws.send(text, { binary });
    return p;
  }

  expect(id: number | null): Promise<Answer> {
    return new Promise((resolve) => {
      const queue = this.waiting.get(id) ?? [];
      queue.push(resolve);
      this.waiting.set(id, queue);
    });
  }

  send(op: OpName, body: object, mac?: string): Promise<Answer> {
    const id = this.nextId++;
    return this.raw(encodeRequest(id, op, body, mac), id);
  }

  sealed(payload: object): string {
    return sealForBank(this.bankEncPem, payload);
  }

  /** SPEC §3.3 hello; returns the answer and keeps its loginNonce (SPEC v1.1) for the next register/login. */
  async hello(): Promise<Answer> {
    const a = await this.send('hello', { clientNonce: randomNonce() });
    this.loginNonce = a.ok ? String(a.body?.loginNonce) : '';
    return a;
  }

  /** A fresh loginNonce from a hello on this connection (used up by the register/login that carries it). */
  async freshLoginNonce(): Promise<string> {
    const a = await this.hello();
    if (!a.ok) throw new Error(`hello: ${a.error?.code}`);
    return this.loginNonce;
  }

  /** register after a hello on this connection; a refused hello is the answer (e.g. MODULE_UNAVAILABLE). */
  async register(username: string, passphrase: string, licenseZip = '94102'): Promise<Answer> {
    const hello = await this.hello();
    if (!hello.ok) return hello;
    const loginNonce = this.loginNonce;
    this.hmk = randomBytes(32);
    const clientNonce = randomNonce();
    const sealed = this.sealed({ hmk: this.hmk.toString('base64url'), passphrase, clientNonce, loginNonce });
    const a = await this.send('register', { username, licenseZip, sealed });
    if (a.ok) this.accept('register', a, clientNonce);
    return a;
  }

  /** Login (after a hello, whose refusal is the answer) with the HMK of an earlier registration (`hmk`). */
  async login(username: string, passphrase: string, hmk?: Buffer): Promise<Answer> {
    if (hmk) this.hmk = hmk;
    const hello = await this.hello();
    if (!hello.ok) return hello;
    const loginNonce = this.loginNonce;
    const clientNonce = randomNonce();
    const sealed = this.sealed({ passphrase, clientNonce, loginNonce });
    const a = await this.send('login', { username, clientNonce, sealed });
    if (a.ok) this.accept('login', a, clientNonce);
    return a;
  }

  /** Builds a MACed request with the current challenge and mirror registers. */
  build<K extends OpName>(op: K, own: MacedBody<K>, clientNonce = randomNonce()): { body: RequestBody<K>; mac: string } {
    if (!MACED_OPS.has(op)) throw new Error(`${op} is not MACed`);
    const body = { ...own, challenge: this.challenge, clientNonce, registers: { ...this.registers } } as RequestBody<K>;
    return { body, mac: computeMac(this.hmk, 'req', op, body) };
  }

  /** A MACed request; `own` may be a function of the request's clientNonce (for secrets sealed with it). */
  async maced<K extends OpName>(op: K, own: MacedBody<K> | ((clientNonce: string) => MacedBody<K>)): Promise<Answer> {
    const clientNonce = randomNonce();
    const { body, mac } = this.build(op, typeof own === 'function' ? own(clientNonce) : own, clientNonce);
    const a = await this.send(op, body, mac);
    if (a.ok) this.accept(op, a, clientNonce);
    return a;
  }

  // The people of an account and moving a meter (docs/protocol.md "Accounts with several users").

  userAdd(username: string, role: 'admin' | 'clerk', passphrase: string): Promise<Answer> {
    return this.maced('userAdd', (clientNonce) => ({ username, role, sealed: this.sealed({ passphrase, clientNonce }) }));
  }

  userRemove(username: string): Promise<Answer> {
    return this.maced('userRemove', { username });
  }

  userReset(username: string, passphrase: string): Promise<Answer> {
    return this.maced('userReset', (clientNonce) => ({ username, sealed: this.sealed({ passphrase, clientNonce }) }));
  }

  passphraseChange(passphrase: string, newPassphrase: string): Promise<Answer> {
    return this.maced('passphraseChange', (clientNonce) => ({
      sealed: this.sealed({ passphrase, clientNonce }),
      sealedNew: this.sealed({ newPassphrase, clientNonce }),
    }));
  }

  users(): Promise<Answer> {
    return this.maced('users', {});
  }

  pieceLog(query: { fromPiece?: number; limit?: number; username?: string } = {}): Promise<Answer> {
    return this.maced('pieceLog', { limit: 100, ...query });
  }

  /** Moves the meter to this client: a new HMK, sealed with the passphrase and a fresh hello's loginNonce. */
  async transfer(username: string, passphrase: string): Promise<Answer> {
    const hello = await this.hello();
    if (!hello.ok) return hello;
    const hmk = randomBytes(32);
    const clientNonce = randomNonce();
    const sealed = this.sealed({ passphrase, hmk: hmk.toString('base64url'), clientNonce, loginNonce: this.loginNonce });
    const a = await this.send('transfer', { username, clientNonce, sealed });
    if (a.ok) {
      this.hmk = hmk;
      this.accept('transfer', a, clientNonce);
    }
    return a;
  }

  /** Checks an answer's MAC and nonce like a real client, then adopts challenge and registers. */
  accept(op: OpName, a: Answer, clientNonce: string): void {
    const body = a.body as { challenge: string; clientNonce: string; registers: { ar: number; dr: number }; meterId?: string };
    if (a.mac === undefined || !verifyMac(this.hmk, 'res', op, body, a.mac)) throw new Error(`${op}: answer MAC does not verify`);
    if (body.clientNonce !== clientNonce) throw new Error(`${op}: answer nonce is not ours`);
    this.challenge = body.challenge;
    this.registers = body.registers;
    if (body.meterId) this.meterId = body.meterId;
  }
}

export function today(offsetDays = 0): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}
