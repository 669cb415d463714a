/** Electron's own printing (where CUPS is absent): the PDF loaded in a hidden window, printed silently. */
import { BrowserWindow, type WebContents } from 'electron';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PrintSink, SinkPrinter } from '../core/print/sink.ts';
import { WINDOW_PREFERENCES } from './policy.ts';

export class ElectronPrintSink implements PrintSink {
  readonly kind = 'electron' as const;

  constructor(private readonly contents: () => WebContents | null) {}

  async listPrinters(): Promise<SinkPrinter[]> {
    const wc = this.contents();
    if (!wc) return [];
    return (await wc.getPrintersAsync()).map((p) => ({ name: p.name, driverName: String((p.options as Record<string, unknown> | undefined)?.['printer-make-and-model'] ?? p.displayName ?? 'unknown') }));
  }

  async print(printerName: string, pdf: Buffer, title: string): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), 'vbi-print-'));
    const file = join(dir, `${title.replace(/[^A-Za-z0-9._-]+/g, '-')}.pdf`);
    writeFileSync(file, pdf);
    const win = new BrowserWindow({ show: false, webPreferences: { ...WINDOW_PREFERENCES, plugins: true } });
    try {
      await win.loadURL(pathToFileURL(file).href);
      await new Promise<void>((resolve, reject) =>
        win.webContents.print({ silent: true, deviceName: printerName, printBackground: true, margins: { marginType: 'none' } }, (ok, reason) =>
          ok ? resolve() : reject(new Error(reason)),
        ),
      );
    } finally {
      win.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
