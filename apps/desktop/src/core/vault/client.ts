/**
 * The meter protocol from the client's side (SPEC §3): hello checked against the pinned
 * bank-auth key, register, login, MACed ops. Every answer is checked — schema, MAC, our nonce
 * echoed, new registers equal to our own computation — before its body is handed back.
 */
import { randomBytes, verify } from 'node:crypto';
import { helloSignatureInput, responseBodySchemas, type ErrorCode, type OpName, type ResponseBody } from '@vbi/protocol';
import { computeMac, randomNonce, sealForBank, toB64url, verifyMac } from '@vbi/protocol/crypto';
import { plainVaultMessage } from '../../shared/plain-messages.ts';
import { AppError } from '../errors.ts';
import type { TrustBundle } from '../trust.ts';
import type { VaultAnswer, VaultConnection } from './connection.ts';

export interface Registers {
  ar: number;
  dr: number;
}

/** What a successful register or login leaves the client holding. */
export interface MeterBinding {
  meterId: string;
  deviceId: { vendor: number; model: number; serial: number };
  registers: Registers;
  challenge: string;
}

export type PeopleOp = 'userAdd' | 'userRemove' | 'userReset' | 'passphraseChange' | 'users' | 'pieceLog';
type MacedOp = 'purchase' | 'indicium' | 'piece' | 'refund' | 'audit' | 'printerResult' | 'logout' | PeopleOp;
/** A request's own fields, or a function of its clientNonce (a sealed secret must carry it). */
type MacedFields = Record<string, unknown> | ((clientNonce: string) => Record<string, unknown>);
type PublicOp = 'printerCheck' | 'ratesQuote' | 'amsMatch';

/** Thrown when an answer fails a check: nothing in it may be shown or printed. */
export function refused(what: string): AppError {
  return new AppError('ANSWER_REFUSED', `The vault's answer failed its ${what} check, so it was not used. Value operations are stopped until you sign in again.`);
}

/** A vault refusal as the person reads it: one naming a body field (`body.mailDate: …`) in plain words. */
function vaultError(error: { code: ErrorCode; message: string }): AppError {
  return new AppError(error.code, error.code === 'BAD_REQUEST' ? plainVaultMessage(error.message) : error.message);
}

export function sameRegisters(a: Registers, b: Registers): boolean {
  return a.ar === b.ar && a.dr === b.dr;
}

/** A hello's loginNonce is good for 120 s (SPEC v1.1); older than this, the client asks for a new one. */
const LOGIN_NONCE_REUSE_MS = 90_000;

export class VaultClient {
  private challenge: string | null = null;
  /** The unused loginNonce of this connection's latest hello (SPEC v1.1), and when it came. */
  private loginNonce: { value: string; at: number } | null = null;

  constructor(
    private readonly conn: VaultConnection,
    private readonly trust: TrustBundle,
  ) {}

  get connection(): VaultConnection {
    return this.conn;
  }

  /** SPEC §3.3 hello: the bank proves it holds the pinned bank-auth key. */
  async hello(): Promise<number> {
    const clientNonce = randomNonce();
    const body = await this.unmacedRaw('hello', { clientNonce });
    const parsed = responseBodySchemas.hello.safeParse(body);
    if (!parsed.success) throw refused('format');
    const ok = verify(
      'sha256',
      Buffer.from(helloSignatureInput(clientNonce), 'utf8'),
      { key: this.trust.bankAuth, dsaEncoding: 'ieee-p1363' },
      Buffer.from(parsed.data.signature, 'base64url'),
    );
    if (!ok) {
      throw new AppError('UNTRUSTED_VAULT', 'This vault could not prove it is the one this app trusts. Nothing was sent to it.');
    }
    this.loginNonce = { value: parsed.data.loginNonce, at: Date.now() };
    return parsed.data.moduleSerial;
  }

  /** The loginNonce a register or login seals: used once, so each attempt takes a fresh one if needed. */
  private async takeLoginNonce(): Promise<string> {
    if (this.loginNonce === null || Date.now() - this.loginNonce.at > LOGIN_NONCE_REUSE_MS) await this.hello();
    const nonce = (this.loginNonce as { value: string }).value;
    this.loginNonce = null;
    return nonce;
  }

  /** Registers a new meter with a fresh HMK; the caller stores the HMK before calling. */
  async register(input: { username: string; licenseZip: string; passphrase: string; hmk: Buffer }) {
    const loginNonce = await this.takeLoginNonce();
    const clientNonce = randomNonce();
    const sealed = sealForBank(this.trust.bankEncPem, { hmk: toB64url(input.hmk), passphrase: input.passphrase, clientNonce, loginNonce });
    const answer = await this.conn.request('register', { username: input.username, licenseZip: input.licenseZip, sealed });
    const body = this.checkAnswer('register', answer, input.hmk, clientNonce);
    if (!sameRegisters(body.registers, { ar: 0, dr: 0 })) throw refused('register');
    this.challenge = body.challenge;
    return body;
  }

  /**
   * SPEC §3.3 login. The vault judges the passphrase first (it counts failures and locks the
   * meter, SPEC §3.3), so a refusal is thrown before `unlockHmk` runs. Only an accepted login
   * unlocks the local HMK, and the answer is used only if its MAC verifies with that HMK.
   */
  async login(input: { username: string; passphrase: string }, unlockHmk: () => Buffer) {
    const loginNonce = await this.takeLoginNonce();
    const clientNonce = randomNonce();
    const sealed = sealForBank(this.trust.bankEncPem, { passphrase: input.passphrase, clientNonce, loginNonce });
    const answer = await this.conn.request('login', { username: input.username, clientNonce, sealed });
    if (!answer.ok) throw vaultError(answer.error);
    const hmk = unlockHmk();
    try {
      const body = this.checkAnswer('login', answer, hmk, clientNonce);
      this.challenge = body.challenge;
      return { body, hmk };
    } catch (err) {
      hmk.fill(0);
      throw err;
    }
  }

  /**
   * docs/protocol.md "Accounts with several users": moves the meter to this computer. The answer
   * is `login`'s, MACed with the new HMK the caller made (and stored sealed) for this computer.
   */
  async transfer(input: { username: string; passphrase: string }, hmk: Buffer) {
    const loginNonce = await this.takeLoginNonce();
    const clientNonce = randomNonce();
    const sealed = sealForBank(this.trust.bankEncPem, { passphrase: input.passphrase, hmk: toB64url(hmk), clientNonce, loginNonce });
    const answer = await this.conn.request('transfer', { username: input.username, clientNonce, sealed });
    const body = this.checkAnswer('transfer', answer, hmk, clientNonce);
    this.challenge = body.challenge;
    return body;
  }

  /** A secret sealed to the bank (SPEC §3.3), for the sealed fields of the people ops. */
  seal(secret: Record<string, unknown>): string {
    return sealForBank(this.trust.bankEncPem, secret);
  }

  /**
   * One MACed op. `before` is the mirror sent as `registers`; `expected` is what the answer's
   * registers must be. An error answer changes nothing on either side (SPEC §3.2).
   */
  async maced<K extends MacedOp>(
    op: K,
    hmk: Buffer,
    fields: MacedFields,
    before: Registers,
    expected: Registers,
  ): Promise<ResponseBody<K>> {
    if (this.challenge === null) throw new AppError('AUTH_FAILED', 'Sign in first.');
    const clientNonce = randomNonce();
    const own = typeof fields === 'function' ? fields(clientNonce) : fields;
    const body = { ...own, challenge: this.challenge, clientNonce, registers: before };
    const answer = await this.conn.request(op, body, computeMac(hmk, 'req', op, body));
    const checked = this.checkAnswer(op, answer, hmk, clientNonce) as ResponseBody<K> & { registers: Registers; challenge: string };
    if (!sameRegisters(checked.registers, expected)) throw refused('register');
    this.challenge = checked.challenge;
    return checked;
  }

  async unmaced<K extends PublicOp>(op: K, body: Record<string, unknown>): Promise<ResponseBody<K>> {
    const raw = await this.unmacedRaw(op, body);
    const parsed = responseBodySchemas[op].safeParse(raw);
    if (!parsed.success) throw refused('format');
    return parsed.data as ResponseBody<K>;
  }

  private async unmacedRaw(op: OpName, body: Record<string, unknown>): Promise<unknown> {
    const answer = await this.conn.request(op, body);
    if (!answer.ok) throw vaultError(answer.error);
    return answer.body;
  }

  private checkAnswer<K extends OpName>(
    op: K,
    answer: VaultAnswer,
    hmk: Buffer,
    clientNonce: string,
  ): ResponseBody<K> & { clientNonce: string } {
    if (!answer.ok) throw vaultError(answer.error);
    const parsed = responseBodySchemas[op].safeParse(answer.body);
    if (!parsed.success) throw refused('format');
    if (answer.mac === undefined || !verifyMac(hmk, 'res', op, answer.body, answer.mac)) throw refused('MAC');
    const body = parsed.data as ResponseBody<K> & { clientNonce: string };
    if (body.clientNonce !== clientNonce) throw refused('nonce');
    return body;
  }
}

export function newHmk(): Buffer {
  return randomBytes(32);
}
