/**
 * The key backends' cost per operation, side by side: the software store and PKCS#11 on this
 * process's SoftHSM2 token, each made as `vault init` makes it, each measured on one thread with
 * what a module does per indicium: sign with a meter key, open and seal the PSD package, a log
 * MAC; and per cache miss, unwrapping a meter key (open its seal, import/unwrap it for signing).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  generateKeys, initTokenVault, openBackend, openKeyStore, openPackage, sealPackage, softHsmToken, unwrapSecret, wrapSecret,
  writeKeyStore, type KeyBackend, type PsdPackage,
} from '@vbi/vault/benchmarks';

export type KeyKind = 'software' | 'pkcs11';

/** Operations per second on one thread. */
export interface KeyOps {
  /** ECDSA P-256 with a meter key (an indicium's signature). */
  meterSignPerSec: number;
  /** ECDSA P-256 with bank-auth (hello, audit). */
  bankSignPerSec: number;
  /** Open the sealed signing key and make it ready to sign (a key-cache miss). */
  unwrapPerSec: number;
  /** Seal a PSD package (AES-256-GCM). */
  sealPerSec: number;
  /** Open a PSD package. */
  openPerSec: number;
  /** HMAC-SHA256 of a log entry. */
  hmacPerSec: number;
}

const METER = '3b0c6d2e-6a4e-4f0f-9c1e-0d7b1c2a9e11';

/** Calls `op` for `seconds` (after a short warm-up); operations per second. */
function rate(seconds: number, op: () => void): number {
  for (let i = 0; i < 50; i++) op();
  const start = performance.now();
  const end = start + seconds * 1000;
  let count = 0;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 20; i++) op();
    count += 20;
    now = performance.now();
  }
  return count / ((now - start) / 1000);
}

function measure(keys: KeyBackend, seconds: number): KeyOps {
  const made = keys.meterKeys.generate();
  const wrapped = wrapSecret(keys.psd, METER, 'sign', made.blob);
  const signer = keys.meterKeys.signer(made.blob);
  const signedPart = Buffer.alloc(49, 7);
  // A package as a module seals it per indicium (about 1 KB of JSON).
  const pkg: PsdPackage = {
    v: 1, meterId: METER, state: 'operational', ar: 1000, dr: 5000, totalDownloaded: 6000, totalRefunded: 0,
    deviceId: { vendor: 1, model: 1, serial: 7 }, certSerial: 7, licenseZip: '94102', signingKey: wrapped,
    hmk: wrapSecret(keys.psd, METER, 'hmk', Buffer.alloc(32, 1)), passphraseHash: `scrypt$16384$8$1$${'s'.repeat(22)}$${'h'.repeat(43)}`,
    repetitionList: [], lastTxAt: new Date().toISOString(), challenge: 'c'.repeat(22), keyNotBefore: new Date().toISOString(),
    keyNotAfter: new Date().toISOString(), pieceCounter: 10, failedLogins: 0, lockedUntil: null,
  };
  const sealed = sealPackage(keys.psd, pkg);
  const entry = `vbi1:log:${'h'.repeat(43)}`;
  const result: KeyOps = {
    meterSignPerSec: rate(seconds, () => signer.sign(signedPart)),
    bankSignPerSec: rate(seconds, () => keys.signBankAuth(signedPart)),
    unwrapPerSec: rate(seconds, () => {
      const blob = unwrapSecret(keys.psd, METER, 'sign', wrapped);
      keys.meterKeys.signer(blob).release();
    }),
    sealPerSec: rate(seconds, () => sealPackage(keys.psd, pkg)),
    openPerSec: rate(seconds, () => openPackage(keys.psd, METER, sealed)),
    hmacPerSec: rate(seconds, () => keys.logMac.mac(entry)),
  };
  signer.release();
  return result;
}

/** Makes a vault's keys with the backend `kind` in a temporary folder and measures them. */
export async function benchKeyBackend(kind: KeyKind, seconds: number): Promise<KeyOps> {
  const dir = mkdtempSync(join(tmpdir(), `vbi-bench-keys-${kind}-`));
  try {
    if (kind === 'software') writeKeyStore(dir, await generateKeys(dir));
    else await initTokenVault(dir, { module: softHsmToken().module, label: softHsmToken().label });
    const keys = openBackend(openKeyStore(dir).access);
    try {
      return measure(keys, seconds);
    } finally {
      keys.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
