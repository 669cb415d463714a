/**
 * Batch printing, up to the print: recipients from a CSV (recipients-csv.ts), each checked against
 * the postal database into a review table (review.ts) that the person fixes (edit, keep as entered,
 * drop), then priced with fresh quotes. Printing is batch-print.ts. At sign-in, a batch that was
 * printing when the app stopped is settled against the meter (`reconcile`).
 */
import { randomUUID } from 'node:crypto';
import type { BatchRow, BatchSettings, BatchView, CallArgs, MailAddress } from '../../shared/contract.ts';
import { plainVaultMessage } from '../../shared/plain-messages.ts';
import type { SignedInAccount } from '../account/signed-in.ts';
import { assertMailDate } from '../dates.ts';
import { meaningOf } from '../error-meanings.ts';
import { AppError, toAppError } from '../errors.ts';
import { pieceRecord } from '../print/piece-record.ts';
import { PrintJournal } from '../print/print-journal.ts';
import type { PrintService } from '../print/print-service.ts';
import type { Session } from '../session.ts';
import type { SupportService } from '../support-service.ts';
import { BatchStore, viewOf } from './batch-store.ts';
import { parseRecipients } from './recipients-csv.ts';
import { reviewAddress, zipProblem, type Reviewed } from './review.ts';

/** The piece a row prints as (its own weight, else the batch's). */
export function pieceOf(settings: BatchSettings, row: BatchRow) {
  const { from, mailClass, mailDate, layout, sheet } = settings;
  return { from, to: row.to, mailClass, weightOz: row.weightOz ?? settings.weightOz, mailDate, layout, ...(sheet ? { sheet } : {}) };
}

export class BatchService {
  constructor(
    private readonly session: Session,
    private readonly print: PrintService,
    private readonly support: SupportService,
  ) {}

  private open(): { account: SignedInAccount; store: BatchStore } {
    const account = this.session.requireAccount();
    return { account, store: new BatchStore(account.meter.store.dir) };
  }

  /** The batch being worked on, if any. */
  current(): BatchView | null {
    const batch = this.open().store.read();
    return batch ? viewOf(batch) : null;
  }

  /** Forgets the batch; its issued pieces stay in History (print them from there). */
  discard(): null {
    const { store } = this.open();
    if (store.read()?.phase === 'printing') throw new AppError('BUSY', 'The batch is printing; wait for it to finish.');
    store.clear();
    return null;
  }

  async importCsv(input: CallArgs<'batchImport'>): Promise<BatchView> {
    const { store } = this.open();
    const earlier = store.read();
    if (earlier && (earlier.phase === 'printing' || earlier.phase === 'interrupted')) {
      throw new AppError('BAD_REQUEST', 'The last batch did not finish printing: resume it or discard it first.');
    }
    assertMailDate(input.settings.mailDate);
    await this.support.assertStateMatchesZip(input.settings.from, 'Return');
    const { recipients, skipped } = parseRecipients(input.csv);
    const rows: BatchRow[] = [];
    for (const [i, r] of recipients.entries()) {
      this.progress('Checking addresses', i, recipients.length);
      const base = { id: i + 1, line: r.line, order: r.order, weightOz: r.weightOz, priceMills: null, pieceNumber: null };
      if (r.problem) {
        rows.push({ ...base, to: r.to, state: 'needs-fix', message: r.problem });
        continue;
      }
      const checked = await this.check(r.to, 'match');
      rows.push({ ...base, ...checked, message: [r.note, checked.message].filter(Boolean).join(' ') });
    }
    const batch = { id: randomUUID(), createdAt: new Date().toISOString(), settings: input.settings, rows, skipped, phase: 'review' as const };
    store.write(batch);
    return viewOf(batch);
  }

  async editRow(input: CallArgs<'batchEditRow'>): Promise<BatchView> {
    const { store } = this.open();
    const batch = store.read();
    if (!batch) throw new AppError('NOT_FOUND', 'There is no batch. Import a CSV file first.');
    if (batch.phase !== 'review' && batch.phase !== 'priced') throw new AppError('BAD_REQUEST', 'This batch is printed or printing; its rows can no longer change.');
    const row = batch.rows.find((r) => r.id === input.id);
    if (!row) throw new AppError('NOT_FOUND', 'That row is not in the batch.');
    if (input.weightOz !== undefined) row.weightOz = input.weightOz;
    if (input.to) row.to = input.to;
    const checked: Reviewed =
      input.action === 'drop' ? { state: 'needs-fix', to: row.to, message: '' } : await this.check(row.to, input.action === 'keep-as-entered' ? 'keep' : 'match');
    Object.assign(row, input.action === 'drop' ? { state: 'dropped', message: 'Left out of this batch.' } : checked);
    // Any change is priced again, so the total the person confirms is the total of what prints.
    for (const r of batch.rows) r.priceMills = null;
    batch.phase = 'review';
    store.write(batch);
    return viewOf(batch);
  }

  async price(): Promise<BatchView> {
    const { account, store } = this.open();
    const batch = store.read();
    if (!batch || (batch.phase !== 'review' && batch.phase !== 'priced')) throw new AppError('BAD_REQUEST', 'There is no batch to price. Import a CSV file first.');
    const ready = batch.rows.filter((r) => r.state === 'ready');
    if (ready.length === 0) throw new AppError('BAD_REQUEST', 'No row is ready to print: fix rows, keep them as entered, or import another file.');
    for (const [i, row] of ready.entries()) {
      this.progress('Pricing', i, ready.length);
      try {
        row.priceMills = (await this.print.quote(pieceOf(batch.settings, row), account)).priceMills;
      } catch (err) {
        const e = toAppError(err);
        if (meaningOf(e.code).outcome !== 'refused' || e.code === 'VAULT_HALTED') throw err;
        Object.assign(row, { state: 'needs-fix', priceMills: null, message: `No price: ${plainVaultMessage(e.message)}` });
      }
    }
    batch.phase = 'priced';
    store.write(batch);
    return viewOf(batch);
  }

  /**
   * At sign-in: a batch that was printing when the app or its connection stopped. A row asked of the
   * meter (`issuing`) was issued exactly when the meter's piece count reached its piece number (the
   * login reconciled the mirror with the vault; piece numbers are the meter's, one after another);
   * otherwise nothing was charged and it is ready again. The batch waits, interrupted, to be resumed.
   */
  reconcile(account: SignedInAccount): void {
    const store = new BatchStore(account.meter.store.dir);
    const batch = store.read();
    if (!batch || (batch.phase !== 'printing' && !batch.rows.some((r) => r.state === 'issuing'))) return;
    const journal = new PrintJournal(account.meter.store.dir);
    for (const row of batch.rows.filter((r) => r.state === 'issuing' && r.pieceNumber !== null)) {
      const n = row.pieceNumber!;
      if (account.meter.mirror.pieces >= n) {
        row.state = 'issued';
        row.message = 'Paid for; its answer was lost. Resume prints it (no new charge).';
        if (!account.history.get(n)) account.history.put(pieceRecord(pieceOf(batch.settings, row), { pieceNumber: n, postage: row.priceMills ?? 0, to: row.to }, null, 'not-printed'));
        if (journal.jobOf(n)) journal.clear();
      } else {
        Object.assign(row, { state: 'ready', pieceNumber: null, message: 'Not issued when printing stopped; not charged.' });
      }
    }
    batch.phase = 'interrupted';
    store.write(batch);
  }

  /** A row's address checked against the postal database: matched (`match`), or as typed (`keep`). */
  private async check(to: MailAddress, mode: 'match' | 'keep'): Promise<Reviewed> {
    const answer = await this.support.matchAddress({ street: to.street, secondary: to.secondary, city: to.city, state: to.state, zip: to.zip });
    if (mode === 'match') return reviewAddress(to, answer);
    const problem = zipProblem(to, answer);
    return problem ? { state: 'needs-fix', to, message: problem } : { state: 'ready', to, message: 'Kept as entered (not matched to the postal database).' };
  }

  private progress(label: string, done: number, total: number): void {
    this.session.emit({ type: 'progress', task: 'batch', label: `${label}: ${done + 1} of ${total}`, done, total });
  }
}
