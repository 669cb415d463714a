/** A trust bundle of fresh keys for tests that never reach a vault. */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function makeFakeTrustDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vbi-trust-'));
  const pem = (k: { export(o: { type: 'spki'; format: 'pem' }): string | Buffer }) => String(k.export({ type: 'spki', format: 'pem' }));
  writeFileSync(join(dir, 'bank-auth.pub.pem'), pem(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey));
  writeFileSync(join(dir, 'bank-enc.pub.pem'), pem(generateKeyPairSync('rsa', { modulusLength: 3072 }).publicKey));
  writeFileSync(join(dir, 'release.pub.pem'), pem(generateKeyPairSync('ed25519').publicKey));
  writeFileSync(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n');
  return dir;
}
