/** purchases.json of one account: every postage purchase, for History and its receipt. */
import { join } from 'node:path';
import { z } from 'zod';
import { purchaseSchema, type Purchase } from '../../shared/contract.ts';
import { readJson, writeJsonAtomic } from './json-file.ts';

export class PurchaseLog {
  private readonly path: string;

  constructor(accountDir: string) {
    this.path = join(accountDir, 'purchases.json');
  }

  /** Newest first. */
  list(): Purchase[] {
    return readJson(this.path, z.array(purchaseSchema)) ?? [];
  }

  add(p: Omit<Purchase, 'id'>): Purchase {
    const all = this.list();
    const entry = { id: (all[0]?.id ?? 0) + 1, ...p };
    writeJsonAtomic(this.path, [entry, ...all]);
    return entry;
  }
}
