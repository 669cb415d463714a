// @vbi/protocol — browser-safe: imports no Node built-in. Node-only helpers (node:crypto)
// live in @vbi/protocol/crypto.
export * from './errors.ts';
export * from './jcs.ts';
export * from './mills.ts';
export * from './fields.ts';
export * from './parcel.ts';
export * from './ops.ts';
export * from './frames.ts';
export * from './signing.ts';
export { macedFields } from './schemas/maced.ts';
export {
  registerSecretSchema,
  loginSecretSchema,
  lastPieceSchema,
} from './schemas/session.ts';
export { auditRecordSchema } from './schemas/value.ts';
export {
  ROLES,
  MAX_USERS,
  MAX_PIECE_LOG,
  roleSchema,
  personSchema,
  pieceLogEntrySchema,
  newUserSecretSchema,
  currentPassphraseSecretSchema,
  newPassphraseSecretSchema,
  transferSecretSchema,
} from './schemas/people.ts';
export { printerProfileSchema, amsMatchCandidateSchema } from './schemas/support.ts';
export type * from './types.ts';
