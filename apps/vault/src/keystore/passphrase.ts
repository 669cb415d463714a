import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const DEV_PASSPHRASE_FILE = 'keystore.passphrase';
let warned = false;

/**
 * The key store passphrase: `VBI_KEYSTORE_PASSPHRASE`, or in development a random one kept in
 * `DIR/keystore.passphrase` (mode 0600). `create` makes that file when it is missing.
 * Prints a loud warning (never the passphrase) when the development file is used.
 */
export function keystorePassphrase(dataDir: string, create: boolean): string {
  const fromEnv = process.env.VBI_KEYSTORE_PASSPHRASE;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const file = join(dataDir, DEV_PASSPHRASE_FILE);
  if (!existsSync(file)) {
    if (!create) {
      throw new Error('VBI_KEYSTORE_PASSPHRASE is not set and there is no development passphrase file');
    }
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  if (!warned) process.stderr.write(
    `WARNING: VBI_KEYSTORE_PASSPHRASE is not set; the key store passphrase is kept in ${file} (development only, not for production)\n`,
  );
  warned = true;
  return readFileSync(file, 'utf8').trim();
}
