/**
 * Verifies a scanned indicium the way any outside verifier would (SPEC §5): fetch the meter
 * certificate named by the indicium's serial from the vault, check that the vault CA issued it,
 * and check the signature over bytes 0–48 with its key.
 */
import { X509Certificate } from 'node:crypto';
import { decodeIndicium, verifyIndicium, type DecodedIndicium } from '@vbi/indicia';

async function fetchPem(url: string): Promise<string> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
  return res.text();
}

export interface VerifiedIndicium {
  fields: DecodedIndicium;
  certSerial: number;
  certificate: X509Certificate;
}

/** Throws with a clear reason unless the indicium verifies against the vault's published certificate. */
export async function verifyAgainstVault(httpUrl: string, indicium: Buffer): Promise<VerifiedIndicium> {
  // Bytes 2–5: certificate serial, uint32 little-endian (read raw, before trusting any decoder).
  const certSerial = indicium.readUInt32LE(2);
  const base = httpUrl.replace(/\/$/, '');
  const certificate = new X509Certificate(await fetchPem(`${base}/v1/certs/${certSerial}`));
  const ca = new X509Certificate(await fetchPem(`${base}/v1/certs/ca`));
  if (!certificate.checkIssued(ca) || !certificate.verify(ca.publicKey)) {
    throw new Error(`certificate ${certSerial} was not issued by the vault CA`);
  }
  if (BigInt(`0x${certificate.serialNumber}`) !== BigInt(certSerial)) {
    throw new Error(`certificate served for serial ${certSerial} carries serial 0x${certificate.serialNumber}`);
  }
  if (!verifyIndicium(indicium, certificate.toString())) {
    throw new Error(`the indicium's signature does not verify with certificate ${certSerial}`);
  }
  return { fields: decodeIndicium(indicium), certSerial, certificate };
}
