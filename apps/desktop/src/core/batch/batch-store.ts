/**
 * batch.json of one account: the batch being reviewed, priced or printed, written before and after
 * each piece is asked of the meter (the batch's write-ahead), so a batch stopped part way — a lost
 * connection, a crash — says exactly which rows were issued and resumes without charging twice.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { batchSchema, type Batch, type BatchView } from '../../shared/contract.ts';
import { readJson, writeJsonAtomic } from '../profile/json-file.ts';

export class BatchStore {
  private readonly path: string;

  constructor(accountDir: string) {
    this.path = join(accountDir, 'batch.json');
  }

  read(): Batch | null {
    return readJson(this.path, batchSchema) ?? null;
  }

  write(batch: Batch): void {
    writeJsonAtomic(this.path, batch);
  }

  clear(): void {
    rmSync(this.path, { force: true });
  }
}

const sum = (rows: Batch['rows']) => rows.reduce((total, r) => total + (r.priceMills ?? 0), 0);

/** The batch with what printing (or resuming) will charge and what was charged already. */
export function viewOf(batch: Batch): BatchView {
  return {
    ...batch,
    toChargeMills: sum(batch.rows.filter((r) => r.state === 'ready' && r.priceMills !== null)),
    chargedMills: sum(batch.rows.filter((r) => r.state === 'issued' || r.state === 'printed' || r.state === 'issuing')),
  };
}
