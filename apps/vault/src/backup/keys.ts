/**
 * The backup keys, from the key backend: sealing of off-loaded log segments and snapshots, and
 * the log and link MACs that verification recomputes. The software store derives them from the
 * log key (HKDF); a token keeps keys of its own that seal a fresh data key per file.
 */
import type { FileKeys, KeyBackend, MacKey } from '../keystore/backend.ts';

export interface BackupKeys {
  /** AES-256-GCM: off-loaded log segments. */
  segment: FileKeys;
  /** AES-256-GCM: snapshots written by `vault backup`. */
  snapshot: FileKeys;
  /** HMAC-SHA256: verifies each transaction-log entry's MAC (the log key itself). */
  log: MacKey;
  /** HMAC-SHA256: verifies each entry's commit link (ledger/chain.ts). */
  link: MacKey;
}

export function backupKeys(backend: KeyBackend): BackupKeys {
  return { segment: backend.backupFiles('segment'), snapshot: backend.backupFiles('snapshot'), log: backend.logMac, link: backend.linkMac };
}
