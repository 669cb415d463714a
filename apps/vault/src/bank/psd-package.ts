import { MAX_AR, MAX_DR } from '@vbi/protocol';
import { IV_BYTES, SealBroken, TAG_BYTES, type AeadKey } from '../keystore/backend.ts';
import { EMPTY_CREDIT_HEAD } from '../ledger/credits.ts';
import type { MeterState } from '../storage/storage.ts';
import type { PackagePeople } from './package-users.ts';

/**
 * The contents of a PSD package: SPEC §4.1, whose passphrase fields are the owner's, plus the
 * account's other people (PackagePeople, absent before anyone was added), plus what keeps
 * value-bearing rows outside it honest (version 2; docs/vault.md "What protects each column").
 * Only a module ever sees it unsealed.
 */
export interface PsdPackage extends PackagePeople {
  v: 2;
  meterId: string;
  state: MeterState;
  ar: number;
  dr: number;
  totalDownloaded: number;
  totalRefunded: number;
  deviceId: { vendor: number; model: number; serial: number };
  certSerial: number;
  licenseZip: string | null;
  /** Indicium signing key (the key backend's blob: PKCS#8 DER, or token-wrapped), wrapped: see wrapSecret. */
  signingKey: string;
  /** HMK, wrapped; null until the meter is registered. */
  hmk: string | null;
  passphraseHash: string | null;
  /** The last 5 passphrase hashes, newest last (may not be reused). */
  repetitionList: string[];
  lastTxAt: string | null;
  challenge: string | null;
  keyNotBefore: string;
  keyNotAfter: string;
  pieceCounter: number;
  failedLogins: number;
  lockedUntil: string | null;
  /** The account the meter was registered to (its username in lower case); credits of no other count. */
  account: string | null;
  /** The last entry of the account's credit chain counted by a purchase, and the sum of the credits through it. */
  credits: { seq: number; hash: string; total: number };
  /** The refunded pieces this meter still remembers: [piece number, time printed in Unix seconds], oldest first. */
  refunds: Array<[number, number]>;
  /** Refunded pieces printed at or before this time (Unix seconds) were forgotten: none of that age is refunded or re-printed. */
  refundsForgottenThrough: number;
  /** DR handed back to the account when the meter was withdrawn (absent in packages sealed before withdrawal existed: 0). */
  totalReturned?: number;
  /**
   * The vault's state as an operator confirmed it to end a register mismatch: every login answer
   * carries it until a MACed request shows the client has adopted it (docs/protocol.md).
   */
  resolution?: Resolution | null;
}

/** What `vault meter resolve --confirm` sets (the registers and piece count the operator confirmed). */
export interface Resolution {
  at: string;
  ar: number;
  dr: number;
  pieces: number;
}

type V2Fields = Pick<PsdPackage, 'account' | 'credits' | 'refunds' | 'refundsForgottenThrough'>;

/** The fields version 1 (before the value keys) did not have, as a new meter starts with them. */
export function emptyV2Fields(): V2Fields {
  return { account: null, credits: { ...EMPTY_CREDIT_HEAD, total: 0 }, refunds: [], refundsForgottenThrough: 0 };
}

export class PackageRefused extends Error {}

/** The seal's format byte (not the package content's version `v`). */
const VERSION = 1;

/** VERSION (1) ‖ IV (12) ‖ tag (16) ‖ ciphertext, under the PSD key (AES-256-GCM). */
function seal(key: AeadKey, plain: Buffer | string, aad: string): Buffer {
  const out = key.seal(plain, aad, 1);
  out[0] = VERSION;
  return out;
}

function open(key: AeadKey, sealed: Uint8Array, aad: string): Buffer {
  if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== VERSION) throw new PackageRefused('sealed data is malformed');
  try {
    return key.open(sealed.subarray(1), aad);
  } catch (err) {
    // Anything else (a token that stopped answering) is not the package's fault.
    if (err instanceof SealBroken) throw new PackageRefused('sealed data failed authentication');
    throw err;
  }
}

/** Seals a package; the meter id is the associated data, so rows cannot be swapped. */
export function sealPackage(wrapKey: AeadKey, pkg: PsdPackage): Buffer {
  return seal(wrapKey, JSON.stringify(pkg), `vbi1:psd:${pkg.meterId}`);
}

const isCount = (n: unknown, max: number): n is number => Number.isSafeInteger(n) && (n as number) >= 0 && (n as number) <= max;

/**
 * Opens and checks a package: authentication with the meter id, format version (a version-1
 * package reads with the version-2 fields empty), and the register invariant
 * AR + DR = total downloaded + total refunded (SPEC §4.1) − what a withdrawal returned. Only the bank can make a
 * package that authenticates, and it seals nothing but typed PsdPackage values, so the content is
 * not re-validated field by field (that was a tenth of a module's time per indicium).
 */
export function openPackage(wrapKey: AeadKey, meterId: string, sealed: Uint8Array): PsdPackage {
  const plain = open(wrapKey, sealed, `vbi1:psd:${meterId}`);
  const read = JSON.parse(plain.toString('utf8')) as PsdPackage | (Omit<PsdPackage, 'v' | keyof V2Fields> & { v: 1 });
  if (read === null || typeof read !== 'object' || (read.v !== 1 && read.v !== 2) || read.meterId !== meterId) {
    throw new PackageRefused('package content is invalid');
  }
  const p: PsdPackage = read.v === 2 ? read : { ...read, ...emptyV2Fields(), v: 2 };
  const returned = p.totalReturned ?? 0;
  if (!isCount(p.ar, MAX_AR) || !isCount(p.dr, MAX_DR) || !isCount(p.totalDownloaded, Number.MAX_SAFE_INTEGER)
    || !isCount(p.totalRefunded, Number.MAX_SAFE_INTEGER) || !isCount(returned, Number.MAX_SAFE_INTEGER)
    || p.ar + p.dr + returned !== p.totalDownloaded + p.totalRefunded) {
    throw new PackageRefused('register invariant broken');
  }
  return p;
}

/** Wraps a secret that lives inside a package (signing key, HMK), bound to meter and purpose. */
export function wrapSecret(wrapKey: AeadKey, meterId: string, purpose: 'sign' | 'hmk', secret: Buffer): string {
  return seal(wrapKey, secret, `vbi1:key:${purpose}:${meterId}`).toString('base64url');
}

export function unwrapSecret(wrapKey: AeadKey, meterId: string, purpose: 'sign' | 'hmk', wrapped: string): Buffer {
  return open(wrapKey, Buffer.from(wrapped, 'base64url'), `vbi1:key:${purpose}:${meterId}`);
}
