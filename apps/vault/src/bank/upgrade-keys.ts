/** What the schema-5 upgrade of a database holding value needs from the key store (storage/sqlite/legacy-upgrade.ts). */
import type { KeyMaterial } from '../keystore/keystore.ts';
import type { UpgradeKeys } from '../storage/sqlite/legacy-upgrade.ts';
import { openPackage, sealPackage } from './psd-package.ts';

export function upgradeKeysOf(keys: KeyMaterial): UpgradeKeys {
  const wrap = Buffer.from(keys.psdWrap);
  return {
    ledger: keys.ledger,
    pieceSeal: keys.pieceSeal,
    audit: keys.audit,
    bindAccount: (meterId, sealed, account) => sealPackage(wrap, { ...openPackage(wrap, meterId, sealed), account }),
  };
}
