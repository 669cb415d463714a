import 'reflect-metadata';
import { webcrypto, type KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';

type CryptoKey = webcrypto.CryptoKey;

x509.cryptoProvider.set(webcrypto as never);

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const CA_YEARS = 20;

/** The CA's signature on a to-be-signed certificate: ECDSA P-256 over SHA-256(tbs), IEEE P1363 r‖s. */
export type CaSign = (tbs: Buffer) => Buffer;

/**
 * WebCrypto for @peculiar/x509 whose `sign` is the key backend's CA signature, so the CA key
 * stays wherever the backend keeps it (a token, or the software store). Everything else
 * (digests, public keys) is node's WebCrypto.
 */
function cryptoSigningWith(caSign: CaSign): webcrypto.Crypto {
  const subtle = new Proxy(webcrypto.subtle, {
    get(target, prop) {
      if (prop === 'sign') {
        return async (_algorithm: unknown, _key: unknown, data: ArrayBuffer | ArrayBufferView) => {
          const bytes = ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);
          const signature = caSign(bytes);
          return signature.buffer.slice(signature.byteOffset, signature.byteOffset + signature.byteLength);
        };
      }
      const value = Reflect.get(target, prop) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { subtle, getRandomValues: webcrypto.getRandomValues.bind(webcrypto), randomUUID: webcrypto.randomUUID.bind(webcrypto) } as webcrypto.Crypto;
}

/** Stands for the CA's private key, which x509 never touches: the signature comes from `caSign`. */
const CA_KEY_HANDLE = { algorithm: EC, type: 'private', extractable: false, usages: ['sign'] } as unknown as CryptoKey;

function serialHex(n: number): string {
  const hex = n.toString(16);
  return hex.length % 2 === 0 ? hex : `0${hex}`;
}

/** Makes the vault's certificate authority: a self-signed certificate for the CA key pair. */
export async function createCaCertificate(publicKey: KeyObject, caSign: CaSign): Promise<string> {
  const crypto = cryptoSigningWith(caSign);
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  const cryptoPublic = await webcrypto.subtle.importKey('spki', spki, EC, true, ['verify']);
  const notBefore = new Date();
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + CA_YEARS);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialHex(1),
    name: 'CN=VBI Meter Vault CA',
    notBefore,
    notAfter,
    signingAlgorithm: SIGNING,
    keys: { publicKey: cryptoPublic, privateKey: CA_KEY_HANDLE },
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(cryptoPublic, false, crypto),
    ],
  }, crypto);
  return cert.toString('pem');
}

/** Issues meter certificates; lives inside a module, signing through the module's key backend. */
export class MeterCertificateIssuer {
  private readonly crypto: webcrypto.Crypto;
  private readonly caCert: x509.X509Certificate;

  constructor(caSign: CaSign, caCertPem: string) {
    this.crypto = cryptoSigningWith(caSign);
    this.caCert = new x509.X509Certificate(caCertPem);
  }

  /** X.509 certificate for a meter's indicium key; serial = the certificate serial (SPEC §5). */
  async issue(input: {
    certSerial: number;
    deviceLabel: string;
    publicKeySpki: Buffer;
    notBefore: Date;
    notAfter: Date;
  }): Promise<string> {
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serialHex(input.certSerial),
      subject: `CN=VBI meter ${input.deviceLabel}`,
      issuer: this.caCert.subject,
      notBefore: input.notBefore,
      notAfter: input.notAfter,
      signingAlgorithm: SIGNING,
      publicKey: input.publicKeySpki,
      signingKey: CA_KEY_HANDLE,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        await x509.AuthorityKeyIdentifierExtension.create(this.caCert, false, this.crypto),
      ],
    }, this.crypto);
    return cert.toString('pem');
  }
}
