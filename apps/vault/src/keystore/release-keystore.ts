/**
 * The release key (Ed25519) that signs the auto-update feed (SPEC §6), in a key store of its own:
 * `DIR/release-keystore.json`, sealed under `VBI_RELEASE_PASSPHRASE` (development: a random one in
 * `DIR/release.passphrase`). Only `vault release publish` opens it, so it can be kept off the
 * vault's machines (`--release-keystore FILE`); `vault start` never reads it.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { legacyReleaseKey } from './keystore.ts';
import { readPassphrase, type PassphraseSource } from './passphrase.ts';
import { b64url, sealedJsonSchema, sealJson, unsealJson } from './sealed-json.ts';

export const RELEASE_KEYSTORE_FILE = 'release-keystore.json';
const AAD = 'vbi1:release-keystore';
const fileSchema = sealedJsonSchema.extend({ version: z.literal(1) });
const contentSchema = z.strictObject({ release: b64url });

const source = (file: string): PassphraseSource => ({ envVar: 'VBI_RELEASE_PASSPHRASE', devFile: join(dirname(file), 'release.passphrase') });

export function writeReleaseKeyStore(file: string, der: Buffer): void {
  const sealed = sealJson(readPassphrase(source(file), true), AAD, { release: der.toString('base64url') });
  writeFileSync(file, `${JSON.stringify({ version: 1, ...sealed }, null, 2)}\n`, { mode: 0o600 });
}

/**
 * The release signing key from `file`; a vault made before the release key had a store of its
 * own keeps it in `DIR/keystore.json`, which is read then (with the key store's passphrase).
 */
export function openReleaseSigningKey(file: string, dataDir: string): KeyObject {
  let der: Buffer;
  if (existsSync(file)) {
    const sealed = fileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    der = Buffer.from(contentSchema.parse(unsealJson(readPassphrase(source(file), false), AAD, sealed, 'release key store')).release, 'base64url');
  } else {
    const legacy = legacyReleaseKey(dataDir);
    if (legacy === null) throw new Error(`no release key store at ${file} (vault init makes one; --release-keystore FILE names another)`);
    der = legacy;
  }
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } finally {
    der.fill(0);
  }
}
