/** The local print history of one account (history.json), newest first. */
import { join } from 'node:path';
import { z } from 'zod';
import { historyEntrySchema, layoutSchema, mailAddressSchema, sheetSchema, type HistoryEntry } from '../../shared/contract.ts';
import { readJson, writeJsonAtomic } from './json-file.ts';

/** A history entry plus what a re-print needs to lay the piece out the same way. */
export const historyRecordSchema = historyEntrySchema.extend({
  layout: layoutSchema,
  sheet: sheetSchema.optional(),
  /** Printed on package labels beside the service banner. */
  weightOz: z.number().optional(),
  from: mailAddressSchema,
  to: mailAddressSchema,
  mailClassLabel: z.string(),
});
export type HistoryRecord = z.infer<typeof historyRecordSchema>;

export function toEntry(record: HistoryRecord): HistoryEntry {
  const { layout: _l, sheet: _s, weightOz: _w, from: _f, to: _t, mailClassLabel: _m, ...entry } = record;
  return entry;
}

export class HistoryStore {
  private readonly path: string;

  constructor(accountDir: string) {
    this.path = join(accountDir, 'history.json');
  }

  list(): HistoryRecord[] {
    return readJson(this.path, z.array(historyRecordSchema)) ?? [];
  }

  get(pieceNumber: number): HistoryRecord | undefined {
    return this.list().find((r) => r.pieceNumber === pieceNumber);
  }

  /** The newest piece that is paid for but not printed yet. */
  waiting(): HistoryRecord | undefined {
    return this.list().find((r) => r.status === 'not-printed');
  }

  /** Adds the record, or replaces the one with the same piece number. */
  put(record: HistoryRecord): void {
    this.putAll([record]);
  }

  /** Adds the records, or replaces those with the same piece numbers, in one write. */
  putAll(records: HistoryRecord[]): void {
    const replaced = new Set(records.map((r) => r.pieceNumber));
    const rest = this.list().filter((r) => !replaced.has(r.pieceNumber));
    const all = [...records, ...rest].sort((a, b) => b.pieceNumber - a.pieceNumber);
    writeJsonAtomic(this.path, all);
  }
}
