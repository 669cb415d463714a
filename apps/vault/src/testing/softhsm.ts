/**
 * A real SoftHSM2 token for tests: its own configuration and token folder in a temporary folder,
 * initialised with `softhsm2-util` under a random label and PIN. One per test process: the
 * PKCS#11 library reads SOFTHSM2_CONF once, when a process first initialises it, so this also
 * sets SOFTHSM2_CONF and VBI_PKCS11_PIN in this process's environment (child processes inherit them).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's SoftHSM2 (`apt-get install softhsm2`); VBI_PKCS11_MODULE names another library. */
export const SOFTHSM2_MODULE = process.env.VBI_PKCS11_MODULE ?? '/usr/lib/softhsm/libsofthsm2.so';

export interface SoftHsmToken {
  module: string;
  label: string;
  pin: string;
  /** The folder holding the configuration and the token's files. */
  dir: string;
  /** What a vault process needs to reach the token. */
  env: { SOFTHSM2_CONF: string; VBI_PKCS11_PIN: string };
  /** The `vault init` arguments that put a vault's keys in this token. */
  initArgs: string[];
}

let token: SoftHsmToken | null = null;

export function softHsmAvailable(): boolean {
  return existsSync(SOFTHSM2_MODULE);
}

/** This process's token (made on first call). */
export function softHsmToken(): SoftHsmToken {
  if (token !== null) return token;
  if (!softHsmAvailable()) throw new Error(`SoftHSM2 is not installed (${SOFTHSM2_MODULE}): apt-get install softhsm2`);
  const dir = mkdtempSync(join(tmpdir(), 'vbi-softhsm-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'tokens'));
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
  const label = `vbi-test-${randomBytes(4).toString('hex')}`;
  const pin = randomBytes(12).toString('base64url');
  execFileSync('softhsm2-util', ['--init-token', '--free', '--label', label, '--pin', pin, '--so-pin', randomBytes(12).toString('base64url')], {
    env: { ...process.env, SOFTHSM2_CONF: conf },
    stdio: 'ignore',
  });
  const env = { SOFTHSM2_CONF: conf, VBI_PKCS11_PIN: pin };
  Object.assign(process.env, env);
  token = { module: SOFTHSM2_MODULE, label, pin, dir, env, initArgs: ['--keys', 'pkcs11', '--pkcs11-module', SOFTHSM2_MODULE, '--pkcs11-token', label] };
  return token;
}
