/**
 * Several people on one account, and moving a meter to another computer (issue 15; docs/protocol.md
 * "Accounts with several users"). Extensions of SPEC §3.3: each MACed op follows SPEC §3.2 exactly,
 * `transfer` is replay-proof like `login` (SPEC v1.1).
 */
import { z } from 'zod';
import {
  hmkSchema,
  isoTimestampSchema,
  loginPassphraseSchema,
  mailDateSchema,
  millsSchema,
  nonceSchema,
  passphraseSchema,
  rateCategorySchema,
  sealedSchema,
  uint32Schema,
  usernameSchema,
} from '../fields.ts';
import { MAX_POSTAGE } from '../mills.ts';
import { maced } from './maced.ts';
import { loginResponseSchema } from './session.ts';

/** admin: prints, buys, refunds, manages people; clerk: prints only. */
export const ROLES = ['admin', 'clerk'] as const;
export const roleSchema = z.enum(ROLES);

/** People on one account at most (the owner included): each one's hashes ride in the meter's package. */
export const MAX_USERS = 20;
/** Pieces in one `pieceLog` answer at most (keeps the answer far below the 64 KiB frame limit). */
export const MAX_PIECE_LOG = 100;

const pieceNumberSchema = uint32Schema.min(1, 'must be at least 1');

/** The JSON sealed in `userAdd.sealed` and `userReset.sealed`: the person's new passphrase. */
export const newUserSecretSchema = z.strictObject({ passphrase: passphraseSchema, clientNonce: nonceSchema });
/** The JSON sealed in `passphraseChange.sealed`: the current passphrase (proves it is the person at the keyboard). */
export const currentPassphraseSecretSchema = z.strictObject({ passphrase: loginPassphraseSchema, clientNonce: nonceSchema });
/** The JSON sealed in `passphraseChange.sealedNew`. */
export const newPassphraseSecretSchema = z.strictObject({ newPassphrase: passphraseSchema, clientNonce: nonceSchema });
/** The JSON sealed in `transfer.sealed`: as `register`'s, with the new HMK for this computer. */
export const transferSecretSchema = z.strictObject({
  passphrase: passphraseSchema,
  hmk: hmkSchema,
  clientNonce: nonceSchema,
  loginNonce: nonceSchema,
});

export const personSchema = z.strictObject({
  username: usernameSchema,
  role: roleSchema,
  /** The person who registered the account: an admin who cannot be removed. */
  owner: z.boolean(),
});

export const userAddRequestSchema = maced({ username: usernameSchema, role: roleSchema, sealed: sealedSchema });
export const userAddResponseSchema = maced({ username: usernameSchema, role: roleSchema });

export const userRemoveRequestSchema = maced({ username: usernameSchema });
export const userRemoveResponseSchema = maced({});

export const userResetRequestSchema = maced({ username: usernameSchema, sealed: sealedSchema });
export const userResetResponseSchema = maced({});

export const passphraseChangeRequestSchema = maced({ sealed: sealedSchema, sealedNew: sealedSchema });
export const passphraseChangeResponseSchema = maced({});

export const usersRequestSchema = maced({});
export const usersResponseSchema = maced({
  /** Who is signed in, and whether they must choose a new passphrase before anything else. */
  me: personSchema.extend({ mustChangePassphrase: z.boolean() }),
  /** Everyone on the account (an admin), or only oneself (a clerk). */
  users: z.array(personSchema).min(1).max(MAX_USERS),
});

export const pieceLogRequestSchema = maced({
  fromPiece: pieceNumberSchema.optional(),
  limit: z.number().int('must be a whole number').min(1, 'must be at least 1').max(MAX_PIECE_LOG, `must be at most ${MAX_PIECE_LOG}`),
  /** Only this person's pieces (a clerk must name themselves). */
  username: usernameSchema.optional(),
});
export const pieceLogEntrySchema = z.strictObject({
  pieceNumber: pieceNumberSchema,
  postage: millsSchema(MAX_POSTAGE).min(1),
  rateCategory: rateCategorySchema,
  mailDate: mailDateSchema,
  at: isoTimestampSchema,
  username: usernameSchema,
  refunded: z.boolean(),
});
export const pieceLogResponseSchema = maced({ pieces: z.array(pieceLogEntrySchema).max(MAX_PIECE_LOG) });

export const transferRequestSchema = z.strictObject({ username: usernameSchema, clientNonce: nonceSchema, sealed: sealedSchema });
export const transferResponseSchema = loginResponseSchema;
