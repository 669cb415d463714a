/**
 * Everything that ends on paper with postage: preview, print, the piece recovered after a lost
 * answer, re-print, refund and the history. The PDF comes from packages/indicia; the exact bytes
 * go to a printer through the PrinterService, with the offsets of its setup.
 */
import { createHash } from 'node:crypto';
import { type CallArgs, type CallOutput, type HistoryEntry, type MailAddress, type PrintJob } from '../../shared/contract.ts';
import { MAIL_CLASS_TABLE } from '../../shared/mail-classes.ts';
import type { Reconciled } from '../account/reconcile.ts';
import type { SignedInAccount } from '../account/signed-in.ts';
import { meaningOf } from '../error-meanings.ts';
import { AppError, toAppError } from '../errors.ts';
import { toEntry, type HistoryRecord } from '../profile/history-store.ts';
import type { Session } from '../session.ts';
import { assertConfirmedPrice } from './confirmed-price.ts';
import { pieceRecord } from './piece-record.ts';
import { PrintJournal } from './print-journal.ts';
import { assertMailDate } from '../dates.ts';
import type { SupportService } from '../support-service.ts';
import type { PrinterService } from './printer-service.ts';
import type { ResolvedPrinter } from './printers.ts';
import { pdfToPngPages, renderPdf } from './render.ts';

export class PrintService {
  constructor(
    private readonly session: Session,
    private readonly printers: PrinterService,
    private readonly support: SupportService,
  ) {}

  /** After a lost answer: the vault committed the piece (or refund), so fetch it and keep it for printing. */
  async recover(account: SignedInAccount, applied: Extract<Reconciled, { kind: 'applied' }>): Promise<void> {
    const { pending, fetchPiece } = applied;
    const history = account.history;
    if (pending.op === 'refund' && pending.pieceNumber !== null) {
      const r = history.get(pending.pieceNumber);
      if (r) history.put({ ...r, status: 'refunded' });
      return;
    }
    if (fetchPiece === null) return;
    const journal = new PrintJournal(account.meter.store.dir);
    const known = journal.jobOf(fetchPiece);
    await account.meter.fetchPiece(fetchPiece, { postage: pending.postage }); // proves the piece is ours before we list it
    const fallback: MailAddress = { name: '', street: 'Recovered piece', secondary: '', city: '', state: '', zip: '' };
    history.put(pieceRecord(known, { pieceNumber: fetchPiece, postage: pending.postage, to: known?.to ?? fallback }, known?.printerId ?? null, 'not-printed'));
    journal.clear();
  }

  async preview(job: CallArgs<'preview'>): Promise<CallOutput<'preview'>> {
    const account = this.session.requireAccount();
    assertMailDate(job.mailDate);
    const quote = await this.quote(job, account);
    let sample = account.previewSamples.get(job.mailDate);
    if (!sample) {
      sample = await this.session.track(account.meter.testIndicium(job.mailDate));
      account.previewSamples.set(job.mailDate, sample);
    }
    const pdf = await renderPdf({
      indicium: sample,
      layout: job.layout,
      ...(job.sheet ? { sheet: job.sheet } : {}),
      from: job.from,
      to: job.to,
      mailClassLabel: MAIL_CLASS_TABLE[job.mailClass].printedLabel,
      weightOz: job.weightOz,
      offsetsMm: this.printers.offsets(job.printerId),
    });
    return { pagesPng: await pdfToPngPages(pdf), pdfSha256: sha256(pdf), sample: true, priceMills: quote.priceMills };
  }

  async printPostage(job: CallArgs<'printPostage'>): Promise<CallOutput<'printPostage'>> {
    const account = this.session.requireAccount();
    const printer = await this.printers.readyPrinter(job.printerId, job.skipSetup);
    if (!job.to.zip) throw new AppError('BAD_REQUEST', 'The delivery address needs a ZIP code.');
    assertMailDate(job.mailDate);
    // A state that does not agree with the ZIP (`XX` with 94102) is refused before any value piece exists.
    await this.support.assertStateMatchesZip(job.to, 'Delivery');
    await this.support.assertStateMatchesZip(job.from, 'Return');
    const { record: issued, indicium } = await this.issue(account, job, printer.id);
    // The return address and printer are kept for the next piece, and the next session.
    account.addressBook.setPreferences({ returnAddress: job.from, printerId: printer.id });
    const entry = await this.send(account, issued, indicium, printer, 'printed');
    return { entry, status: this.session.changed() };
  }

  /**
   * Issues the postage piece of a confirmed job: a fresh quote must be the confirmed price (else
   * PRICE_CHANGED, nothing asked of the meter); the job is on disk before the piece is asked for
   * (write-ahead: a lost answer can still print it); the history lists it `not-printed` until it prints.
   */
  async issue(account: SignedInAccount, job: CallArgs<'printPostage'>, printerId: string): Promise<{ record: HistoryRecord; indicium: Buffer }> {
    const quote = await this.quote(job, account);
    assertConfirmedPrice(job.priceMills, quote.priceMills);
    const journal = new PrintJournal(account.meter.store.dir);
    journal.begin(account.meter.nextPieceNumber, job);
    let piece;
    try {
      piece = await this.session.track(account.meter.issuePiece({ postage: quote.priceMills, rateCategory: quote.rateCategory, mailDate: job.mailDate, destinationZip: job.to.zip }));
    } catch (err) {
      if (meaningOf(toAppError(err).code).outcome === 'refused') journal.clear(); // no piece was issued
      throw err;
    }
    const record = pieceRecord(job, { pieceNumber: piece.pieceNumber, postage: quote.priceMills, to: job.to }, printerId, 'not-printed');
    account.history.put(record);
    journal.clear();
    return { record, indicium: piece.indicium };
  }

  async printPending(input: CallArgs<'printPending'>): Promise<CallOutput<'printPending'>> {
    const account = this.session.requireAccount();
    const waiting = account.history.waiting();
    if (!waiting) throw new AppError('NOT_FOUND', 'There is no piece waiting to be printed.');
    const printer = await this.printers.readyPrinter(input.printerId, input.skipSetup);
    const indicium = await this.session.track(account.meter.fetchPiece(waiting.pieceNumber, { postage: waiting.postage }));
    const entry = await this.send(account, { ...waiting, printerId: printer.id }, indicium, printer, 'printed');
    return { entry, status: this.session.changed() };
  }

  async reprint(input: CallArgs<'reprint'>): Promise<HistoryEntry> {
    const account = this.session.requireAccount();
    const earlier = account.history.get(input.pieceNumber);
    if (!earlier) throw new AppError('NOT_FOUND', `Piece ${input.pieceNumber} is not in this computer's history.`);
    if (earlier.status === 'refunded') throw new AppError('NOT_REFUNDABLE', 'A refunded piece cannot be printed again.');
    const printer = await this.printers.readyPrinter(input.printerId, input.skipSetup);
    const indicium = await this.session.track(account.meter.fetchPiece(earlier.pieceNumber, { postage: earlier.postage }));
    const status = earlier.status === 'not-printed' ? 'printed' : 're-printed';
    const entry = await this.send(account, { ...earlier, printerId: printer.id }, indicium, printer, status);
    this.session.changed();
    return entry;
  }

  async refund(input: CallArgs<'refund'>): Promise<CallOutput<'refund'>> {
    const account = this.session.requireAccount();
    const earlier = account.history.get(input.pieceNumber);
    if (!earlier) throw new AppError('NOT_FOUND', `Piece ${input.pieceNumber} is not in this computer's history.`);
    if (earlier.status === 'refunded') throw new AppError('NOT_REFUNDABLE', 'This piece was already refunded.');
    await this.session.track(account.meter.refund(earlier.pieceNumber, earlier.postage));
    const updated: HistoryRecord = { ...earlier, status: 'refunded' };
    account.history.put(updated);
    return { entry: toEntry(updated), status: this.session.changed() };
  }

  history(): HistoryEntry[] {
    return this.session.requireAccount().history.list().map(toEntry);
  }

  /** A fresh quote from the vault for the piece (from the return ZIP, else the licensing ZIP). */
  async quote(job: Omit<PrintJob, 'printerId'>, account: SignedInAccount) {
    const fromZip = /^[0-9]{5}/.exec(job.from.zip)?.[0] ?? account.meter.account.licenseZip;
    if (!job.to.zip) throw new AppError('BAD_REQUEST', 'The delivery address needs a ZIP code.');
    const client = await this.session.ensureClient();
    const dims = job.dimensionsIn ? { dimensionsIn: job.dimensionsIn } : {};
    return this.session.track(client.unmaced('ratesQuote', { mailClass: job.mailClass, weightOz: job.weightOz, fromZip, toZip: job.to.zip, ...dims }));
  }

  /** Renders the piece and prints it; a failed print leaves it `not-printed` in the history. */
  private async send(account: SignedInAccount, r: HistoryRecord, indicium: Buffer, printer: ResolvedPrinter, status: HistoryEntry['status']): Promise<HistoryEntry> {
    const pdf = await renderPdf({
      indicium,
      layout: r.layout,
      ...(r.sheet ? { sheet: r.sheet } : {}),
      from: r.from,
      to: r.to,
      mailClassLabel: r.mailClassLabel,
      ...(r.weightOz !== undefined ? { weightOz: r.weightOz } : {}),
      offsetsMm: this.printers.offsets(printer.id),
    });
    await this.printers.send(printer, pdf, `vbi-piece-${r.pieceNumber}`, r.pieceNumber);
    const now = new Date().toISOString();
    // A re-print keeps the time the piece was first printed.
    const done: HistoryRecord = status === 're-printed' ? { ...r, printerId: printer.id, status, reprintedAt: now } : { ...r, printerId: printer.id, status, at: now };
    account.history.put(done);
    return toEntry(done);
  }
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
