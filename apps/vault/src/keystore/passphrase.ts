import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where a sealed store's passphrase comes from: an environment variable, or in development a file beside the store. */
export interface PassphraseSource {
  /** e.g. VBI_KEYSTORE_PASSPHRASE */
  envVar: string;
  /** The development file (mode 0600), used only when the variable is unset. */
  devFile: string;
}

export const DEV_PASSPHRASE_FILE = 'keystore.passphrase';

export const keystorePassphraseSource = (dataDir: string): PassphraseSource => ({
  envVar: 'VBI_KEYSTORE_PASSPHRASE',
  devFile: join(dataDir, DEV_PASSPHRASE_FILE),
});

const warned = new Set<string>();

/** True when the variable is set: the passphrase is not a development one kept on disk. */
export function passphraseFromEnvironment(source: PassphraseSource): boolean {
  const value = process.env[source.envVar];
  return value !== undefined && value !== '';
}

/**
 * The passphrase: the environment variable, or in development a random one kept in the
 * development file (mode 0600). `create` makes that file when it is missing. Prints a loud
 * warning (never the passphrase) when the development file is used.
 */
export function readPassphrase(source: PassphraseSource, create: boolean): string {
  const fromEnv = process.env[source.envVar];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const file = source.devFile;
  if (!existsSync(file)) {
    if (!create) throw new Error(`${source.envVar} is not set and there is no development passphrase file`);
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  if (!warned.has(file)) process.stderr.write(
    `WARNING: ${source.envVar} is not set; the passphrase is kept in ${file} (development only, not for production)\n`,
  );
  warned.add(file);
  return readFileSync(file, 'utf8').trim();
}
