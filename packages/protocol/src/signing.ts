/** The exact texts the bank-auth key signs (SPEC §3.3); shared so signer and verifier agree. */
import { canonicalJson } from './jcs.ts';
import type { AuditRecord } from './types.ts';

export function helloSignatureInput(clientNonce: string): string {
  return `vbi1:hello:${clientNonce}`;
}

export function auditSignatureInput(record: AuditRecord): string {
  return `vbi1:audit:${canonicalJson(record)}`;
}
