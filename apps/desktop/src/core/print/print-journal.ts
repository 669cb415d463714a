/**
 * The print domain's write-ahead entry (print-job.json of the account): the job a postage piece is
 * being issued for, written before the request leaves, so a piece whose answer was lost can still
 * be printed as composed after the next sign-in recovers it. The meter's own write-ahead entry
 * (mirror.json) holds the registers; this one holds what to print.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { confirmedJobSchema, type CallArgs } from '../../shared/contract.ts';
import { readJson, writeJsonAtomic } from '../profile/json-file.ts';

const entrySchema = z.strictObject({ pieceNumber: z.number().int().min(1), job: confirmedJobSchema });
type Job = CallArgs<'printPostage'>;

export class PrintJournal {
  private readonly path: string;

  constructor(accountDir: string) {
    this.path = join(accountDir, 'print-job.json');
  }

  /** Records the job before the piece is asked for. */
  begin(pieceNumber: number, job: Job): void {
    writeJsonAtomic(this.path, { pieceNumber, job });
  }

  /** The job recorded for that piece, if any. */
  jobOf(pieceNumber: number): Job | null {
    const entry = readJson(this.path, entrySchema);
    return entry?.pieceNumber === pieceNumber ? entry.job : null;
  }

  clear(): void {
    rmSync(this.path, { force: true });
  }
}
