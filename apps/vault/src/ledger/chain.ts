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
import type { MacKey } from '../keystore/backend.ts';

/** The hash "before" the first entry of a chain: 32 zero bytes, base64url. */
export const GENESIS_HASH = Buffer.alloc(32).toString('base64url');

/** The link "before" the first entry. */
export const GENESIS_LINK = GENESIS_HASH;

export type LogEntryType = 'purchase' | 'indicium' | 'refund';

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
