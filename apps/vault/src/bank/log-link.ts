/**
 * Commit links (SPEC §4.5: each entry "hash-chained to the one before"). A module chains its own
 * entries (`prevHash`), so modules run in parallel; the bank, which commits one batch at a time,
 * links every entry to the entry committed just before it, whichever module made it. Rows
 * reordered, removed or inserted anywhere in the log break this chain, and without the key
 * nobody can mend it.
 *
 * The link key is a key of its own (the software store derives it from the log key with HKDF,
 * a token keeps a separate key), so the commit writer holds a key that can link, never MAC, entries.
 */
import type { MacKey } from '../keystore/backend.ts';
import type { LogLinker } from '../storage/storage.ts';
import { GENESIS_CHAIN_HEAD } from './module-memory.ts';

/** The link "before" the first entry. */
export const GENESIS_LINK = GENESIS_CHAIN_HEAD;

/** HMAC-SHA256(link key, "vbi1:link:" + previous link + ":" + entry hash), base64url. */
export function commitLink(linkKey: MacKey, prevLink: string, hash: string): string {
  return linkKey.mac(`vbi1:link:${prevLink}:${hash}`).toString('base64url');
}

export function logLinker(linkKey: MacKey): LogLinker {
  return { genesis: GENESIS_LINK, link: (prevLink, hash) => commitLink(linkKey, prevLink, hash) };
}
