/**
 * Printing a priced batch as one PDF, after the person confirmed what it charges. Rows are issued
 * one after another as the PDF asks for its next page (renderBatch streams), each with a fresh
 * quote that must be its confirmed price; the batch file records each row before and after the
 * meter is asked (batch-store.ts), so a stop part way leaves exactly the issued rows paid for. A row
 * that fails costs nothing and the rest go on. Resuming re-prints the issued rows from the
 * indicia the vault stored (no new charge) and issues the rest.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IndiciumError } from '@vbi/indicia';
import type { Batch, BatchRow, BatchView, CallArgs } from '../../shared/contract.ts';
import { MAIL_CLASS_TABLE } from '../../shared/mail-classes.ts';
import { dollars } from '../../shared/money.ts';
import type { SignedInAccount } from '../account/signed-in.ts';
import { assertMailDate } from '../dates.ts';
import { meaningOf } from '../error-meanings.ts';
import { AppError, toAppError } from '../errors.ts';
import type { HistoryRecord } from '../profile/history-store.ts';
import type { PrinterService } from '../print/printer-service.ts';
import type { ResolvedPrinter } from '../print/printers.ts';
import type { PrintService } from '../print/print-service.ts';
import { writeBatch, type PieceInput } from '../print/render.ts';
import type { Session } from '../session.ts';
import type { SupportService } from '../support-service.ts';
import { pieceOf } from './batch-service.ts';
import { BatchStore, viewOf } from './batch-store.ts';

export class BatchPrinter {
  constructor(
    private readonly session: Session,
    private readonly print: PrintService,
    private readonly printers: PrinterService,
    private readonly support: SupportService,
  ) {}

  async run(input: CallArgs<'batchPrint'>): Promise<BatchView> {
    const account = this.session.requireAccount();
    const store = new BatchStore(account.meter.store.dir);
    const batch = store.read();
    if (!batch || (batch.phase !== 'priced' && batch.phase !== 'interrupted')) throw new AppError('BAD_REQUEST', 'Price the batch before printing it.');
    if (batch.rows.some((r) => r.state === 'issuing')) throw new AppError('BAD_REQUEST', 'Sign in again first: a piece of this batch is being settled with the postage service.');
    const toCharge = viewOf(batch).toChargeMills;
    if (input.confirmedMills !== toCharge) {
      throw new AppError('PRICE_CHANGED', `This batch now charges ${dollars(toCharge)}, not the ${dollars(input.confirmedMills)} you confirmed. Nothing was charged; check the total and print again.`);
    }
    if (toCharge > account.meter.registers.dr) {
      throw new AppError('INSUFFICIENT_POSTAGE', `This batch needs ${dollars(toCharge)} of postage; the meter holds ${dollars(account.meter.registers.dr)}. Buy postage on Home first; nothing was charged.`);
    }
    const printer = await this.printers.readyPrinter(input.printerId, input.skipSetup);
    assertMailDate(batch.settings.mailDate);
    await this.support.assertStateMatchesZip(batch.settings.from, 'Return');
    batch.phase = 'printing';
    store.write(batch);

    const dir = mkdtempSync(join(tmpdir(), 'vbi-batch-'));
    const issued: HistoryRecord[] = [];
    try {
      const path = join(dir, `batch-${batch.id}.pdf`);
      const pieces = this.pieces(account, store, batch, printer, issued);
      const setup = { layout: batch.settings.layout, ...(batch.settings.sheet ? { sheet: batch.settings.sheet } : {}), offsetsMm: this.printers.offsets(printer.id) };
      const drawn = await writeBatch(path, pieces, setup).catch((err: unknown) => {
        // Every row failed before a piece was issued: there is no page to print, and nothing was charged.
        if (err instanceof IndiciumError && issued.length === 0 && batch.rows.every((r) => r.state !== 'issuing' && r.state !== 'issued')) return 0;
        throw err;
      });
      if (drawn === 0) return this.finish(store, batch);
      await this.printers.send(printer, readFileSync(path), `vbi-batch-${batch.id}`);
    } catch (err) {
      batch.phase = 'interrupted';
      store.write(batch);
      const paid = batch.rows.filter((r) => r.state === 'issued').length;
      if (toAppError(err).code === 'PRINT_FAILED' && paid > 0) {
        throw new AppError('PRINT_FAILED', `The printer "${printer.name}" did not take the batch. Its ${paid} pieces are paid for and kept: Resume prints them again at no charge.`);
      }
      throw err;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const now = new Date().toISOString();
    account.history.putAll(issued.map((r) => ({ ...r, printerId: printer.id, status: 'printed', at: now })));
    for (const row of batch.rows.filter((r) => r.state === 'issued')) Object.assign(row, { state: 'printed', message: '' });
    return this.finish(store, batch);
  }

  private finish(store: BatchStore, batch: Batch): BatchView {
    batch.phase = 'done';
    store.write(batch);
    this.session.changed();
    return viewOf(batch);
  }

  /** The pieces in row order, each issued (or, if issued before, fetched again) when the PDF asks for it. */
  private async *pieces(account: SignedInAccount, store: BatchStore, batch: Batch, printer: ResolvedPrinter, issued: HistoryRecord[]): AsyncGenerator<PieceInput> {
    const rows = batch.rows.filter((r) => r.state === 'issued' || (r.state === 'ready' && r.priceMills !== null));
    const printed = MAIL_CLASS_TABLE[batch.settings.mailClass].printedLabel;
    for (const [i, row] of rows.entries()) {
      this.session.emit({ type: 'progress', task: 'batch', label: `Printing the batch: piece ${i + 1} of ${rows.length}`, done: i, total: rows.length });
      const piece = pieceOf(batch.settings, row);
      const indicium = row.state === 'issued' ? await this.fetchAgain(account, row) : await this.issue(account, store, batch, row, printer);
      if (indicium === null) continue; // failed, not charged
      const record = account.history.get(row.pieceNumber!);
      if (record) issued.push(record);
      yield { indicium, from: piece.from, to: piece.to, mailClassLabel: printed, weightOz: piece.weightOz };
    }
    this.session.emit({ type: 'progress', task: 'batch', label: 'Sending the batch to the printer', done: rows.length, total: rows.length });
  }

  private async fetchAgain(account: SignedInAccount, row: BatchRow): Promise<Buffer> {
    return this.session.track(account.meter.fetchPiece(row.pieceNumber!, { postage: row.priceMills ?? 0 }));
  }

  /** Issues one row, written down before and after; a refusal fails the row (not charged), anything else stops the batch. */
  private async issue(account: SignedInAccount, store: BatchStore, batch: Batch, row: BatchRow, printer: ResolvedPrinter): Promise<Buffer | null> {
    Object.assign(row, { state: 'issuing', pieceNumber: account.meter.nextPieceNumber });
    store.write(batch);
    try {
      const job = { ...pieceOf(batch.settings, row), printerId: printer.id, skipSetup: false, priceMills: row.priceMills! };
      const { record, indicium } = await this.print.issue(account, job, printer.id);
      Object.assign(row, { state: 'issued', pieceNumber: record.pieceNumber, message: 'Paid for.' });
      store.write(batch);
      return indicium;
    } catch (err) {
      const e = toAppError(err);
      if (meaningOf(e.code).outcome !== 'refused') throw err; // it may have been issued: settled at the next sign-in
      Object.assign(row, { state: 'failed', pieceNumber: null, message: `Not printed, not charged: ${e.message}` });
      store.write(batch);
      return null;
    }
  }
}
