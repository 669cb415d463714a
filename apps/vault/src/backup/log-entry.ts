/**
 * Transaction-log entries (SPEC §4.5) as the modules write them (bank/module.ts): each entry's
 * hash covers its fields and the previous entry's hash of the same module; its MAC is
 * HMAC-SHA256(log key, "vbi1:log:" + hash). This file re-checks both, link by link.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '@vbi/protocol';
import { GENESIS_CHAIN_HEAD } from '../bank/module-memory.ts';

export const logEntrySchema = z.strictObject({
  id: z.number().int().min(1),
  moduleSerial: z.number().int().min(1),
  seq: z.number().int().min(1),
  meterId: z.string().min(1).max(64),
  type: z.enum(['purchase', 'indicium', 'refund']),
  amount: z.number().int().min(0),
  ar: z.number().int().min(0),
  dr: z.number().int().min(0),
  pieceNumber: z.number().int().min(1).nullable(),
  at: z.string(),
  prevHash: z.string(),
  hash: z.string(),
  mac: z.string(),
});
export type LogEntry = z.infer<typeof logEntrySchema>;

export function entryHash(e: LogEntry): string {
  const fields = {
    moduleSerial: e.moduleSerial, seq: e.seq, meterId: e.meterId, type: e.type, amount: e.amount, ar: e.ar, dr: e.dr,
    pieceNumber: e.pieceNumber, at: e.at, prevHash: e.prevHash,
  };
  return createHash('sha256').update(`vbi1:log:${canonicalJson(fields)}`).digest('base64url');
}

function sameB64(a: string, b: string): boolean {
  const x = Buffer.from(a, 'base64url');
  const y = Buffer.from(b, 'base64url');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** Chain heads per module serial; a module with no entry yet starts at the genesis head. */
export type ChainHeads = Map<number, string>;

export function headOf(heads: ChainHeads, serial: number): string {
  return heads.get(serial) ?? GENESIS_CHAIN_HEAD;
}

/**
 * Checks one entry against the chain so far and advances it. Returns why it breaks, or null.
 * `lastId` is the id of the entry before it (ids are consecutive: none may go missing).
 */
export function checkEntry(e: LogEntry, logKey: Buffer, heads: ChainHeads, lastId: number): string | null {
  if (e.id !== lastId + 1) return `entry id ${e.id} follows ${lastId} (an entry is missing or out of order)`;
  if (e.hash !== entryHash(e)) return `entry ${e.id}: hash does not match its content`;
  const mac = createHmac('sha256', logKey).update(`vbi1:log:${e.hash}`).digest('base64url');
  if (!sameB64(mac, e.mac)) return `entry ${e.id}: MAC does not verify`;
  if (e.prevHash !== headOf(heads, e.moduleSerial)) return `entry ${e.id}: does not link to module ${e.moduleSerial}'s previous entry`;
  heads.set(e.moduleSerial, e.hash);
  return null;
}
