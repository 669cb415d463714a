/** The backup keys: derived from the bank's log key (HKDF), so they live wherever the key store lives. */
import { hkdfSync } from 'node:crypto';
import { deriveLinkKey } from '../ledger/chain.ts';

export interface BackupKeys {
  /** AES-256-GCM: off-loaded log segments. */
  segment: Buffer;
  /** AES-256-GCM: snapshots written by `vault backup`. */
  snapshot: Buffer;
  /** HMAC-SHA256: verifies each transaction-log entry's MAC (the log key itself). */
  log: Buffer;
  /** HMAC-SHA256: verifies each entry's commit link (bank/log-link.ts). */
  link: Buffer;
}

function derive(logKey: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', logKey, Buffer.alloc(0), `vbi1:backup:${purpose}`, 32));
}

/** Copies what backup needs out of the log key; the caller may zero its own copy afterwards. */
export function backupKeys(logKey: Buffer): BackupKeys {
  return { segment: derive(logKey, 'segment'), snapshot: derive(logKey, 'snapshot'), log: Buffer.from(logKey), link: deriveLinkKey(logKey) };
}

/** Overwrites the keys once the caller is done with them. */
export function wipeBackupKeys(keys: BackupKeys): void {
  for (const key of Object.values(keys)) key.fill(0);
}
