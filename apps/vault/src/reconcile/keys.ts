/** The keys `vault verify-log` and `vault report` check the ledger with (copied out of the key store). */
import { deriveLinkKey } from '../ledger/chain.ts';
import type { KeyMaterial } from '../keystore/keystore.ts';

export interface LedgerKeys {
  /** Opens packages. */
  psdWrap: Buffer;
  /** Log entries' MACs, and their commit links (derived). */
  log: Buffer;
  link: Buffer;
  checkpoint: Buffer;
  ledger: Buffer;
  pieceSeal: Buffer;
  audit: Buffer;
}

export function ledgerKeysOf(m: KeyMaterial): LedgerKeys {
  const copy = (b: Buffer) => Buffer.from(b);
  return {
    psdWrap: copy(m.psdWrap), log: copy(m.log), link: deriveLinkKey(m.log), checkpoint: copy(m.checkpoint),
    ledger: copy(m.ledger), pieceSeal: copy(m.pieceSeal), audit: copy(m.audit),
  };
}

export function wipeLedgerKeys(keys: LedgerKeys): void {
  for (const key of Object.values(keys)) key.fill(0);
}
