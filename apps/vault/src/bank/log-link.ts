/**
 * Commit links (SPEC §4.5: each entry "hash-chained to the one before"). A module chains its own
 * entries (`prevHash`), so modules run in parallel; the bank, which commits one batch at a time,
 * links every entry to the entry committed just before it, whichever module made it. Rows
 * reordered, removed or inserted anywhere in the log break this chain, and without the key
 * nobody can mend it.
 *
 * The link key is derived from the log key, so the main thread, which drops the bank's private
 * keys once the modules hold them (vault.ts), keeps only a key that can link, never MAC, entries.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import type { LogLinker } from '../storage/storage.ts';
import { GENESIS_CHAIN_HEAD } from './module-memory.ts';

/** The link "before" the first entry. */
export const GENESIS_LINK = GENESIS_CHAIN_HEAD;

export function deriveLinkKey(logKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', logKey, Buffer.alloc(0), 'vbi1:log:link', 32));
}

/** HMAC-SHA256(link key, "vbi1:link:" + previous link + ":" + entry hash), base64url. */
export function commitLink(linkKey: Buffer, prevLink: string, hash: string): string {
  return createHmac('sha256', linkKey).update(`vbi1:link:${prevLink}:${hash}`).digest('base64url');
}

export function logLinker(linkKey: Buffer): LogLinker {
  return { genesis: GENESIS_LINK, link: (prevLink, hash) => commitLink(linkKey, prevLink, hash) };
}
