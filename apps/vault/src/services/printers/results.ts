/** Printer setup results (`printerResult`, SPEC §3.3): every test-envelope outcome a meter
 * reports, kept in the client-support database; the newest per printer and media is current. */
import { offsetsMmSchema, ProtocolError } from '@vbi/protocol';
import { z } from 'zod';
import type { SupportDb } from '../db/support-db.ts';

export const printerResultSchema = z.strictObject({
  printerName: z.string().min(1).max(200),
  media: z.string().min(1).max(64),
  offsetsMm: offsetsMmSchema,
  passed: z.boolean(),
});
export type PrinterResult = z.infer<typeof printerResultSchema>;
export type StoredPrinterResult = PrinterResult & { at: string };

const meterIdSchema = z.string().min(1).max(64);

export function recordPrinterResult(db: SupportDb, meterId: string, result: PrinterResult, at: Date): void {
  const id = meterIdSchema.safeParse(meterId);
  const parsed = printerResultSchema.safeParse(result);
  if (!id.success || !parsed.success) {
    const issue = parsed.success ? 'meter id is missing' : `${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`;
    throw new ProtocolError('BAD_REQUEST', `Printer result refused (${issue}).`);
  }
  const r = parsed.data;
  db.prepare(
    `INSERT INTO printer_results (meter_id, printer_name, media, offset_x_mm, offset_y_mm, passed, at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(id.data, r.printerName, r.media, r.offsetsMm.x, r.offsetsMm.y, r.passed ? 1 : 0, at.toISOString());
}

/** All results of a meter, newest first. */
export function printerResultsFor(db: SupportDb, meterId: string): StoredPrinterResult[] {
  const rows = db
    .prepare(
      `SELECT printer_name, media, offset_x_mm, offset_y_mm, passed, at FROM printer_results
       WHERE meter_id = ? ORDER BY id DESC`,
    )
    .all(meterId) as Array<{ printer_name: string; media: string; offset_x_mm: number; offset_y_mm: number; passed: number; at: string }>;
  return rows.map((r) => ({
    printerName: r.printer_name,
    media: r.media,
    offsetsMm: { x: r.offset_x_mm, y: r.offset_y_mm },
    passed: r.passed === 1,
    at: r.at,
  }));
}
