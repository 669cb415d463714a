/** CUPS: printers from `lpstat -e`, drivers from `lpoptions -p`, jobs with `lp -d QUEUE`. */
import { describeError, type Log } from '../log.ts';
import type { PrintSink, SinkPrinter } from './sink.ts';
import { run } from './run.ts';

export class CupsSink implements PrintSink {
  readonly kind = 'cups' as const;

  constructor(private readonly log: Log) {}

  async listPrinters(): Promise<SinkPrinter[]> {
    let names: string[];
    try {
      names = (await run('lpstat', ['-e'])).toString('utf8').split('\n').map((l) => l.trim()).filter(Boolean);
    } catch (err) {
      this.log.warn('cups-printers-unlisted', describeError(err)); // no CUPS on this machine, or no scheduler running
      return [];
    }
    return Promise.all(names.map(async (name) => ({ name, driverName: await this.driverOf(name) })));
  }

  async print(printerName: string, pdf: Buffer, title: string): Promise<void> {
    // print-scaling=none: the barcode must come out at its drawn size.
    await run('lp', ['-d', printerName, '-t', title, '-o', 'print-scaling=none', '-'], pdf);
  }

  private async driverOf(name: string): Promise<string> {
    try {
      const text = (await run('lpoptions', ['-p', name])).toString('utf8');
      const match = /printer-make-and-model='([^']*)'|printer-make-and-model=(\S+)/.exec(text);
      return (match?.[1] ?? match?.[2] ?? 'unknown').replace(/\\ /g, ' ');
    } catch (err) {
      this.log.warn('cups-driver-unknown', { printer: name, ...describeError(err) });
      return 'unknown';
    }
  }
}
