/**
 * The audit log's chain: each entry's MAC covers its fields (id included) and the MAC of the entry
 * before it, under the bank's audit key: HMAC-SHA256(audit key, "vbi1:audit:" + previous MAC + ":"
 * + JCS(fields)), 32 zero bytes before the first. So an audit entry nobody with the key wrote, one
 * edited, removed from the middle or reordered breaks the chain (`vault verify-log`).
 * Storage makes the MAC inside the transaction that appends the entry, so appends of several
 * writers (the commit writer, the main thread) form one chain.
 */
import { canonicalJson } from '@vbi/protocol';
import type { MacKey } from '../keystore/backend.ts';
import type { AuditEntry } from '../storage/storage.ts';
import { GENESIS_HASH } from './chain.ts';
import { hmacText, sameMacText } from './mac-text.ts';

/** An audit entry as stored: `detail` is its JSON text (null when none). */
export interface StoredAuditFields {
  id: number;
  at: string;
  event: string;
  moduleSerial: number | null;
  meterId: string | null;
  detail: string | null;
}

export const GENESIS_AUDIT_MAC = GENESIS_HASH;

/** An audit entry as it is stored under `id` (what its MAC covers). */
export function auditFieldsOf(id: number, e: AuditEntry): StoredAuditFields {
  return {
    id, at: e.at, event: e.event, moduleSerial: e.moduleSerial ?? null, meterId: e.meterId ?? null,
    detail: e.detail === undefined ? null : JSON.stringify(e.detail),
  };
}

export interface AuditLinker {
  genesis: string;
  mac(prevMac: string, fields: StoredAuditFields): string;
}

function input(prevMac: string, f: StoredAuditFields): string {
  return `vbi1:audit:${prevMac}:${canonicalJson({
    id: f.id, at: f.at, event: f.event, moduleSerial: f.moduleSerial, meterId: f.meterId, detail: f.detail,
  })}`;
}

export function auditLinker(auditKey: MacKey): AuditLinker {
  return { genesis: GENESIS_AUDIT_MAC, mac: (prevMac, fields) => hmacText(auditKey, input(prevMac, fields)) };
}

/** Why the audit entry `f` with MAC `mac` does not follow the one whose MAC is `prevMac` (id `prevId`), or null. */
export function checkAuditEntry(linker: AuditLinker, prevMac: string, prevId: number, f: StoredAuditFields, mac: string | null): string | null {
  if (f.id !== prevId + 1) return `audit entry ${f.id} follows ${prevId} (an entry is missing or out of order)`;
  if (mac === null) return `audit entry ${f.id} has no MAC`;
  if (!sameMacText(linker.mac(prevMac, f), mac)) return `audit entry ${f.id}: MAC does not verify (edited, inserted, or its predecessor changed)`;
  return null;
}
