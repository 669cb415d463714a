/** Writes each job as a PDF file into a folder (VBI_PRINT_DIR): used by tests and for saving. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PrintSink, SinkPrinter } from './sink.ts';

export const FILE_PRINTER_NAME = 'PDF folder';

export class FileSink implements PrintSink {
  readonly kind = 'file' as const;
  private seq = 0;

  constructor(readonly dir: string) {}

  async listPrinters(): Promise<SinkPrinter[]> {
    return [{ name: FILE_PRINTER_NAME, driverName: 'vbi-file-sink' }];
  }

  async print(_printerName: string, pdf: Buffer, title: string): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    const safe = title.replace(/[^A-Za-z0-9._-]+/g, '-');
    this.seq += 1;
    writeFileSync(join(this.dir, `${Date.now()}-${this.seq}-${safe}.pdf`), pdf, { flag: 'wx' });
  }
}
