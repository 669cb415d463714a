/**
 * `DIR/keystore.json`: where the vault's bank keys are.
 * - version 1, the software store: every bank private key, sealed (sealed-json.ts) under the key
 *   store passphrase (`VBI_KEYSTORE_PASSPHRASE`);
 * - version 2, a PKCS#11 token: which library, token and vault id (the bank's keys are in the
 *   token) and the CA certificate.
 * The release key has a store of its own (release-keystore.ts); stores made before that keep it
 * here too (`release`), read only by `vault release publish`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { KeyAccess, TokenRef } from './backend.ts';
import { keystorePassphraseSource, readPassphrase } from './passphrase.ts';
import { b64url, sealedJsonSchema, sealJson, unsealJson } from './sealed-json.ts';

export const KEYSTORE_FILE = 'keystore.json';
const AAD = 'vbi1:keystore';

/** The software store's private key material, as `init` makes it. Never logged. */
export interface KeyMaterial {
  /** ECDSA P-256, PKCS#8 DER: signs hello and audit answers. */
  bankAuth: Buffer;
  /** RSA-3072, PKCS#8 DER: opens `sealed` secrets. */
  bankEnc: Buffer;
  /** AES-256: seals PSD packages and the keys wrapped inside them. */
  psdWrap: Buffer;
  /** HMAC-SHA256: checkpoint records; module memory keys are derived from it. */
  checkpoint: Buffer;
  /** HMAC-SHA256: transaction log entries; the link and backup keys are derived from it. */
  log: Buffer;
  /** ECDSA P-256, PKCS#8 DER: the certificate authority's key. */
  caKey: Buffer;
  caCertPem: string;
}

const fileSchema = z.discriminatedUnion('version', [
  sealedJsonSchema.extend({ version: z.literal(1) }),
  z.strictObject({
    version: z.literal(2),
    backend: z.literal('pkcs11'),
    token: z.strictObject({ module: z.string().min(1), label: z.string().min(1), vaultId: b64url }),
    caCertPem: z.string(),
    release: sealedJsonSchema.optional(),
  }),
]);
const softwareSchema = z.strictObject({
  bankAuth: b64url, bankEnc: b64url, psdWrap: b64url, checkpoint: b64url, log: b64url, release: b64url.optional(), caKey: b64url,
  caCertPem: z.string(),
});
const releaseOnlySchema = z.strictObject({ release: b64url });

function readFile(dataDir: string): z.infer<typeof fileSchema> {
  return fileSchema.parse(JSON.parse(readFileSync(join(dataDir, KEYSTORE_FILE), 'utf8')));
}

function writeFile(dataDir: string, file: object): void {
  writeFileSync(join(dataDir, KEYSTORE_FILE), `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
}

const unseal = (dataDir: string, sealed: z.infer<typeof sealedJsonSchema>) =>
  unsealJson(readPassphrase(keystorePassphraseSource(dataDir), false), AAD, sealed, 'key store');

/** Seals the software store's key material to `DIR/keystore.json` (version 1). */
export function writeKeyStore(dataDir: string, keys: KeyMaterial): void {
  const content = {
    bankAuth: keys.bankAuth.toString('base64url'), bankEnc: keys.bankEnc.toString('base64url'),
    psdWrap: keys.psdWrap.toString('base64url'), checkpoint: keys.checkpoint.toString('base64url'),
    log: keys.log.toString('base64url'), caKey: keys.caKey.toString('base64url'), caCertPem: keys.caCertPem,
  };
  writeFile(dataDir, { version: 1, ...sealJson(readPassphrase(keystorePassphraseSource(dataDir), true), AAD, content) });
}

/** Writes a token vault's `DIR/keystore.json` (version 2): where the keys are. */
export function writeTokenKeyStore(dataDir: string, o: { token: TokenRef; caCertPem: string }): void {
  writeFile(dataDir, { version: 2, backend: 'pkcs11', token: o.token, caCertPem: o.caCertPem });
}

/** An opened key store. */
export interface KeyStore {
  /** Where the bank's keys are: what every thread opens its key backend from (open-backend.ts). */
  readonly access: KeyAccess;
  readonly caCertPem: string;
}

/** True when the key store is the software store (its passphrase guards every bank key). */
export function isSoftwareKeyStore(dataDir: string): boolean {
  return readFile(dataDir).version === 1;
}

/**
 * Opens `DIR/keystore.json`. The software store needs `VBI_KEYSTORE_PASSPHRASE` (or the
 * development passphrase file); a token vault needs the token's PIN when a backend opens.
 * Throws a message without secrets when the passphrase is wrong or the file is damaged.
 */
export function openKeyStore(dataDir: string): KeyStore {
  const file = readFile(dataDir);
  if (file.version === 2) return { access: { kind: 'pkcs11', token: file.token }, caCertPem: file.caCertPem };
  const c = softwareSchema.parse(unseal(dataDir, file));
  const buf = (s: string) => Buffer.from(s, 'base64url');
  const keys = {
    bankAuth: buf(c.bankAuth), bankEnc: buf(c.bankEnc), psdWrap: buf(c.psdWrap), checkpoint: buf(c.checkpoint),
    log: buf(c.log), caKey: buf(c.caKey),
  };
  return { access: { kind: 'software', keys }, caCertPem: c.caCertPem };
}

/** The release key (PKCS#8 DER) of a key store made before it had a store of its own, else null. */
export function legacyReleaseKey(dataDir: string): Buffer | null {
  const file = readFile(dataDir);
  if (file.version === 2) {
    return file.release === undefined ? null : Buffer.from(releaseOnlySchema.parse(unseal(dataDir, file.release)).release, 'base64url');
  }
  const release = softwareSchema.parse(unseal(dataDir, file)).release;
  return release === undefined ? null : Buffer.from(release, 'base64url');
}
