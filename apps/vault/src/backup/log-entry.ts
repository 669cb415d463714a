/**
 * Transaction-log entries (SPEC §4.5) as the modules write them (bank/module.ts): each entry's
 * hash covers its fields and the previous entry's hash of the same module; its MAC is
 * HMAC-SHA256(log key, "vbi1:log:" + hash); its commit link chains it to the entry committed
 * before it (ledger/chain.ts). This file re-checks all three, and each meter's registers.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '@vbi/protocol';
import { commitLink, GENESIS_HASH, GENESIS_LINK } from '../ledger/chain.ts';
import type { BackupKeys } from './keys.ts';

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
  link: z.string(),
});
export type LogEntry = z.infer<typeof logEntrySchema>;

export function entryHash(e: LogEntry): string {
  const fields = {
    moduleSerial: e.moduleSerial, seq: e.seq, meterId: e.meterId, type: e.type, amount: e.amount, ar: e.ar, dr: e.dr,
    pieceNumber: e.pieceNumber, at: e.at, prevHash: e.prevHash,
  };
  return createHash('sha256').update(`vbi1:log:${canonicalJson(fields)}`).digest('base64url');
}

/** Compares MAC texts exactly, in constant time. Comparing decoded bytes would accept another
 * text for the same MAC (Node's base64url decoder ignores padding bits and stray characters),
 * and a stored entry whose bytes changed must never verify. */
function sameMacText(expected: string, stored: string): boolean {
  const x = Buffer.from(expected, 'utf8');
  const y = Buffer.from(stored, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** What the entries so far establish: the commit link, each module's chain head, each meter's registers. */
export interface ChainLinks {
  /** The last entry's commit link (ledger/chain.ts). */
  link: string;
  /** Module serial → hash of its last entry; a module with no entry yet starts at the genesis head. */
  modules: Map<number, string>;
  /** Meter id → registers and piece count after its last entry; a meter starts at zero. */
  meters: Map<string, { ar: number; dr: number; pieces: number }>;
}

export function emptyChain(): ChainLinks {
  return { link: GENESIS_LINK, modules: new Map(), meters: new Map() };
}

export function headOf(chain: ChainLinks, serial: number): string {
  return chain.modules.get(serial) ?? GENESIS_HASH;
}

/**
 * A meter's registers must move by exactly the entry's amount (SPEC §3: a purchase and a refund
 * raise DR, an indicium moves its postage from DR to AR and takes the next piece number). This
 * ties a meter's entries together across modules, so moving one before another breaks too.
 */
function registersFollow(e: LogEntry, before: { ar: number; dr: number; pieces: number }): boolean {
  switch (e.type) {
    case 'purchase':
      return e.pieceNumber === null && e.ar === before.ar && e.dr === before.dr + e.amount;
    case 'indicium':
      return e.pieceNumber === before.pieces + 1 && e.ar === before.ar + e.amount && e.dr === before.dr - e.amount;
    case 'refund':
      return e.pieceNumber !== null && e.pieceNumber <= before.pieces && e.ar === before.ar && e.dr === before.dr + e.amount;
  }
}

/**
 * Checks one entry against the chain so far and advances it. Returns why it breaks, or null.
 * `lastId` is the id of the entry before it (ids are consecutive: none may go missing).
 */
export function checkEntry(e: LogEntry, keys: Pick<BackupKeys, 'log' | 'link'>, chain: ChainLinks, lastId: number): string | null {
  if (e.id !== lastId + 1) return `entry id ${e.id} follows ${lastId} (an entry is missing or out of order)`;
  if (e.hash !== entryHash(e)) return `entry ${e.id}: hash does not match its content`;
  const mac = keys.log.mac(`vbi1:log:${e.hash}`).toString('base64url');
  if (!sameMacText(mac, e.mac)) return `entry ${e.id}: MAC does not verify`;
  const link = commitLink(keys.link, chain.link, e.hash);
  if (!sameMacText(link, e.link)) return `entry ${e.id}: does not link to entry ${lastId} (rows reordered, removed or inserted)`;
  if (e.prevHash !== headOf(chain, e.moduleSerial)) return `entry ${e.id}: does not link to module ${e.moduleSerial}'s previous entry`;
  const before = chain.meters.get(e.meterId) ?? { ar: 0, dr: 0, pieces: 0 };
  if (!registersFollow(e, before)) return `entry ${e.id}: meter ${e.meterId}'s registers do not follow from its previous entry`;
  chain.link = link;
  chain.modules.set(e.moduleSerial, e.hash);
  chain.meters.set(e.meterId, { ar: e.ar, dr: e.dr, pieces: e.type === 'indicium' ? before.pieces + 1 : before.pieces });
  return null;
}
