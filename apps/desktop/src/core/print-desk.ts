/**
 * Everything that ends on paper: preview, print postage, the piece recovered after a lost
 * answer, re-print, refund, history, printers and printer setup. The PDF comes from
 * packages/indicia; the exact bytes go to a PrintSink; offsets from printer setup are applied.
 */
import { createHash } from 'node:crypto';
import { platform } from 'node:os';
import { RATE_CATEGORY_OF_MAIL_CLASS } from '@vbi/protocol';
import { printJobSchema, type AppStatus, type CallInput, type CallOutput, type HistoryEntry, type MailAddress } from '../shared/contract.ts';
import type { MeterAccount } from './account/meter-account.ts';
import type { AppCore } from './app-core.ts';
import { todayUtc } from './dates.ts';
import { AppError } from './errors.ts';
import { MAIL_CLASS_LABEL } from './mail-classes.ts';
import { renderPdf, pdfToPngPages } from './print/render.ts';
import type { PrinterRegistry, ResolvedPrinter } from './print/printers.ts';
import type { PendingTx } from './profile/account-store.ts';
import { toEntry, type HistoryRecord } from './profile/history-store.ts';
import type { PrinterSetupStore } from './profile/printer-setup-store.ts';

type Job = ReturnType<typeof printJobSchema.parse>;
const NO_OFFSETS = { x: 0, y: 0 };

export class PrintDesk {
  private sample: { date: string; bytes: Buffer } | null = null;

  constructor(
    private readonly core: AppCore,
    private readonly printers: PrinterRegistry,
    private readonly setups: PrinterSetupStore,
  ) {}

  pendingPiece(account: MeterAccount): AppStatus['pendingPiece'] {
    const r = this.core.historyOf(account).list().find((h) => h.status === 'not-printed');
    return r ? { pieceNumber: r.pieceNumber, postage: r.postage, addressee: r.to.name || r.to.street, printerId: r.printerId } : null;
  }

  /** After a lost answer: the vault committed the piece, so fetch it and keep it for printing. */
  async recover(account: MeterAccount, pending: PendingTx, fetchPiece: number | null): Promise<void> {
    const history = this.core.historyOf(account);
    if (pending.op === 'refund' && pending.pieceNumber !== null) {
      const r = history.get(pending.pieceNumber);
      if (r) history.put({ ...r, status: 'refunded' });
      return;
    }
    if (fetchPiece === null) return;
    const job = printJobSchema.safeParse(pending.job);
    await account.fetchPiece(fetchPiece, { postage: pending.postage }); // proves the piece is ours before we list it
    const fallback: MailAddress = { name: '', street: 'Recovered piece', secondary: '', city: '', state: '', zip: '' };
    const known = job.success ? job.data : null;
    history.put(this.record(known, fetchPiece, pending.postage, known?.printerId ?? null, 'not-printed', known?.to ?? fallback));
  }

  async preview(input: CallInput<'preview'>): Promise<CallOutput<'preview'>> {
    const job = printJobSchema.parse(input);
    const account = this.core.requireAccount();
    const quote = await this.quoteFor(job, account);
    if (this.sample?.date !== job.mailDate) {
      this.sample = { date: job.mailDate, bytes: await this.core.track(account.testIndicium(job.mailDate)) };
    }
    const pdf = await renderPdf({ indicium: this.sample.bytes, layout: job.layout, from: job.from, to: job.to, mailClassLabel: MAIL_CLASS_LABEL[job.mailClass], offsetsMm: this.offsets(job.printerId) });
    return { pagesPng: await pdfToPngPages(pdf), pdfSha256: sha256(pdf), sample: true, priceMills: quote.priceMills };
  }

  async printPostage(input: CallInput<'printPostage'>): Promise<CallOutput<'printPostage'>> {
    const job = printJobSchema.parse(input);
    const account = this.core.requireAccount();
    const printer = await this.printers.resolve(job.printerId);
    this.assertSetUp(printer, job.skipSetup);
    if (!job.to.zip) throw new AppError('BAD_REQUEST', 'The delivery address needs a ZIP code.');
    const quote = await this.quoteFor(job, account);
    const piece = await this.core.track(
      account.issuePiece({ postage: quote.priceMills, rateCategory: quote.rateCategory, mailDate: job.mailDate, destinationZip: job.to.zip }, job),
    );
    const history = this.core.historyOf(account);
    const record = this.record(job, piece.pieceNumber, quote.priceMills, printer.id, 'not-printed', job.to);
    history.put(record);
    const entry = await this.send(account, record, piece.indicium, printer, 'printed');
    return { entry, status: this.core.pushStatus() };
  }

  async printPending(input: CallInput<'printPending'>): Promise<CallOutput<'printPending'>> {
    const account = this.core.requireAccount();
    const record = this.core.historyOf(account).list().find((h) => h.status === 'not-printed');
    if (!record) throw new AppError('NOT_FOUND', 'There is no piece waiting to be printed.');
    const printer = await this.printers.resolve(input.printerId);
    this.assertSetUp(printer, input.skipSetup ?? false);
    const indicium = await this.core.track(account.fetchPiece(record.pieceNumber, { postage: record.postage }));
    const entry = await this.send(account, { ...record, printerId: printer.id }, indicium, printer, 'printed');
    return { entry, status: this.core.pushStatus() };
  }

  async reprint(input: CallInput<'reprint'>): Promise<HistoryEntry> {
    const account = this.core.requireAccount();
    const record = this.core.historyOf(account).get(input.pieceNumber);
    if (!record) throw new AppError('NOT_FOUND', `Piece ${input.pieceNumber} is not in this computer's history.`);
    if (record.status === 'refunded') throw new AppError('NOT_REFUNDABLE', 'A refunded piece cannot be printed again.');
    const printer = await this.printers.resolve(input.printerId);
    this.assertSetUp(printer, input.skipSetup ?? false);
    const indicium = await this.core.track(account.fetchPiece(record.pieceNumber, { postage: record.postage }));
    const status = record.status === 'not-printed' ? 'printed' : 're-printed';
    const entry = await this.send(account, { ...record, printerId: printer.id }, indicium, printer, status);
    this.core.pushStatus();
    return entry;
  }

  async refund(input: CallInput<'refund'>): Promise<CallOutput<'refund'>> {
    const account = this.core.requireAccount();
    const history = this.core.historyOf(account);
    const record = history.get(input.pieceNumber);
    if (!record) throw new AppError('NOT_FOUND', `Piece ${input.pieceNumber} is not in this computer's history.`);
    if (record.status === 'refunded') throw new AppError('NOT_REFUNDABLE', 'This piece was already refunded.');
    await this.core.track(account.refund(record.pieceNumber, record.postage));
    const updated: HistoryRecord = { ...record, status: 'refunded' };
    history.put(updated);
    return { entry: toEntry(updated), status: this.core.pushStatus() };
  }

  history(): HistoryEntry[] {
    return this.core.historyOf(this.core.requireAccount()).list().map(toEntry);
  }

  async listPrinters(): Promise<CallOutput<'listPrinters'>> {
    return (await this.printers.list()).map((p) => this.describe(p));
  }

  async checkPrinter(input: CallInput<'checkPrinter'>): Promise<CallOutput<'checkPrinter'>> {
    const printer = await this.printers.resolve(input.printerId);
    const client = await this.core.ensureClient();
    const os = platform();
    const body = { printerName: printer.name, driverName: printer.driverName || 'unknown', os: os === 'darwin' || os === 'win32' ? os : 'linux' };
    return this.core.track(client.unmaced('printerCheck', body));
  }

  /** The test envelope: a kind-2 sample indicium with alignment marks, at the offsets given. */
  async printTestEnvelope(input: CallInput<'printTestEnvelope'>): Promise<CallOutput<'printTestEnvelope'>> {
    const account = this.core.requireAccount();
    const printer = await this.printers.resolve(input.printerId);
    const indicium = await this.core.track(account.testIndicium(todayUtc()));
    const pdf = await renderPdf({ indicium, layout: 'test-envelope', offsetsMm: input.offsetsMm });
    await this.sendBytes(printer, pdf, 'vbi-test-envelope');
    return { printed: true };
  }

  async savePrinterSetup(input: CallInput<'savePrinterSetup'>): Promise<CallOutput<'savePrinterSetup'>> {
    const account = this.core.requireAccount();
    const printer = await this.printers.resolve(input.printerId);
    await this.core.track(account.printerResult({ printerName: printer.name, media: input.media, offsetsMm: input.offsetsMm, passed: input.passed }));
    this.setups.put(printer.id, { passed: input.passed, media: input.media, offsetsMm: input.offsetsMm, at: new Date().toISOString() });
    return this.describe(printer);
  }

  private describe(p: ResolvedPrinter): CallOutput<'listPrinters'>[number] {
    const setup = this.setups.get(p.id);
    return { id: p.id, name: p.name, sink: p.sink.kind, driverName: p.driverName, setupPassed: setup?.passed ?? false, offsetsMm: setup?.offsetsMm ?? NO_OFFSETS };
  }

  private offsets(printerId: string): { x: number; y: number } {
    return this.setups.get(printerId)?.offsetsMm ?? NO_OFFSETS;
  }

  private assertSetUp(printer: ResolvedPrinter, skip: boolean): void {
    if (this.setups.get(printer.id)?.passed) return;
    if (skip && printer.sink.kind === 'file') return;
    throw new AppError('PRINTER_NOT_SET_UP', `"${printer.name}" has not passed printer setup yet. Set it up first so the postage lines up.`);
  }

  private async quoteFor(job: Job, account: MeterAccount) {
    const fromZip = /^[0-9]{5}/.exec(job.from.zip)?.[0] ?? account.account.licenseZip;
    if (!job.to.zip) throw new AppError('BAD_REQUEST', 'The delivery address needs a ZIP code.');
    const client = await this.core.ensureClient();
    return this.core.track(client.unmaced('ratesQuote', { mailClass: job.mailClass, weightOz: job.weightOz, fromZip, toZip: job.to.zip }));
  }

  /** Renders the piece and prints it; a failed print leaves it `not-printed` in the history. */
  private async send(account: MeterAccount, record: HistoryRecord, indicium: Buffer, printer: ResolvedPrinter, status: HistoryEntry['status']): Promise<HistoryEntry> {
    const pdf = await renderPdf({ indicium, layout: record.layout, from: record.from, to: record.to, mailClassLabel: record.mailClassLabel, offsetsMm: this.offsets(printer.id) });
    await this.sendBytes(printer, pdf, `vbi-piece-${record.pieceNumber}`, record.pieceNumber);
    const done: HistoryRecord = { ...record, printerId: printer.id, status, at: new Date().toISOString() };
    this.core.historyOf(account).put(done);
    return toEntry(done);
  }

  private async sendBytes(printer: ResolvedPrinter, pdf: Buffer, title: string, pieceNumber?: number): Promise<void> {
    this.core.emit({ type: 'progress', task: 'print', label: `Sending to ${printer.name}`, done: 0, total: 1 });
    try {
      await printer.sink.print(printer.name, pdf, title);
    } catch {
      const kept = pieceNumber ? ` Piece ${pieceNumber} is paid for and kept: print it again from History.` : '';
      throw new AppError('PRINT_FAILED', `The printer "${printer.name}" did not take the job.${kept}`);
    } finally {
      this.core.emit({ type: 'progress', task: 'print', label: 'Done', done: 1, total: 1 });
    }
  }

  private record(job: Job | null, pieceNumber: number, postage: number, printerId: string | null, status: HistoryEntry['status'], to: MailAddress): HistoryRecord {
    const empty: MailAddress = { name: '', street: '-', secondary: '', city: '', state: '', zip: '' };
    return {
      pieceNumber,
      postage,
      rateCategory: job ? RATE_CATEGORY_OF_MAIL_CLASS[job.mailClass] : '',
      addressee: [to.name, to.street].filter(Boolean).join(', '),
      destinationZip: to.zip,
      mailDate: job?.mailDate ?? '',
      at: new Date().toISOString(),
      printerId,
      status,
      layout: job?.layout ?? 'label-4x6',
      from: job?.from ?? empty,
      to,
      mailClassLabel: job ? MAIL_CLASS_LABEL[job.mailClass] : 'Postage',
    };
  }
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
