/**
 * The printers: every sink's printers, the vault's printer check, the test envelope, the saved
 * setup (offsets, media), and sending finished PDF bytes to a printer with progress events.
 */
import { platform } from 'node:os';
import type { CallArgs, CallOutput } from '../../shared/contract.ts';
import { todayUtc } from '../dates.ts';
import { AppError } from '../errors.ts';
import { describeError } from '../log.ts';
import type { PrinterSetupStore } from '../profile/printer-setup-store.ts';
import type { Session } from '../session.ts';
import type { PrinterRegistry, ResolvedPrinter } from './printers.ts';
import { renderPdf } from './render.ts';

const NO_OFFSETS = { x: 0, y: 0 };

export class PrinterService {
  constructor(
    private readonly session: Session,
    private readonly printers: PrinterRegistry,
    private readonly setups: PrinterSetupStore,
  ) {}

  async listPrinters(): Promise<CallOutput<'listPrinters'>> {
    return (await this.printers.list()).map((p) => this.describe(p));
  }

  async checkPrinter(input: CallArgs<'checkPrinter'>): Promise<CallOutput<'checkPrinter'>> {
    const printer = await this.printers.resolve(input.printerId);
    const client = await this.session.ensureClient();
    const os = platform();
    const body = { printerName: printer.name, driverName: printer.driverName || 'unknown', os: os === 'darwin' || os === 'win32' ? os : 'linux' };
    return this.session.track(client.unmaced('printerCheck', body));
  }

  /** The test envelope: a kind-2 sample indicium with alignment marks, at the offsets given. */
  async printTestEnvelope(input: CallArgs<'printTestEnvelope'>): Promise<CallOutput<'printTestEnvelope'>> {
    const account = this.session.requireAccount();
    const printer = await this.printers.resolve(input.printerId);
    const indicium = await this.session.track(account.meter.testIndicium(todayUtc()));
    const pdf = await renderPdf({ indicium, layout: 'test-envelope', offsetsMm: input.offsetsMm });
    await this.send(printer, pdf, 'vbi-test-envelope');
    return { printed: true };
  }

  async savePrinterSetup(input: CallArgs<'savePrinterSetup'>): Promise<CallOutput<'savePrinterSetup'>> {
    const account = this.session.requireAccount();
    const printer = await this.printers.resolve(input.printerId);
    await this.session.track(account.meter.printerResult({ printerName: printer.name, media: input.media, offsetsMm: input.offsetsMm, passed: input.passed }));
    this.setups.put(printer.id, { passed: input.passed, media: input.media, offsetsMm: input.offsetsMm, at: new Date().toISOString() });
    return this.describe(printer);
  }

  /** A printer that may take postage: it passed setup, or it is the file sink and setup is skipped. */
  async readyPrinter(printerId: string, skipSetup: boolean): Promise<ResolvedPrinter> {
    const printer = await this.printers.resolve(printerId);
    if (this.setups.get(printer.id)?.passed) return printer;
    if (skipSetup && printer.sink.kind === 'file') return printer;
    throw new AppError('PRINTER_NOT_SET_UP', `"${printer.name}" has not passed printer setup yet. Set it up first so the postage lines up.`);
  }

  /** The offsets printer setup saved for the printer (none before setup). */
  offsets(printerId: string): { x: number; y: number } {
    return this.setups.get(printerId)?.offsetsMm ?? NO_OFFSETS;
  }

  /** Sends the exact PDF bytes; a piece that fails to print is said to be kept. */
  async send(printer: ResolvedPrinter, pdf: Buffer, title: string, pieceNumber?: number): Promise<void> {
    this.session.emit({ type: 'progress', task: 'print', label: `Sending to ${printer.name}`, done: 0, total: 1 });
    try {
      await printer.sink.print(printer.name, pdf, title);
    } catch (err) {
      this.session.log.warn('print-failed', { printer: printer.id, ...describeError(err) });
      const kept = pieceNumber ? ` Piece ${pieceNumber} is paid for and kept: print it again from History.` : '';
      throw new AppError('PRINT_FAILED', `The printer "${printer.name}" did not take the job.${kept}`);
    } finally {
      this.session.emit({ type: 'progress', task: 'print', label: 'Done', done: 1, total: 1 });
    }
  }

  private describe(p: ResolvedPrinter): CallOutput<'listPrinters'>[number] {
    const setup = this.setups.get(p.id);
    return { id: p.id, name: p.name, sink: p.sink.kind, driverName: p.driverName, setupPassed: setup?.passed ?? false, offsetsMm: setup?.offsetsMm ?? NO_OFFSETS };
  }
}
