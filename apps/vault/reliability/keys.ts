/**
 * The harness opens the test vaults' key store (they share one template): a key backend for its
 * own checks, and — on the software store — every key registered as a secret that must never appear.
 */
import { createPrivateKey } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyBackend, ModuleKeys } from '../src/keystore/backend.ts';
import { openKeyStore } from '../src/keystore/keystore.ts';
import { moduleKeys, openBackend } from '../src/keystore/open-backend.ts';
import { DEV_PASSPHRASE_FILE } from '../src/keystore/passphrase.ts';
import { openReleaseSigningKey, RELEASE_KEYSTORE_FILE } from '../src/keystore/release-keystore.ts';
import type { Harness } from './context.ts';

export interface HarnessKeys {
  backend: KeyBackend;
  /** What a module opened by the harness is given. */
  module: ModuleKeys;
}

export function harnessKeys(h: Harness, dataDir: string): HarnessKeys {
  const store = openKeyStore(dataDir);
  const devFile = join(dataDir, DEV_PASSPHRASE_FILE);
  if (existsSync(devFile)) h.secret('keystore passphrase', readFileSync(devFile, 'utf8').trim());
  if (process.env.VBI_KEYSTORE_PASSPHRASE) h.secret('keystore passphrase', process.env.VBI_KEYSTORE_PASSPHRASE);
  const releaseDevFile = join(dataDir, 'release.passphrase');
  if (existsSync(releaseDevFile)) h.secret('release key store passphrase', readFileSync(releaseDevFile, 'utf8').trim());
  const release = openReleaseSigningKey(join(dataDir, RELEASE_KEYSTORE_FILE), dataDir).export({ format: 'der', type: 'pkcs8' });
  if (store.access.kind === 'software') {
    const keys = store.access.keys;
    for (const name of ['psdWrap', 'checkpoint', 'log'] as const) h.secret(`${name} key`, Buffer.from(keys[name] ?? []));
    for (const [name, der] of [['bankAuth', keys.bankAuth], ['bankEnc', keys.bankEnc], ['release', release], ['caKey', keys.caKey]] as const) {
      if (der === undefined) continue;
      // PEM is the base64 of the DER in 64-character lines: slices of it are what would leak.
      const b64 = Buffer.from(der).toString('base64');
      for (let i = 32; i + 48 <= b64.length; i += 200) h.secret(`${name} private key (PEM)`, b64.slice(i, i + 48));
      const jwk = createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' }).export({ format: 'jwk' });
      for (const field of ['d', 'p', 'q'] as const) if (typeof jwk[field] === 'string') h.secret(`${name} private key (JWK ${field})`, jwk[field]);
    }
  }
  return { backend: openBackend(store.access), module: moduleKeys(store) };
}
