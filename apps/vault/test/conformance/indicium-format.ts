/** SPEC §5, indicium format 1, read at the SPEC's byte offsets (little-endian) by our own code. */
import { X509Certificate } from 'node:crypto';

export interface Indicium {
  version: number;
  algorithm: number;
  certSerial: number;
  vendorId: number;
  model: number;
  psdSerial: number;
  ar: number;
  postage: number;
  mailDate: number;
  originZip: number;
  softwareId: number;
  pieceNumber: number;
  dr: number;
  rateCategory: string;
  destinationZip: number;
  kind: number;
  signed: Buffer;
  signature: Buffer;
}

export const INDICIUM_BYTES = 113;

export function parseIndicium(b: Buffer): Indicium {
  if (b.length !== INDICIUM_BYTES) throw new Error(`an indicium is ${INDICIUM_BYTES} bytes, got ${b.length}`);
  return {
    version: b.readUInt8(0),
    algorithm: b.readUInt8(1),
    certSerial: b.readUInt32LE(2),
    vendorId: b.readUInt16LE(6),
    model: b.readUInt16LE(8),
    psdSerial: b.readUInt32LE(10),
    ar: b.readUIntLE(14, 5),
    postage: b.readUIntLE(19, 3),
    mailDate: b.readUInt32LE(22),
    originZip: b.readUInt32LE(26),
    softwareId: b.readUInt16LE(30),
    pieceNumber: b.readUInt32LE(32),
    dr: b.readUInt32LE(36),
    rateCategory: b.subarray(40, 44).toString('latin1'),
    destinationZip: b.readUInt32LE(44),
    kind: b.readUInt8(48),
    signed: b.subarray(0, 49),
    signature: b.subarray(49, 113),
  };
}

/** `YYYY-MM-DD` → the uint32 YYYYMMDD of SPEC §1. */
export const dateAsUint = (date: string): number => Number(date.replaceAll('-', ''));

/** `NNNNN` or `NNNNN-NNNN` → zip5*10000+plus4 (SPEC §1). */
export function zipAsUint(zip: string): number {
  const [five, plus4 = '0'] = zip.split('-');
  return Number(five) * 10000 + Number(plus4);
}

/** The X.509 serial number of a certificate as an integer. */
export const certSerialOf = (cert: X509Certificate): number => Number.parseInt(cert.serialNumber, 16);
