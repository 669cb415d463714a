/**
 * A signed-in meter: the HMK in memory, the vault client, and the mirror registers with their
 * write-ahead entry. Every value op records its pending entry before the request goes out and
 * moves the mirror only after the answer passed every check. A lost answer leaves the entry
 * for the next login to reconcile; a refused answer stops value operations.
 */
import { decodeIndicium, destinationZipToUint, mailDateToUint, verifyIndicium } from '@vbi/indicia';
import type { PostageRateCategory, ResponseBody } from '@vbi/protocol';
import type { Problem } from '../problems.ts';
import { bannerOf, meaningOf } from '../error-meanings.ts';
import { AppError } from '../errors.ts';
import { describeError, type Log } from '../log.ts';
import type { AccountFile, AccountStore, MirrorFile, PendingTx } from '../profile/account-store.ts';
import { saveHmk } from '../profile/hmk-store.ts';
import { refused, type PeopleOp, type Registers, type VaultClient } from '../vault/client.ts';

export interface PieceRequest {
  postage: number;
  rateCategory: PostageRateCategory;
  mailDate: string;
  destinationZip?: string;
}

/** Who is signed in on the meter (the vault's `users` answer; docs/protocol.md "Accounts with several users"). */
export interface Person {
  username: string;
  role: 'admin' | 'clerk';
  owner: boolean;
  mustChangePassphrase: boolean;
}

export class MeterAccount {
  /** Set when value operations must stop; the message is shown as is. */
  blocked: Problem | null = null;
  funds: number | null = null;
  /** The person signed in; until the vault's `users` answer says otherwise, the one who set the meter up. */
  person: Person;

  constructor(
    readonly client: VaultClient,
    private readonly hmk: Buffer,
    readonly account: AccountFile,
    readonly store: AccountStore,
    private mirrorState: MirrorFile,
    private readonly log: Log,
  ) {
    this.person = { username: account.username, role: 'admin', owner: true, mustChangePassphrase: false };
  }

  get mirror(): MirrorFile {
    return this.mirrorState;
  }

  get registers(): Registers {
    return this.mirrorState.registers;
  }

  /** Forgets the HMK (called on logout or when the connection is gone for good). */
  wipe(): void {
    this.hmk.fill(0);
  }

  async buy(amount: number): Promise<number> {
    const before = this.registers;
    const expected = { ar: before.ar, dr: before.dr + amount };
    const body = await this.valueOp('purchase', { amount }, { op: 'purchase', before, expected, pieceNumber: null, postage: 0 });
    if (body.amount !== amount) throw this.refuse(refused('amount'));
    this.funds = body.funds;
    return body.funds;
  }

  /** The piece number the next postage piece will get. */
  get nextPieceNumber(): number {
    return this.mirrorState.pieces + 1;
  }

  /** Issues a postage piece. */
  async issuePiece(req: PieceRequest): Promise<{ pieceNumber: number; indicium: Buffer }> {
    const before = this.registers;
    const expected = { ar: before.ar + req.postage, dr: before.dr - req.postage };
    if (expected.dr < 0) throw new AppError('INSUFFICIENT_POSTAGE', 'Not enough postage on the meter. Buy postage first.');
    const pieceNumber = this.nextPieceNumber;
    const fields = { kind: 'postage', ...req };
    const body = await this.valueOp('indicium', fields, { op: 'indicium', before, expected, pieceNumber, postage: req.postage });
    const indicium = Buffer.from(body.indicium, 'base64url');
    if (body.pieceNumber !== pieceNumber) throw this.refuse(refused('piece number'));
    this.checkIndicium(indicium, { ...req, pieceNumber, ...expected, kind: 1 });
    return { pieceNumber, indicium };
  }

  /** A kind-2 sample (no value): for the test envelope and the layout preview. */
  async testIndicium(mailDate: string): Promise<Buffer> {
    const r = this.registers;
    this.assertUsable();
    const body = await this.guard(this.client.maced('indicium', this.hmk, { kind: 'test', postage: 0, rateCategory: 'TEST', mailDate }, r, r));
    const indicium = Buffer.from(body.indicium, 'base64url');
    this.checkIndicium(indicium, { postage: 0, rateCategory: 'TEST', mailDate, pieceNumber: 0, ...r, kind: 2 });
    return indicium;
  }

  /** The stored indicium of an earlier piece (re-print, or a piece whose answer was lost). */
  async fetchPiece(pieceNumber: number, expect: { postage: number }): Promise<Buffer> {
    const r = this.registers;
    this.assertUsable();
    const body = await this.guard(this.client.maced('piece', this.hmk, { pieceNumber }, r, r));
    const indicium = Buffer.from(body.indicium, 'base64url');
    const decoded = this.decodeVerified(indicium);
    if (body.pieceNumber !== pieceNumber || decoded.pieceNumber !== pieceNumber || decoded.postage !== expect.postage || decoded.kind !== 1) {
      throw this.refuse(refused('piece'));
    }
    return indicium;
  }

  async refund(pieceNumber: number, postage: number): Promise<void> {
    const before = this.registers;
    const expected = { ar: before.ar, dr: before.dr + postage };
    const body = await this.valueOp('refund', { pieceNumber }, { op: 'refund', before, expected, pieceNumber, postage });
    if (body.amount !== postage || body.pieceNumber !== pieceNumber) throw this.refuse(refused('refund'));
  }

  async printerResult(fields: { printerName: string; media: string; offsetsMm: { x: number; y: number }; passed: boolean }): Promise<void> {
    const r = this.registers;
    await this.guard(this.client.maced('printerResult', this.hmk, fields, r, r));
  }

  async logout(): Promise<void> {
    const r = this.registers;
    try {
      await this.client.maced('logout', this.hmk, {}, r, r);
    } finally {
      this.wipe();
      this.client.connection.close();
    }
  }

  /** One of the people ops (no value moves: the registers stay). `fields` may seal a secret with the request's nonce. */
  async peopleOp<K extends PeopleOp>(op: K, fields: Record<string, unknown> | ((clientNonce: string) => Record<string, unknown>)): Promise<ResponseBody<K>> {
    const r = this.registers;
    if (!this.client.connection.isOpen) throw new AppError('OFFLINE', 'The vault cannot be reached. Sign in again when you are back online.');
    return this.guard(this.client.maced(op, this.hmk, fields, r, r));
  }

  /** Seals this meter's HMK on this computer under a person's passphrase (their own key file). */
  wrapKeyFor(profileDir: string, username: string, passphrase: string): void {
    saveHmk(profileDir, username, passphrase, this.hmk);
  }

  /** Moves the mirror to a reconciled state (login) and clears the pending entry. */
  settle(registers: Registers, pieces: number): void {
    this.mirrorState = { ...this.mirrorState, registers, pieces, pending: null };
    this.store.writeMirror(this.mirrorState);
  }

  private async valueOp<K extends 'purchase' | 'indicium' | 'refund'>(
    op: K,
    fields: Record<string, unknown>,
    entry: Omit<PendingTx, 'at'>,
  ) {
    this.assertUsable();
    const pending: PendingTx = { ...entry, at: new Date().toISOString() };
    this.store.writeMirror({ ...this.mirrorState, pending }); // write-ahead: before the request leaves
    let body;
    try {
      body = await this.guard(this.client.maced(op, this.hmk, fields, entry.before, entry.expected));
    } catch (err) {
      // A definite refusal by the vault changed nothing: drop the pending entry. A lost or
      // refused answer keeps it for the next login to reconcile.
      if (err instanceof AppError && meaningOf(err.code).outcome === 'refused') {
        this.store.writeMirror(this.mirrorState);
      }
      throw err;
    }
    const pieces = op === 'indicium' ? this.mirrorState.pieces + 1 : this.mirrorState.pieces;
    this.mirrorState = { ...this.mirrorState, registers: entry.expected, pieces, pending: null };
    this.store.writeMirror(this.mirrorState);
    return body;
  }

  private assertUsable(): void {
    if (this.blocked) throw new AppError(this.blocked.code, this.blocked.message);
    if (!this.client.connection.isOpen) throw new AppError('OFFLINE', 'The vault cannot be reached. Sign in again when you are back online.');
  }

  private async guard<T>(p: Promise<T>): Promise<T> {
    try {
      return await p;
    } catch (err) {
      if (err instanceof AppError && meaningOf(err.code).session === 'stop-value-ops') this.blocked = bannerOf(err);
      throw err;
    }
  }

  private refuse(err: AppError): AppError {
    this.blocked = bannerOf(err);
    return err;
  }

  private decodeVerified(indicium: Buffer) {
    let ok = false;
    try {
      ok = verifyIndicium(indicium, this.account.certificate);
    } catch (err) {
      this.log.warn('indicium-unverifiable', describeError(err));
      ok = false;
    }
    if (!ok) throw this.refuse(refused('indicium signature'));
    return decodeIndicium(indicium);
  }

  private checkIndicium(
    indicium: Buffer,
    want: { postage: number; rateCategory: string; mailDate: string; destinationZip?: string; pieceNumber: number; ar: number; dr: number; kind: 1 | 2 },
  ): void {
    const d = this.decodeVerified(indicium);
    const good =
      d.kind === want.kind &&
      d.postage === want.postage &&
      d.pieceNumber === want.pieceNumber &&
      d.ar === want.ar &&
      d.dr === want.dr &&
      d.rateCategory.trim() === want.rateCategory &&
      d.mailDate === mailDateToUint(want.mailDate) &&
      d.destinationZip === destinationZipToUint(want.destinationZip) &&
      d.originZip === Number(this.account.licenseZip) &&
      d.psdSerial === this.account.deviceId.serial;
    if (!good) throw this.refuse(refused('indicium contents'));
  }
}
