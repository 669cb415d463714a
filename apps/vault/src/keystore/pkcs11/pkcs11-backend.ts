/**
 * The key backend on a PKCS#11 token: every operation with a bank key is a call into the token,
 * on this thread's own session (token.ts). Hashes (public) are computed here; the keys never
 * leave the token.
 *
 * Mechanisms: CKM_ECDSA on a SHA-256 digest (SoftHSM2 has no CKM_ECDSA_SHA256; the result is
 * r‖s, P1363), CKM_RSA_X_509 + OAEP decoding here (oaep.ts: SoftHSM2's OAEP is SHA-1 only),
 * CKM_AES_GCM with our own random IV (same layout as the software store), CKM_SHA256_HMAC, and
 * CKM_AES_KEY_WRAP_PAD (RFC 5649) to wrap meter signing keys.
 */
import { createHash, randomBytes } from 'node:crypto';
import { randomBytesPooled } from '../../bank/random-pool.ts';
import {
  IV_BYTES, SealBroken, TAG_BYTES, type AeadKey, type BackupPurpose, type FileKeys, type KeyBackend, type MacKey,
  type MeterKeys, type MeterSigner, type TokenRef,
} from '../backend.ts';
import { P256_PARAMS, type SecretLabel } from './catalog.ts';
import { decodeOaepSha256 } from './oaep.ts';
import { p256SpkiFromEcPoint } from './public-keys.ts';
import { openTokenSession, P11, type TokenSession } from './token.ts';

const RSA_BYTES = 384;
const gcm = (iv: Buffer, aad: string) => ({
  mechanism: P11.CKM_AES_GCM,
  parameter: { type: P11.CK_PARAMS_AES_GCM, iv, ivBits: IV_BYTES * 8, aad: Buffer.from(aad, 'utf8'), tagBits: TAG_BYTES * 8 },
});

class TokenAead implements AeadKey {
  constructor(private readonly t: TokenSession, private readonly label: SecretLabel) {}

  seal(plain: Buffer | string, aad: string, headroom: number): Buffer {
    const data = typeof plain === 'string' ? Buffer.from(plain, 'utf8') : plain;
    const iv = randomBytesPooled(IV_BYTES);
    const { p11, session } = this.t;
    p11.C_EncryptInit(session, gcm(iv, aad), this.t.find(this.label, P11.CKO_SECRET_KEY));
    // PKCS#11 returns ciphertext ‖ tag; the layout is IV ‖ tag ‖ ciphertext.
    const sealed = p11.C_Encrypt(session, data, Buffer.allocUnsafe(data.length + TAG_BYTES));
    const out = Buffer.allocUnsafe(headroom + IV_BYTES + sealed.length);
    iv.copy(out, headroom);
    sealed.copy(out, headroom + IV_BYTES, data.length);
    sealed.copy(out, headroom + IV_BYTES + TAG_BYTES, 0, data.length);
    return out;
  }

  open(sealed: Uint8Array, aad: string): Buffer {
    if (sealed.length < IV_BYTES + TAG_BYTES) throw new SealBroken();
    const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
    const body = Buffer.concat([bytes.subarray(IV_BYTES + TAG_BYTES), bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES)]);
    const { p11, session } = this.t;
    p11.C_DecryptInit(session, gcm(Buffer.from(bytes.subarray(0, IV_BYTES)), aad), this.t.find(this.label, P11.CKO_SECRET_KEY));
    try {
      return Buffer.from(p11.C_Decrypt(session, body, Buffer.allocUnsafe(body.length)));
    } catch (err) {
      // SoftHSM2 reports a GCM tag that does not verify as CKR_GENERAL_ERROR; a token that stopped
      // answering says CKR_DEVICE_* or CKR_SESSION_* instead, which is not the data's fault.
      if (err instanceof Error && /CKR_(ENCRYPTED_DATA_INVALID|ENCRYPTED_DATA_LEN_RANGE|DATA_INVALID|DATA_LEN_RANGE|GENERAL_ERROR)/.test(err.message)) {
        throw new SealBroken();
      }
      throw err;
    }
  }
}

function ecdsa(t: TokenSession, key: Buffer, message: Buffer): Buffer {
  t.p11.C_SignInit(t.session, { mechanism: P11.CKM_ECDSA }, key);
  return Buffer.from(t.p11.C_Sign(t.session, createHash('sha256').update(message).digest(), Buffer.allocUnsafe(64)));
}

function tokenMac(t: TokenSession, label: SecretLabel): MacKey {
  return {
    mac(input) {
      t.p11.C_SignInit(t.session, { mechanism: P11.CKM_SHA256_HMAC }, t.find(label, P11.CKO_SECRET_KEY));
      return Buffer.from(t.p11.C_Sign(t.session, Buffer.from(input, 'utf8'), Buffer.allocUnsafe(32)));
    },
  };
}

const KWP = { mechanism: P11.CKM_AES_KEY_WRAP_PAD };

/**
 * A meter's private key is a session object, never readable (sensitive); extractable only when
 * made, so the wrapping key can wrap it, never once unwrapped for signing.
 */
export function meterKeyTemplate(extractable: boolean) {
  return [
    { type: P11.CKA_TOKEN, value: false },
    { type: P11.CKA_PRIVATE, value: true },
    { type: P11.CKA_SENSITIVE, value: true },
    { type: P11.CKA_EXTRACTABLE, value: extractable },
    { type: P11.CKA_SIGN, value: true },
  ];
}

function tokenMeterKeys(t: TokenSession): MeterKeys {
  const { p11, session } = t;
  return {
    generate() {
      const pair = p11.C_GenerateKeyPair(session, { mechanism: P11.CKM_EC_KEY_PAIR_GEN }, [
        { type: P11.CKA_TOKEN, value: false },
        { type: P11.CKA_EC_PARAMS, value: P256_PARAMS },
        { type: P11.CKA_VERIFY, value: true },
      ], meterKeyTemplate(true));
      try {
        const [point] = p11.C_GetAttributeValue(session, pair.publicKey, [{ type: P11.CKA_EC_POINT }]);
        const publicKeySpki = p256SpkiFromEcPoint(point?.value as Buffer);
        const blob = Buffer.from(p11.C_WrapKey(session, KWP, t.find('meter-wrap', P11.CKO_SECRET_KEY), pair.privateKey, Buffer.alloc(256)));
        return { publicKeySpki, blob };
      } finally {
        p11.C_DestroyObject(session, pair.privateKey);
        p11.C_DestroyObject(session, pair.publicKey);
      }
    },
    signer(blob): MeterSigner {
      const key = p11.C_UnwrapKey(session, KWP, t.find('meter-wrap', P11.CKO_SECRET_KEY), blob, [
        { type: P11.CKA_CLASS, value: P11.CKO_PRIVATE_KEY },
        { type: P11.CKA_KEY_TYPE, value: P11.CKK_EC },
        ...meterKeyTemplate(false),
      ]);
      let live = true;
      return {
        sign: (message) => ecdsa(t, key, message),
        release() {
          if (live) p11.C_DestroyObject(session, key);
          live = false;
        },
      };
    },
  };
}

/** A token key seals a fresh data key per backup file; the file keeps the sealed data key. */
function tokenFileKeys(t: TokenSession, purpose: BackupPurpose): FileKeys {
  const sealer = new TokenAead(t, `backup-${purpose}`);
  const aad = `vbi1:backup:${purpose}:file-key`;
  return {
    newFileKey() {
      const key = randomBytes(32);
      return { key, wrapped: sealer.seal(key, aad, 0).toString('base64url') };
    },
    fileKey(wrapped) {
      if (wrapped === null) throw new Error('this file was sealed by a vault whose keys are in the software key store');
      return sealer.open(Buffer.from(wrapped, 'base64url'), aad);
    },
  };
}

export function pkcs11Backend(ref: TokenRef): KeyBackend {
  const t = openTokenSession({ module: ref.module, label: ref.label, vaultId: Buffer.from(ref.vaultId, 'base64url') });
  const psd = new TokenAead(t, 'psd-wrap');
  const memory = new TokenAead(t, 'module-memory');
  return {
    kind: 'pkcs11',
    signBankAuth: (message) => ecdsa(t, t.find('bank-auth', P11.CKO_PRIVATE_KEY), message),
    decryptBankEnc(ciphertext) {
      t.p11.C_DecryptInit(t.session, { mechanism: P11.CKM_RSA_X_509 }, t.find('bank-enc', P11.CKO_PRIVATE_KEY));
      const em = Buffer.from(t.p11.C_Decrypt(t.session, ciphertext, Buffer.allocUnsafe(RSA_BYTES)));
      try {
        return decodeOaepSha256(em, RSA_BYTES);
      } finally {
        em.fill(0);
      }
    },
    psd,
    checkpointMac: tokenMac(t, 'checkpoint'),
    logMac: tokenMac(t, 'log'),
    linkMac: tokenMac(t, 'log-link'),
    // One token key for every module; the serial is in each file's associated data (`vbi1:mem:<serial>`).
    moduleMemory: () => memory,
    meterKeys: tokenMeterKeys(t),
    signAsCa: (tbs) => ecdsa(t, t.find('ca', P11.CKO_PRIVATE_KEY), tbs),
    backupFiles: (purpose) => tokenFileKeys(t, purpose),
    close: () => t.close(),
  };
}
