/** hello, register, login, logout, and the secrets sealed to the bank inside `sealed`. */
import { z } from 'zod';
import {
  challengeSchema,
  deviceIdSchema,
  hmkSchema,
  isoTimestampSchema,
  licenseZipSchema,
  loginPassphraseSchema,
  meterIdSchema,
  millsSchema,
  nonceSchema,
  p1363SignatureSchema,
  passphraseSchema,
  pemCertificateSchema,
  registersSchema,
  sealedSchema,
  uint32Schema,
  usernameSchema,
} from '../fields.ts';
import { MAX_POSTAGE } from '../mills.ts';
import { maced } from './maced.ts';

/**
 * The JSON sealed (RSA-OAEP, bank-enc key) in `register.sealed`. `loginNonce` is the one the
 * `hello` answer on the same connection gave (SPEC v1.1 "Replay"): only the bank can read it.
 */
export const registerSecretSchema = z.strictObject({
  hmk: hmkSchema,
  passphrase: passphraseSchema,
  clientNonce: nonceSchema,
  loginNonce: nonceSchema,
});

/** The JSON sealed (RSA-OAEP, bank-enc key) in `login.sealed`. */
export const loginSecretSchema = z.strictObject({
  passphrase: loginPassphraseSchema,
  clientNonce: nonceSchema,
  loginNonce: nonceSchema,
});

export const lastPieceSchema = z.strictObject({
  pieceNumber: uint32Schema.min(1),
  postage: millsSchema(MAX_POSTAGE).min(1),
  at: isoTimestampSchema,
});

export const helloRequestSchema = z.strictObject({ clientNonce: nonceSchema });
export const helloResponseSchema = z.strictObject({
  moduleSerial: uint32Schema.min(1),
  signature: p1363SignatureSchema,
  /** SPEC v1.1: 16 random bytes for one `login` or `register` on this connection within 120 s. */
  loginNonce: nonceSchema,
});

export const registerRequestSchema = z.strictObject({
  username: usernameSchema,
  licenseZip: licenseZipSchema,
  sealed: sealedSchema,
});
export const registerResponseSchema = z.strictObject({
  meterId: meterIdSchema,
  deviceId: deviceIdSchema,
  certificate: pemCertificateSchema,
  registers: registersSchema,
  challenge: challengeSchema,
  clientNonce: nonceSchema,
});

export const loginRequestSchema = z.strictObject({
  username: usernameSchema,
  clientNonce: nonceSchema,
  sealed: sealedSchema,
});
export const loginResponseSchema = z.strictObject({
  meterId: meterIdSchema,
  deviceId: deviceIdSchema,
  registers: registersSchema,
  pieces: uint32Schema,
  lastPiece: lastPieceSchema.nullable(),
  challenge: challengeSchema,
  clientNonce: nonceSchema,
});

export const logoutRequestSchema = maced({});
export const logoutResponseSchema = maced({});
