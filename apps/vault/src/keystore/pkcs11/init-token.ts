/**
 * `vault init --keys pkcs11`: generates the bank's keys inside the token (catalog.ts), makes the
 * CA certificate with the token's CA key, writes the public halves to `DIR/trust/` and the
 * token's whereabouts to `DIR/keystore.json` (the release key goes to a store of its own).
 */
import { randomBytes } from 'node:crypto';
import type { TokenRef } from '../backend.ts';
import { createCaCertificate } from '../ca.ts';
import { makeReleaseKey, writeTrustBundle } from '../generate.ts';
import { writeTokenKeyStore } from '../keystore.ts';
import { pkcs11Backend } from './pkcs11-backend.ts';
import { generateKeyPair, generateSecretKey, KEY_PAIRS, SECRET_KEYS, type PairLabel, type SecretLabel } from './catalog.ts';
import { tokenPublicKey } from './public-keys.ts';
import { openTokenSession } from './token.ts';

export async function initTokenVault(dataDir: string, o: { module: string; label: string }): Promise<TokenRef> {
  const vaultId = randomBytes(16);
  const token: TokenRef = { module: o.module, label: o.label, vaultId: vaultId.toString('base64url') };
  const t = openTokenSession({ ...o, vaultId }, true);
  let publicKeys;
  try {
    for (const label of Object.keys(SECRET_KEYS) as SecretLabel[]) generateSecretKey(t, label, vaultId);
    for (const label of Object.keys(KEY_PAIRS) as PairLabel[]) generateKeyPair(t, label, vaultId);
    publicKeys = { bankAuth: tokenPublicKey(t, 'bank-auth'), bankEnc: tokenPublicKey(t, 'bank-enc'), ca: tokenPublicKey(t, 'ca') };
  } finally {
    t.close();
  }
  const backend = pkcs11Backend(token);
  try {
    const caCertPem = await createCaCertificate(publicKeys.ca, (tbs) => backend.signAsCa(tbs));
    const release = makeReleaseKey(dataDir);
    writeTrustBundle(dataDir, { bankAuth: publicKeys.bankAuth, bankEnc: publicKeys.bankEnc, release, caCertPem });
    writeTokenKeyStore(dataDir, { token, caCertPem });
  } finally {
    backend.close();
  }
  return token;
}
