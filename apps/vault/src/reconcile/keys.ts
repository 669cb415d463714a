/** The keys `vault verify-log` and `vault report` check the ledger with, from the vault's key backend. */
import type { AeadKey, KeyBackend, MacKey } from '../keystore/backend.ts';

export interface LedgerKeys {
  /** Opens packages. */
  psd: AeadKey;
  /** Log entries' MACs and commit links. */
  log: MacKey;
  link: MacKey;
  checkpoint: MacKey;
  ledger: MacKey;
  pieceSeal: MacKey;
  audit: MacKey;
}

export function ledgerKeysOf(b: KeyBackend): LedgerKeys {
  return {
    psd: b.psd, log: b.logMac, link: b.linkMac, checkpoint: b.checkpointMac, ledger: b.ledgerMac, pieceSeal: b.pieceSealMac, audit: b.auditMac,
  };
}
