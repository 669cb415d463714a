// @vbi/indicia — SPEC §5 indicium format 1. Pure node:crypto: no pdfkit or bwip-js here,
// because the vault's module workers import this on the hot path.
export { IndiciumError } from './errors.ts';
export {
  ALGORITHM_ECDSA_P256_SHA256,
  FORMAT_VERSION,
  KIND_POSTAGE,
  KIND_TEST,
  fieldProblems,
  type IndiciumFields,
} from './fields.ts';
export {
  INDICIUM_LENGTH,
  SIGNED_LENGTH,
  SIGNATURE_LENGTH,
  assembleIndicium,
  decodeIndicium,
  encodeSignedPart,
  type DecodedIndicium,
} from './codec.ts';
export { indiciumVerificationKey, signIndicium, verifyIndicium, type IndiciumSigner } from './sign.ts';
export {
  destinationZipToUint,
  formatDeviceId,
  formatZip5,
  mailDateToUint,
  uintToDestinationZip,
  uintToMailDate,
} from './text.ts';
