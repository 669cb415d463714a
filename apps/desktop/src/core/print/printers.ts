/** All sinks' printers under one id space: `<sink kind>:<printer name>`. */
import { AppError } from '../errors.ts';
import type { PrintSink, SinkPrinter } from './sink.ts';

export interface ResolvedPrinter extends SinkPrinter {
  id: string;
  sink: PrintSink;
}

export class PrinterRegistry {
  constructor(private readonly sinks: PrintSink[]) {}

  async list(): Promise<ResolvedPrinter[]> {
    const lists = await Promise.all(
      this.sinks.map(async (sink) => (await sink.listPrinters()).map((p) => ({ ...p, id: `${sink.kind}:${p.name}`, sink }))),
    );
    return lists.flat();
  }

  async resolve(id: string): Promise<ResolvedPrinter> {
    const found = (await this.list()).find((p) => p.id === id);
    if (!found) throw new AppError('NO_PRINTER', 'That printer is not available any more. Pick another one.');
    return found;
  }
}
