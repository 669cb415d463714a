import { IndiciumError } from './errors.ts';
import { ALGORITHM_ECDSA_P256_SHA256, fieldProblems, FORMAT_VERSION, type IndiciumFields } from './fields.ts';

export const SIGNED_LENGTH = 49;
export const SIGNATURE_LENGTH = 64;
export const INDICIUM_LENGTH = SIGNED_LENGTH + SIGNATURE_LENGTH;

type UintField = Exclude<keyof IndiciumFields, 'rateCategory' | 'kind'>;

/** SPEC §5 offsets of the little-endian integer fields (version, algorithm, rate category and kind are handled apart). */
export const UINT_LAYOUT: ReadonlyArray<{ field: UintField; offset: number; size: number }> = [
  { field: 'certSerial', offset: 2, size: 4 },
  { field: 'vendorId', offset: 6, size: 2 },
  { field: 'model', offset: 8, size: 2 },
  { field: 'psdSerial', offset: 10, size: 4 },
  { field: 'ar', offset: 14, size: 5 },
  { field: 'postage', offset: 19, size: 3 },
  { field: 'mailDate', offset: 22, size: 4 },
  { field: 'originZip', offset: 26, size: 4 },
  { field: 'softwareId', offset: 30, size: 2 },
  { field: 'pieceNumber', offset: 32, size: 4 },
  { field: 'dr', offset: 36, size: 4 },
  { field: 'destinationZip', offset: 44, size: 4 },
];
const OFFSET_VERSION = 0;
const OFFSET_ALGORITHM = 1;
const OFFSET_RATE_CATEGORY = 40;
const RATE_CATEGORY_LENGTH = 4;
const OFFSET_KIND = 48;

export interface DecodedIndicium extends IndiciumFields {
  version: 1;
  algorithm: 1;
  /** r‖s, 64 bytes. */
  signature: Buffer;
}

/** The fields if they can be encoded; throws IndiciumError listing every problem. */
export function checkFields(fields: IndiciumFields): IndiciumFields {
  const problems = fieldProblems(fields);
  if (problems.length > 0) throw new IndiciumError(`invalid indicium fields: ${problems.join('; ')}`);
  return fields;
}

/** Bytes 0–48 of SPEC §5: what the meter signs. */
export function encodeSignedPart(fields: IndiciumFields): Buffer {
  const f = checkFields(fields);
  const out = Buffer.alloc(SIGNED_LENGTH);
  out[OFFSET_VERSION] = FORMAT_VERSION;
  out[OFFSET_ALGORITHM] = ALGORITHM_ECDSA_P256_SHA256;
  for (const { field, offset, size } of UINT_LAYOUT) out.writeUIntLE(f[field], offset, size);
  out.write(f.rateCategory.padEnd(RATE_CATEGORY_LENGTH, ' '), OFFSET_RATE_CATEGORY, 'latin1');
  out[OFFSET_KIND] = f.kind;
  return out;
}

/** The 113-byte indicium: signed part followed by the 64-byte IEEE P1363 signature. */
export function assembleIndicium(signedPart: Uint8Array, signatureP1363: Uint8Array): Buffer {
  if (signedPart.length !== SIGNED_LENGTH) {
    throw new IndiciumError(`signed part must be ${SIGNED_LENGTH} bytes, got ${signedPart.length}`);
  }
  if (signatureP1363.length !== SIGNATURE_LENGTH) {
    throw new IndiciumError(`signature must be ${SIGNATURE_LENGTH} bytes (r‖s), got ${signatureP1363.length}`);
  }
  return Buffer.concat([signedPart, signatureP1363]);
}

const RATE_CATEGORY_BYTES = /^[A-Z0-9]{1,4} *$/;

/** Parses and checks a 113-byte indicium; throws IndiciumError on anything format 1 does not allow. */
export function decodeIndicium(bytes: Uint8Array): DecodedIndicium {
  if (bytes.length !== INDICIUM_LENGTH) {
    throw new IndiciumError(`indicium must be ${INDICIUM_LENGTH} bytes, got ${bytes.length}`);
  }
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const version = buf[OFFSET_VERSION];
  if (version !== FORMAT_VERSION) throw new IndiciumError(`unsupported indicium format version ${version} (expected 1)`);
  const algorithm = buf[OFFSET_ALGORITHM];
  if (algorithm !== ALGORITHM_ECDSA_P256_SHA256) {
    throw new IndiciumError(`unsupported indicium algorithm id ${algorithm} (expected 1, ECDSA P-256/SHA-256)`);
  }
  const kind = buf[OFFSET_KIND];
  if (kind !== 1 && kind !== 2) throw new IndiciumError(`unknown indicium kind ${kind} (expected 1 postage or 2 test print)`);
  const rateBytes = buf.toString('latin1', OFFSET_RATE_CATEGORY, OFFSET_RATE_CATEGORY + RATE_CATEGORY_LENGTH);
  if (!RATE_CATEGORY_BYTES.test(rateBytes)) {
    throw new IndiciumError('indicium rate category must be 1–4 characters A–Z or 0–9, space-padded');
  }
  const fields = { rateCategory: rateBytes.trimEnd(), kind } as IndiciumFields;
  for (const { field, offset, size } of UINT_LAYOUT) fields[field] = buf.readUIntLE(offset, size);
  const checked = checkFields(fields);
  return {
    ...checked,
    version: FORMAT_VERSION,
    algorithm: ALGORITHM_ECDSA_P256_SHA256,
    signature: Buffer.from(buf.subarray(SIGNED_LENGTH)),
  };
}
