/** printers.json: the printer-setup result per printer id, applied to every later print. */
import { join } from 'node:path';
import { z } from 'zod';
import { offsetsMmSchema } from '@vbi/protocol';
import { readJson, writeJsonAtomic } from './json-file.ts';

const setupSchema = z.strictObject({ passed: z.boolean(), media: z.string(), offsetsMm: offsetsMmSchema, at: z.string() });
export type PrinterSetup = z.infer<typeof setupSchema>;
const fileSchema = z.record(z.string(), setupSchema);

export class PrinterSetupStore {
  private readonly path: string;

  constructor(profileDir: string) {
    this.path = join(profileDir, 'printers.json');
  }

  get(printerId: string): PrinterSetup | undefined {
    return (readJson(this.path, fileSchema) ?? {})[printerId];
  }

  put(printerId: string, setup: PrinterSetup): void {
    const all = readJson(this.path, fileSchema) ?? {};
    all[printerId] = setup;
    writeJsonAtomic(this.path, all);
  }
}
