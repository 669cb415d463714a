/**
 * The key backend: everything the bank does with a bank key, behind one small interface, so a
 * module never holds raw key bytes of its own choosing. Two implementations:
 * - the software store (`software-backend.ts`): node:crypto on key bytes from `keystore.json`;
 * - PKCS#11 (`pkcs11/pkcs11-backend.ts`): the keys live in a token and never leave it.
 *
 * A thread opens its own backend from a `KeyAccess` (`open-backend.ts`): the software store's
 * access carries the key bytes that thread may hold (and nothing more), a token's carries only
 * where the token is; the PIN comes from the environment of the process.
 */

/** AES-256-GCM under one key (PSD packages, meter secrets, module memory). */
export interface AeadKey {
  /**
   * Seals under a fresh 12-byte IV. Returns `headroom` bytes for the caller's own header (their
   * content is unspecified), then IV (12) ‖ tag (16) ‖ ciphertext.
   */
  seal(plain: Buffer | string, aad: string, headroom: number): Buffer;
  /** Opens IV ‖ tag ‖ ciphertext; throws `SealBroken` when it does not authenticate. */
  open(sealed: Uint8Array, aad: string): Buffer;
}

export const IV_BYTES = 12;
export const TAG_BYTES = 16;

export class SealBroken extends Error {
  constructor() {
    super('sealed data failed authentication');
  }
}

/** HMAC-SHA256 under one key. */
export interface MacKey {
  mac(input: string): Buffer;
}

/** A meter's indicium key, ready to sign: ECDSA P-256, SHA-256, IEEE P1363 r‖s. */
export interface MeterSigner {
  sign(message: Buffer): Buffer;
  /** Drops the key (a token's session object is destroyed); the signer is unusable afterwards. */
  release(): void;
}

/** Meter signing keys. The blob is what the PSD package keeps (sealed again with the PSD key). */
export interface MeterKeys {
  /**
   * A new P-256 key: its public half (SPKI DER) and its blob — the PKCS#8 DER in the software
   * store (the package seals it), the key wrapped by the token's meter-key wrapping key on PKCS#11.
   */
  generate(): { publicKeySpki: Buffer; blob: Buffer };
  /** The signer of a blob made by `generate`. */
  signer(blob: Buffer): MeterSigner;
}

/**
 * Keys for one kind of backup file (segments, snapshots). The software store derives one key per
 * kind (nothing stored in the file); a token seals a fresh data key per file under its own key
 * and the file's header keeps it (`wrapped`).
 */
export interface FileKeys {
  newFileKey(): { key: Buffer; wrapped: string | null };
  fileKey(wrapped: string | null): Buffer;
}

export type BackupPurpose = 'segment' | 'snapshot';

export interface KeyBackend {
  readonly kind: 'software' | 'pkcs11';
  /** ECDSA P-256 over SHA-256(message) with bank-auth (hello, audit records); IEEE P1363 r‖s. */
  signBankAuth(message: Buffer): Buffer;
  /** RSA-OAEP (SHA-256, MGF1-SHA-256) with bank-enc; throws on anything that does not decrypt. */
  decryptBankEnc(ciphertext: Buffer): Buffer;
  /** The PSD wrapping key: seals packages and the meter secrets inside them. */
  readonly psd: AeadKey;
  /** HMAC-SHA256 of checkpoint records. */
  readonly checkpointMac: MacKey;
  /** HMAC-SHA256 of transaction-log entries. */
  readonly logMac: MacKey;
  /** HMAC-SHA256 of commit links (ledger/chain.ts). */
  readonly linkMac: MacKey;
  /** Seals module `serial`'s memory file. */
  moduleMemory(serial: number): AeadKey;
  readonly meterKeys: MeterKeys;
  /** The CA's signature (ECDSA P-256 over SHA-256(tbs), P1363) on a meter certificate. */
  signAsCa(tbs: Buffer): Buffer;
  backupFiles(purpose: BackupPurpose): FileKeys;
  /** Ends this thread's use of the backend (a token session closes; key bytes are overwritten). */
  close(): void;
}

/** The named keys a thread may be given (software store: the bytes; PKCS#11: nothing to give). */
export const KEY_NAMES = [
  'bankAuth', 'bankEnc', 'psdWrap', 'checkpoint', 'log', 'link', 'backupSegment', 'backupSnapshot', 'caKey',
] as const;
export type KeyName = (typeof KEY_NAMES)[number];

/** Where a thread finds its keys. Crosses threads by structured clone; never logged. */
export type KeyAccess =
  | { kind: 'software'; keys: Partial<Record<KeyName, Uint8Array>> }
  | { kind: 'pkcs11'; token: TokenRef };

/** A vault's keys in a PKCS#11 token: the library, the token's label and the vault's CKA_ID. */
export interface TokenRef {
  module: string;
  label: string;
  /** base64url of the CKA_ID every object of this vault carries (one token may hold several vaults). */
  vaultId: string;
}

/** The keys of a module worker that serves meters (no CA key: those modules never mint). */
export const MODULE_KEYS: KeyName[] = ['bankAuth', 'bankEnc', 'psdWrap', 'checkpoint', 'log'];
/** The keys of a minting module: a new meter's package is sealed and its certificate issued. */
export const MINT_KEYS: KeyName[] = ['psdWrap', 'caKey'];
/** The keys of the backup commands and the log off-load. */
export const BACKUP_KEYS: KeyName[] = ['backupSegment', 'backupSnapshot', 'log', 'link'];

/** What a module worker is handed at start: its key access and the CA certificate it issues under. */
export interface ModuleKeys {
  access: KeyAccess;
  caCertPem: string;
}
