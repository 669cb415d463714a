/** A fresh random HMAC-SHA256 key behind the key-backend interface (the software store's). */
import { randomBytes } from 'node:crypto';
import type { MacKey } from '../../src/keystore/backend.ts';
import { softwareBackend } from '../../src/keystore/software-backend.ts';

export function randomMacKey(): MacKey {
  return softwareBackend({ ledger: randomBytes(32) }).ledgerMac;
}
