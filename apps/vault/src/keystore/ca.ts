import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

x509.cryptoProvider.set(webcrypto as never);

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const CA_YEARS = 20;

function serialHex(n: number): string {
  const hex = n.toString(16);
  return hex.length % 2 === 0 ? hex : `0${hex}`;
}

/** Makes the vault's certificate authority: a P-256 key and a self-signed certificate. */
export async function createCertificateAuthority(): Promise<{ keyPkcs8: Buffer; certPem: string }> {
  const keys = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
  const notBefore = new Date();
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + CA_YEARS);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialHex(1),
    name: 'CN=VBI Meter Vault CA',
    notBefore,
    notAfter,
    signingAlgorithm: SIGNING,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const keyPkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  return { keyPkcs8, certPem: cert.toString('pem') };
}

/** Issues meter certificates; lives inside a module (it holds the CA private key). */
export class MeterCertificateIssuer {
  private constructor(
    private readonly caKey: CryptoKey,
    private readonly caCert: x509.X509Certificate,
  ) {}

  static async open(caKeyPkcs8: Buffer, caCertPem: string): Promise<MeterCertificateIssuer> {
    const caKey = await webcrypto.subtle.importKey('pkcs8', caKeyPkcs8, EC, false, ['sign']);
    return new MeterCertificateIssuer(caKey as CryptoKey, new x509.X509Certificate(caCertPem));
  }

  /** X.509 certificate for a meter's indicium key; serial = the certificate serial (SPEC §5). */
  async issue(input: {
    certSerial: number;
    deviceLabel: string;
    publicKeySpki: Buffer;
    notBefore: Date;
    notAfter: Date;
  }): Promise<string> {
    const publicKey = await webcrypto.subtle.importKey('spki', input.publicKeySpki, EC, true, ['verify']);
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serialHex(input.certSerial),
      subject: `CN=VBI meter ${input.deviceLabel}`,
      issuer: this.caCert.subject,
      notBefore: input.notBefore,
      notAfter: input.notAfter,
      signingAlgorithm: SIGNING,
      publicKey: publicKey as CryptoKey,
      signingKey: this.caKey,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        await x509.AuthorityKeyIdentifierExtension.create(this.caCert, false),
      ],
    });
    return cert.toString('pem');
  }
}
