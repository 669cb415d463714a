/**
 * The software key store behind the key-backend interface: node:crypto on the key bytes a thread
 * was given. Its outputs are exactly those of the vault before key backends existed (same keys,
 * same derivations, same layouts), so existing data and tests keep working.
 */
import {
  createCipheriv, createDecipheriv, createHmac, createPrivateKey, generateKeyPairSync, hkdfSync, privateDecrypt, sign,
  constants, type KeyObject,
} from 'node:crypto';
import { randomBytesPooled } from '../bank/random-pool.ts';
import {
  IV_BYTES, SealBroken, TAG_BYTES, type AeadKey, type BackupPurpose, type FileKeys, type KeyBackend, type KeyName,
  type MacKey, type MeterKeys, type MeterSigner,
} from './backend.ts';

export type SoftwareKeys = Partial<Record<KeyName, Uint8Array>>;

const hkdf = (key: Uint8Array, info: string) => Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), info, 32));

/** The keys the software store derives from the log key with HKDF-SHA256 (a token keeps separate keys). */
export const DERIVED_FROM_LOG: Partial<Record<KeyName, string>> = {
  link: 'vbi1:log:link',
  backupSegment: 'vbi1:backup:segment',
  backupSnapshot: 'vbi1:backup:snapshot',
};

/** Copies (or derives) the named keys out of `from`; what a thread is given and nothing else. */
export function pickSoftwareKeys(from: SoftwareKeys, names: readonly KeyName[]): SoftwareKeys {
  const out: SoftwareKeys = {};
  for (const name of names) {
    const own = from[name];
    const info = DERIVED_FROM_LOG[name];
    if (own !== undefined) out[name] = new Uint8Array(own);
    else if (info !== undefined && from.log !== undefined) out[name] = hkdf(from.log, info);
  }
  return out;
}

/** AES-256-GCM on a key in memory. */
export class SoftwareAead implements AeadKey {
  constructor(private readonly key: Buffer) {}

  seal(plain: Buffer | string, aad: string, headroom: number): Buffer {
    const iv = randomBytesPooled(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(aad, 'utf8'));
    const body = typeof plain === 'string' ? cipher.update(plain, 'utf8') : cipher.update(plain);
    const tail = cipher.final();
    const start = headroom + IV_BYTES + TAG_BYTES;
    const out = Buffer.allocUnsafe(start + body.length + tail.length);
    iv.copy(out, headroom);
    cipher.getAuthTag().copy(out, headroom + IV_BYTES);
    body.copy(out, start);
    tail.copy(out, start + body.length);
    return out;
  }

  open(sealed: Uint8Array, aad: string): Buffer {
    if (sealed.length < IV_BYTES + TAG_BYTES) throw new SealBroken();
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, IV_BYTES)).setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const body = decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES));
      const tail = decipher.final();
      return tail.length === 0 ? body : Buffer.concat([body, tail]);
    } catch {
      throw new SealBroken();
    }
  }
}

class SoftwareMac implements MacKey {
  constructor(private readonly key: Buffer) {}
  mac(input: string): Buffer {
    return createHmac('sha256', this.key).update(input, 'utf8').digest();
  }
}

const P1363 = 'ieee-p1363' as const;

const softwareMeterKeys: MeterKeys = {
  generate() {
    const pair = generateKeyPairSync('ec', {
      namedCurve: 'P-256',
      privateKeyEncoding: { type: 'pkcs8', format: 'der' },
      publicKeyEncoding: { type: 'spki', format: 'der' },
    });
    return { publicKeySpki: pair.publicKey, blob: pair.privateKey };
  },
  signer(blob: Buffer): MeterSigner {
    const key = createPrivateKey({ key: blob, format: 'der', type: 'pkcs8' });
    return { sign: (message) => sign('sha256', message, { key, dsaEncoding: P1363 }), release: () => {} };
  },
};

/** One kind of backup file: the derived key, nothing stored in the file. */
function derivedFileKeys(key: Buffer): FileKeys {
  return {
    newFileKey: () => ({ key: Buffer.from(key), wrapped: null }),
    fileKey(wrapped) {
      if (wrapped !== null) throw new Error('this file was sealed by a vault whose keys are in a PKCS#11 token');
      return Buffer.from(key);
    },
  };
}

export function softwareBackend(given: SoftwareKeys): KeyBackend {
  const bytes = new Map<KeyName, Buffer>();
  for (const [name, value] of Object.entries(given) as Array<[KeyName, Uint8Array]>) bytes.set(name, Buffer.from(value));
  const need = (name: KeyName): Buffer => {
    let key = bytes.get(name);
    const info = DERIVED_FROM_LOG[name];
    const log = bytes.get('log');
    if (key === undefined && info !== undefined && log !== undefined) bytes.set(name, (key = hkdf(log, info)));
    if (key === undefined) throw new Error(`this thread holds no ${name} key`);
    return key;
  };
  const imported = new Map<KeyName, KeyObject>();
  const privateKey = (name: KeyName): KeyObject => {
    let key = imported.get(name);
    if (key === undefined) {
      key = createPrivateKey({ key: need(name), format: 'der', type: 'pkcs8' });
      imported.set(name, key);
    }
    return key;
  };
  const lazy = <T>(make: () => T): (() => T) => {
    let value: T | undefined;
    return () => (value ??= make());
  };
  const psd = lazy(() => new SoftwareAead(need('psdWrap')));
  const checkpointMac = lazy(() => new SoftwareMac(need('checkpoint')));
  const logMac = lazy(() => new SoftwareMac(need('log')));
  const linkMac = lazy(() => new SoftwareMac(need('link')));
  const backupKeyName: Record<BackupPurpose, KeyName> = { segment: 'backupSegment', snapshot: 'backupSnapshot' };

  return {
    kind: 'software',
    signBankAuth: (message) => sign('sha256', message, { key: privateKey('bankAuth'), dsaEncoding: P1363 }),
    decryptBankEnc: (ciphertext) =>
      privateDecrypt({ key: privateKey('bankEnc'), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, ciphertext),
    get psd() {
      return psd();
    },
    get checkpointMac() {
      return checkpointMac();
    },
    get logMac() {
      return logMac();
    },
    get linkMac() {
      return linkMac();
    },
    moduleMemory: (serial) => new SoftwareAead(hkdf(need('checkpoint'), `vbi1:module-memory:${serial}`)),
    meterKeys: softwareMeterKeys,
    signAsCa: (tbs) => sign('sha256', tbs, { key: privateKey('caKey'), dsaEncoding: P1363 }),
    backupFiles: (purpose) => derivedFileKeys(need(backupKeyName[purpose])),
    close() {
      for (const key of bytes.values()) key.fill(0);
      bytes.clear();
      imported.clear();
    },
  };
}
