/**
 * The transaction log's chains (SPEC §4.5), shared by the modules that write entries, the storage
 * that commits them and the backups that verify them.
 *
 * A module chains its own entries (`prevHash`), so modules run in parallel; storage, which commits
 * one batch at a time, links every entry to the entry committed just before it, whichever module
 * made it (commit links). Rows reordered, removed or inserted anywhere in the log break this chain,
 * and without the key nobody can mend it.
 *
 * The link key is a key of its own (the software store derives it from the log key with HKDF,
 * a token keeps a separate key), so the commit writer holds a key that can link, never MAC, entries.
 */
import { createHash } from 'node:crypto';
import type { MacKey } from '../keystore/backend.ts';
import { hmacText, sameMacText } from './mac-text.ts';

/** The hash "before" the first entry of a chain: 32 zero bytes, base64url. */
export const GENESIS_HASH = Buffer.alloc(32).toString('base64url');

/** The link "before" the first entry. */
export const GENESIS_LINK = GENESIS_HASH;

/** Value transactions, and the operator's steps on a meter (docs/vault.md "Operator procedures"). */
export const LOG_ENTRY_TYPES = ['purchase', 'indicium', 'refund', 'withdraw', 'rekey', 'unlock', 'resolve'] as const;
export type LogEntryType = (typeof LOG_ENTRY_TYPES)[number];

/** A log entry as a module writes it; storage adds the commit link. */
export interface ModuleLogEntry {
  moduleSerial: number;
  seq: number;
  meterId: string;
  type: LogEntryType;
  amount: number;
  ar: number;
  dr: number;
  pieceNumber: number | null;
  at: string;
  prevHash: string;
  hash: string;
  mac: string;
}

/** The fields an entry's hash covers. */
export type LogEntryFields = Omit<ModuleLogEntry, 'hash' | 'mac'>;

/**
 * SHA-256("vbi1:log:" + JCS(fields)), base64url. Every module writes one per value transaction
 * and checks one per command, so the JCS text is made by JSON.stringify of an object whose keys
 * are already in JCS order: for integers, strings and null (all these fields ever hold) that is
 * exactly RFC 8785 (test/ledger/jcs-fields.test.ts), at a fraction of a general canonicalizer's cost.
 */
export function logEntryHash(e: LogEntryFields): string {
  const jcs = JSON.stringify({
    amount: e.amount, ar: e.ar, at: e.at, dr: e.dr, meterId: e.meterId, moduleSerial: e.moduleSerial, pieceNumber: e.pieceNumber,
    prevHash: e.prevHash, seq: e.seq, type: e.type,
  });
  return createHash('sha256').update(`vbi1:log:${jcs}`).digest('base64url');
}

/** HMAC-SHA256(log key, "vbi1:log:" + hash), base64url. */
export function logEntryMac(logKey: MacKey, hash: string): string {
  return hmacText(logKey, `vbi1:log:${hash}`);
}

/** True when the entry's hash matches its fields and its MAC verifies: a module wrote it as it is. */
export function logEntryAuthentic(logKey: MacKey, e: ModuleLogEntry): boolean {
  return e.hash === logEntryHash(e) && sameMacText(logEntryMac(logKey, e.hash), e.mac);
}

/** Makes commit links: storage links each entry to the one committed before it, inside the committing transaction. */
export interface LogLinker {
  genesis: string;
  link(prevLink: string, hash: string): string;
}

/** HMAC-SHA256(link key, "vbi1:link:" + previous link + ":" + entry hash), base64url. */
export function commitLink(linkKey: MacKey, prevLink: string, hash: string): string {
  return linkKey.mac(`vbi1:link:${prevLink}:${hash}`).toString('base64url');
}

export function logLinker(linkKey: MacKey): LogLinker {
  return { genesis: GENESIS_LINK, link: (prevLink, hash) => commitLink(linkKey, prevLink, hash) };
}
