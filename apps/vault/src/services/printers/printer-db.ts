/** The printer database (`apps/vault/data/printers.json`) and `printerCheck` (SPEC §3.3). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { printerProfileSchema, type RequestBody, type ResponseBody } from '@vbi/protocol';
import { z } from 'zod';

const patterns = z.array(
  z.string().refine((p) => {
    try {
      new RegExp(p, 'i');
      return true;
    } catch {
      return false;
    }
  }, 'not a valid regular expression'),
);

const printerEntrySchema = printerProfileSchema.extend({
  supported: z.boolean(),
  driverPatterns: patterns,
  namePatterns: patterns,
  notes: z.string().max(1000),
});

export const printerDbSchema = z.strictObject({
  version: z.string().min(1),
  description: z.string(),
  models: z.array(printerEntrySchema).min(1),
  mediaNotes: z.strictObject({ thermal: z.string(), laser: z.string(), inkjet: z.string() }),
});
export type PrinterDb = z.infer<typeof printerDbSchema>;
type PrinterEntry = z.infer<typeof printerEntrySchema>;

export const DEFAULT_PRINTER_DB = join(import.meta.dirname, '../../../data/printers.json');

interface CompiledEntry {
  entry: PrinterEntry;
  driver: RegExp[];
  name: RegExp[];
}

export class PrinterDatabase {
  private readonly entries: CompiledEntry[];

  constructor(private readonly db: PrinterDb) {
    this.entries = db.models.map((entry) => ({
      entry,
      driver: entry.driverPatterns.map((p) => new RegExp(p, 'i')),
      name: entry.namePatterns.map((p) => new RegExp(p, 'i')),
    }));
  }

  static load(file: string = DEFAULT_PRINTER_DB): PrinterDatabase {
    const parsed = printerDbSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`printer database ${file} is invalid: ${parsed.error.issues[0]?.message ?? ''}`);
    return new PrinterDatabase(parsed.data);
  }

  /** The driver name decides first (it names the model); the queue name is the fallback. */
  find(driverName: string, printerName: string): PrinterEntry | undefined {
    return (
      this.entries.find((e) => e.driver.some((r) => r.test(driverName)))?.entry ??
      this.entries.find((e) => e.name.some((r) => r.test(printerName)))?.entry
    );
  }

  check(body: RequestBody<'printerCheck'>): ResponseBody<'printerCheck'> {
    const entry = this.find(body.driverName, body.printerName);
    if (entry === undefined) {
      return {
        supported: false,
        notes:
          'This printer is not in the printer database. Use a listed thermal label printer, office laser or inkjet, ' +
          'or ask your vendor to add this model.',
      };
    }
    if (!entry.supported) return { supported: false, notes: `${entry.model}: ${entry.notes}` };
    const { model, kind, media, dpi, offsetsMm } = entry;
    return {
      supported: true,
      profile: { model, kind, media, dpi, offsetsMm },
      notes: `${entry.notes} ${this.db.mediaNotes[kind]}`,
    };
  }
}
