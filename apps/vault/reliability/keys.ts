/** The harness opens the test vaults' key store (they share one template) and registers every key as a secret. */
import { createPrivateKey } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { openKeyStore, type KeyMaterial } from '../src/keystore/keystore.ts';
import { DEV_PASSPHRASE_FILE } from '../src/keystore/passphrase.ts';
import type { Harness } from './context.ts';

export function harnessKeys(h: Harness, dataDir: string): KeyMaterial {
  const keys = openKeyStore(dataDir).material;
  const devFile = join(dataDir, DEV_PASSPHRASE_FILE);
  if (existsSync(devFile)) h.secret('keystore passphrase', readFileSync(devFile, 'utf8').trim());
  if (process.env.VBI_KEYSTORE_PASSPHRASE) h.secret('keystore passphrase', process.env.VBI_KEYSTORE_PASSPHRASE);
  for (const name of ['psdWrap', 'checkpoint', 'log', 'ledger', 'pieceSeal', 'audit'] as const) h.secret(`${name} key`, keys[name]);
  for (const name of ['bankAuth', 'bankEnc', 'release', 'caKey'] as const) {
    const der = keys[name];
    // PEM is the base64 of the DER in 64-character lines: slices of it are what would leak.
    const b64 = der.toString('base64');
    for (let i = 32; i + 48 <= b64.length; i += 200) h.secret(`${name} private key (PEM)`, b64.slice(i, i + 48));
    const jwk = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({ format: 'jwk' });
    for (const field of ['d', 'p', 'q'] as const) if (typeof jwk[field] === 'string') h.secret(`${name} private key (JWK ${field})`, jwk[field]);
  }
  return keys;
}
