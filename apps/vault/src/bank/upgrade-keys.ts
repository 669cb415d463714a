/** What the ledger upgrade of a database holding value needs from the key backend (storage/sqlite/legacy-upgrade.ts). */
import type { KeyBackend } from '../keystore/backend.ts';
import type { UpgradeKeys } from '../storage/ledger-upgrade.ts';
import { openPackage, sealPackage } from './psd-package.ts';

export function upgradeKeysOf(keys: KeyBackend): UpgradeKeys {
  return {
    ledger: keys.ledgerMac,
    pieceSeal: keys.pieceSealMac,
    audit: keys.auditMac,
    bindAccount: (meterId, sealed, account) => sealPackage(keys.psd, { ...openPackage(keys.psd, meterId, sealed), account }),
  };
}
