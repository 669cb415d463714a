/**
 * A checkpoint record the database holds, checked against the bank's checkpoint key: used where
 * a module's memory is (re)seeded from the database (`vault recover`, operator recovery in place).
 */
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { MacKey } from '../keystore/backend.ts';
import type { StoredCheckpoint } from '../storage/storage.ts';
import { totalsSchema } from './module-memory.ts';

const recordSchema = z.object({
  moduleSerial: z.number().int(), seq: z.number().int(), at: z.string(), lastAmount: z.number().int(), totals: totalsSchema,
});
export type CheckedRecord = z.infer<typeof recordSchema>;

/** The record, once its MAC verifies and it names `serial`; throws a plain message otherwise. */
export function checkedCheckpoint(checkpointMac: MacKey, serial: number, stored: StoredCheckpoint): CheckedRecord {
  const mac = checkpointMac.mac(`vbi1:chk:${stored.record}`);
  const given = Buffer.from(stored.mac, 'base64url');
  if (given.length !== mac.length || !timingSafeEqual(given, mac)) throw new Error(`module ${serial}: checkpoint MAC does not verify`);
  const record = recordSchema.parse(JSON.parse(stored.record));
  if (record.moduleSerial !== serial) throw new Error(`module ${serial}: checkpoint belongs to another module`);
  return record;
}
