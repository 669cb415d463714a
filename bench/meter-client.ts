/**
 * A lean meter client for load generation: one WebSocket, one request in flight, the MAC and
 * register checks of SPEC §3.1–3.2 on every answer. Session set-up (register, purchase) goes
 * through the protocol package's schemas; the `indicium` hot path builds its JCS text from a
 * template (checked once against canonicalJson) so each request costs one HMAC and one
 * string build, and each answer one JSON.parse and one MAC check (over canonicalJson of the
 * body as received, so the vault's key order does not matter).
 */
import { createHmac, randomBytes, randomFillSync, type KeyObject } from 'node:crypto';
import {
  canonicalJson,
  encodeRequest,
  parseResponseBody,
  ProtocolError,
  type OpName,
  type Registers,
} from '@vbi/protocol';
import { computeMac, randomNonce, sealForBank, verifyMac } from '@vbi/protocol/crypto';
import { Channel, type Answer } from './channel.ts';

/** base64url text length of a 113-byte indicium. */
const INDICIUM_TEXT_LENGTH = 151;
const NONCE_BYTES = 16;
const NONCE_POOL = 4096;

/** Fresh random nonces drawn from a pooled buffer (one getrandom call per 4096 nonces). */
class NoncePool {
  private readonly pool = Buffer.alloc(NONCE_BYTES * NONCE_POOL);
  private next = NONCE_POOL;

  take(): string {
    if (this.next === NONCE_POOL) {
      randomFillSync(this.pool);
      this.next = 0;
    }
    const start = this.next++ * NONCE_BYTES;
    return this.pool.toString('base64url', start, start + NONCE_BYTES);
  }
}
const nonces = new NoncePool();

function refused(op: OpName, answer: Answer): ProtocolError {
  const code = answer.error?.code ?? 'INTERNAL';
  return new ProtocolError(code as ProtocolError['code'], `${op} refused: ${code} ${answer.error?.message ?? ''}`);
}

/** The JCS text of an `indicium` request body (keys in RFC 8785 order; every value is plain ASCII). */
function indiciumBodyText(challenge: string, clientNonce: string, mailDate: string, postage: number, registers: Registers): string {
  return (
    `{"challenge":"${challenge}","clientNonce":"${clientNonce}","kind":"postage","mailDate":"${mailDate}",` +
    `"postage":${postage},"rateCategory":"FCLT","registers":{"ar":${registers.ar},"dr":${registers.dr}}}`
  );
}

export interface Credentials {
  username: string;
  passphrase: string;
  licenseZip: string;
}

/** One registered meter on its own connection. */
export class MeterClient {
  private challenge = '';
  private registers: Registers = { ar: 0, dr: 0 };
  private pieces = 0;

  private constructor(
    private readonly channel: Channel,
    private readonly hmk: Buffer,
  ) {}

  /** Connects, says hello and registers a new account (which binds the connection to its meter). */
  static async register(url: string, bankEnc: KeyObject, who: Credentials): Promise<MeterClient> {
    const channel = await Channel.open(url);
    const helloId = channel.id();
    const hello = await channel.send(helloId, encodeRequest(helloId, 'hello', { clientNonce: randomNonce() }));
    if (!hello.ok || hello.body === undefined) throw refused('hello', hello);
    // SPEC v1.1: the register seals the loginNonce of this connection's hello.
    const { loginNonce } = parseResponseBody('hello', hello.body);
    const hmk = randomBytes(32);
    const clientNonce = randomNonce();
    const sealed = sealForBank(bankEnc, { hmk: hmk.toString('base64url'), passphrase: who.passphrase, clientNonce, loginNonce });
    const id = channel.id();
    const answer = await channel.send(id, encodeRequest(id, 'register', { username: who.username, licenseZip: who.licenseZip, sealed }));
    const client = new MeterClient(channel, hmk);
    const body = parseResponseBody('register', client.checkedBody('register', answer, clientNonce));
    client.challenge = body.challenge;
    client.registers = body.registers;
    return client;
  }

  /** Moves `amount` mills from the account's funds to DR. */
  async purchase(amount: number): Promise<void> {
    const clientNonce = randomNonce();
    const body = { amount, challenge: this.challenge, clientNonce, registers: this.registers };
    const id = this.channel.id();
    const answer = await this.channel.send(id, encodeRequest(id, 'purchase', body, computeMac(this.hmk, 'req', 'purchase', body)));
    const out = parseResponseBody('purchase', this.checkedBody('purchase', answer, clientNonce));
    this.expectRegisters('purchase', out.registers, this.registers.ar, this.registers.dr + amount);
    this.challenge = out.challenge;
  }

  /** One postage indicium (FCLT); resolves once the answer passed every check. */
  async indicium(postage: number, mailDate: string): Promise<void> {
    const clientNonce = nonces.take();
    const bodyText = indiciumBodyText(this.challenge, clientNonce, mailDate, postage, this.registers);
    const mac = createHmac('sha256', this.hmk).update(`vbi1:req:indicium:${bodyText}`, 'utf8').digest('base64url');
    const id = this.channel.id();
    const answer = await this.channel.send(id, `{"v":1,"id":${id},"op":"indicium","body":${bodyText},"mac":"${mac}"}`);
    const out = this.checkedBody('indicium', answer, clientNonce);
    const registers = out.registers as Registers;
    this.expectRegisters('indicium', registers, this.registers.ar + postage, this.registers.dr - postage);
    if (out.pieceNumber !== this.pieces + 1) {
      throw new ProtocolError('REGISTER_MISMATCH', `indicium: piece ${String(out.pieceNumber)}, expected ${this.pieces + 1}`);
    }
    if (typeof out.indicium !== 'string' || out.indicium.length !== INDICIUM_TEXT_LENGTH || typeof out.challenge !== 'string') {
      throw new ProtocolError('BAD_REQUEST', 'indicium: answer body is malformed');
    }
    this.pieces = out.pieceNumber as number;
    this.challenge = out.challenge;
  }

  close(): void {
    this.channel.close();
  }

  /** The success body, after the response MAC and the echoed nonce have been checked. */
  private checkedBody(op: OpName, answer: Answer, clientNonce: string): Record<string, unknown> {
    if (!answer.ok || answer.body === undefined) throw refused(op, answer);
    if (answer.mac === undefined || !verifyMac(this.hmk, 'res', op, answer.body, answer.mac)) {
      throw new ProtocolError('BAD_MAC', `${op}: the answer's MAC does not verify`);
    }
    if (answer.body.clientNonce !== clientNonce) {
      throw new ProtocolError('BAD_REQUEST', `${op}: the answer does not echo our nonce`);
    }
    return answer.body;
  }

  private expectRegisters(op: OpName, got: Registers, ar: number, dr: number): void {
    if (got?.ar !== ar || got?.dr !== dr) {
      throw new ProtocolError('REGISTER_MISMATCH', `${op}: registers ${JSON.stringify(got)}, expected {ar:${ar},dr:${dr}}`);
    }
    this.registers = { ar, dr };
  }
}

/** Throws when the indicium body template and canonicalJson disagree (run once at start). */
export function checkIndiciumTemplate(): void {
  const registers = { ar: 1480, dr: 98520 };
  const body = { kind: 'postage', registers, rateCategory: 'FCLT', postage: 740, mailDate: '2026-11-25', clientNonce: 'n', challenge: 'c' };
  if (indiciumBodyText('c', 'n', '2026-11-25', 740, registers) !== canonicalJson(body)) {
    throw new Error('bench: the indicium body template is not JCS');
  }
}
