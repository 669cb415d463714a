/**
 * One meter under load: a MeterClient plus what the person's side knows — the mirror of the
 * registers after the last answered transaction, every answered piece and refund, and the one
 * transaction in flight when the connection dropped. `reconcile` logs in again and explains the
 * vault's registers from that knowledge (SPEC §4.4), or reports a loss.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { Answer } from '../src/testing/meter-client.ts';
import { MeterClient, today } from '../src/testing/meter-client.ts';
import type { Harness } from './context.ts';

type Pending =
  | { op: 'purchase'; amount: number }
  | { op: 'indicium'; postage: number }
  | { op: 'refund'; pieceNumber: number; postage: number };

export class LoadMeter {
  client: MeterClient | null = null;
  /** Resolves null when the current connection closes. */
  private closed: Promise<null> = Promise.resolve(null);
  readonly passphrase = `pass-${randomBytes(12).toString('base64url')}`;
  hmk: Buffer = Buffer.alloc(0);
  meterId = '';
  mirror = { ar: 0, dr: 0 };
  downloads = 0;
  refunds = 0;
  /** pieceNumber → postage and refunded, for every answered (or reconciled) piece. */
  readonly pieces = new Map<number, { postage: number; refunded: boolean }>();
  pending: Pending | null = null;
  answered = 0;
  /** In-flight transactions that turned out to have committed (found at reconcile). */
  committedInFlight = 0;

  constructor(private readonly h: Harness, readonly username: string) {
    h.secret(`passphrase of ${username}`, this.passphrase);
  }

  async connect(url: string, trustDir: string): Promise<MeterClient> {
    this.client?.close();
    const c = this.h.track(await MeterClient.connect(url, trustDir));
    this.closed = new Promise<null>((resolve) => c.ws.once('close', () => resolve(null)));
    this.client = c;
    return c;
  }

  async register(url: string, trustDir: string): Promise<void> {
    const c = await this.connect(url, trustDir);
    const a = await c.register(this.username, this.passphrase);
    if (!a.ok) throw new Error(`register ${this.username}: ${a.error?.code}`);
    this.hmk = c.hmk;
    this.meterId = c.meterId;
    this.h.secret(`HMK of ${this.username}`, this.hmk);
  }

  /** Sends one MACed op; resolves null when the connection closed before an answer came. */
  private async maced(op: 'purchase' | 'indicium' | 'refund', body: object): Promise<Answer | null> {
    const c = this.client;
    if (c === null || c.ws.readyState !== c.ws.OPEN) return null;
    return Promise.race([c.maced(op, body as never), this.closed]);
  }

  /** One random value transaction. Returns false when the connection is gone. */
  async step(): Promise<boolean> {
    const unrefunded = [...this.pieces].filter(([, p]) => !p.refunded);
    const roll = randomInt(100);
    let pending: Pending;
    if (this.mirror.dr < 1000 || roll < 10) pending = { op: 'purchase', amount: randomInt(2000, 10_000) };
    else if (roll < 25 && unrefunded.length > 0) {
      const [pieceNumber, p] = unrefunded[randomInt(unrefunded.length)] as [number, { postage: number }];
      pending = { op: 'refund', pieceNumber, postage: p.postage };
    } else pending = { op: 'indicium', postage: randomInt(1, Math.min(this.mirror.dr, 1000) + 1) };
    this.pending = pending;
    const body = pending.op === 'purchase' ? { amount: pending.amount }
      : pending.op === 'refund' ? { pieceNumber: pending.pieceNumber }
        : { kind: 'postage', postage: pending.postage, rateCategory: 'FCLT', mailDate: today() };
    const a = await this.maced(pending.op, body);
    if (a === null) return false;
    this.pending = null;
    if (!a.ok) return a.error?.code !== 'MODULE_UNAVAILABLE';
    this.apply(pending, (a.body as { pieceNumber?: number }).pieceNumber ?? 0);
    this.answered++;
    return true;
  }

  private apply(p: Pending, pieceNumber: number): void {
    if (p.op === 'purchase') {
      this.mirror = { ar: this.mirror.ar, dr: this.mirror.dr + p.amount };
      this.downloads += p.amount;
    } else if (p.op === 'indicium') {
      this.mirror = { ar: this.mirror.ar + p.postage, dr: this.mirror.dr - p.postage };
      this.pieces.set(pieceNumber, { postage: p.postage, refunded: false });
    } else {
      this.mirror = { ar: this.mirror.ar, dr: this.mirror.dr + p.postage };
      this.refunds += p.postage;
      const piece = this.pieces.get(p.pieceNumber);
      if (piece) piece.refunded = true;
    }
  }

  /**
   * Logs in on a new connection and explains the vault's registers: equal to the mirror (the
   * in-flight transaction did not commit), or equal to the mirror plus the in-flight transaction
   * (it committed; for a piece, lastPiece must name it). Anything else is a loss: returns why.
   */
  async reconcile(url: string, trustDir: string): Promise<string | null> {
    const c = await this.connect(url, trustDir);
    const a = await c.login(this.username, this.passphrase, this.hmk);
    if (!a.ok) return `${this.username}: login failed (${a.error?.code})`;
    const body = a.body as { registers: { ar: number; dr: number }; pieces: number; lastPiece: { pieceNumber: number; postage: number } | null };
    const got = body.registers;
    const same = (r: { ar: number; dr: number }) => r.ar === got.ar && r.dr === got.dr;
    const p = this.pending;
    this.pending = null;
    if (same(this.mirror)) {
      if (body.pieces !== this.pieces.size) return `${this.username}: ${body.pieces} pieces, mirror knows ${this.pieces.size}`;
    } else if (p !== null) {
      const before = { ...this.mirror };
      const next = this.pieces.size + 1;
      this.apply(p, next);
      this.committedInFlight++;
      if (!same(this.mirror)) return `${this.username}: registers ${JSON.stringify(got)} explain neither ${JSON.stringify(before)} nor the in-flight ${p.op}`;
      if (p.op === 'indicium' && (body.lastPiece?.pieceNumber !== next || body.lastPiece.postage !== p.postage)) {
        return `${this.username}: lastPiece does not name the in-flight piece`;
      }
    } else return `${this.username}: registers ${JSON.stringify(got)} differ from the mirror ${JSON.stringify(this.mirror)} with nothing in flight`;
    if (this.mirror.ar + this.mirror.dr !== this.downloads + this.refunds) return `${this.username}: AR + DR ≠ downloads + refunds`;
    return null;
  }
}
