/** The ops of SPEC §3.3 and their request and answer body schemas. */
import type { z } from 'zod';
import * as session from './schemas/session.ts';
import * as people from './schemas/people.ts';
import * as support from './schemas/support.ts';
import * as value from './schemas/value.ts';

/** The MACed ops of an account's people (docs/protocol.md "Accounts with several users"). */
const PEOPLE_MACED_OPS = ['userAdd', 'userRemove', 'userReset', 'passphraseChange', 'users', 'pieceLog'] as const;

export const OPS = [
  'hello',
  'register',
  'login',
  'purchase',
  'indicium',
  'piece',
  'refund',
  'audit',
  'printerCheck',
  'printerResult',
  'ratesQuote',
  'amsMatch',
  'logout',
  // extensions (docs/protocol.md "Accounts with several users")
  ...PEOPLE_MACED_OPS,
  'transfer',
] as const;

export type OpName = (typeof OPS)[number];

const OP_SET: ReadonlySet<string> = new Set(OPS);

export function isOpName(value: unknown): value is OpName {
  return typeof value === 'string' && OP_SET.has(value);
}

/** Ops whose request and answer carry a MAC (and the challenge, nonce and registers). */
export const MACED_OPS: ReadonlySet<OpName> = new Set<OpName>([
  'purchase',
  'indicium',
  'piece',
  'refund',
  'audit',
  'printerResult',
  'logout',
  ...PEOPLE_MACED_OPS,
]);

/** Ops whose success answer carries a MAC: the MACed ops plus register and login (SPEC §3.3), and transfer. */
export const MACED_RESPONSE_OPS: ReadonlySet<OpName> = new Set<OpName>([...MACED_OPS, 'register', 'login', 'transfer']);

export const requestBodySchemas = {
  hello: session.helloRequestSchema,
  register: session.registerRequestSchema,
  login: session.loginRequestSchema,
  purchase: value.purchaseRequestSchema,
  indicium: value.indiciumRequestSchema,
  piece: value.pieceRequestSchema,
  refund: value.refundRequestSchema,
  audit: value.auditRequestSchema,
  printerCheck: support.printerCheckRequestSchema,
  printerResult: support.printerResultRequestSchema,
  ratesQuote: support.ratesQuoteRequestSchema,
  amsMatch: support.amsMatchRequestSchema,
  logout: session.logoutRequestSchema,
  userAdd: people.userAddRequestSchema,
  userRemove: people.userRemoveRequestSchema,
  userReset: people.userResetRequestSchema,
  passphraseChange: people.passphraseChangeRequestSchema,
  users: people.usersRequestSchema,
  pieceLog: people.pieceLogRequestSchema,
  transfer: people.transferRequestSchema,
} as const satisfies { [K in OpName]: z.ZodType };

export const responseBodySchemas = {
  hello: session.helloResponseSchema,
  register: session.registerResponseSchema,
  login: session.loginResponseSchema,
  purchase: value.purchaseResponseSchema,
  indicium: value.indiciumResponseSchema,
  piece: value.pieceResponseSchema,
  refund: value.refundResponseSchema,
  audit: value.auditResponseSchema,
  printerCheck: support.printerCheckResponseSchema,
  printerResult: support.printerResultResponseSchema,
  ratesQuote: support.ratesQuoteResponseSchema,
  amsMatch: support.amsMatchResponseSchema,
  logout: session.logoutResponseSchema,
  userAdd: people.userAddResponseSchema,
  userRemove: people.userRemoveResponseSchema,
  userReset: people.userResetResponseSchema,
  passphraseChange: people.passphraseChangeResponseSchema,
  users: people.usersResponseSchema,
  pieceLog: people.pieceLogResponseSchema,
  transfer: people.transferResponseSchema,
} as const satisfies { [K in OpName]: z.ZodType };

export type RequestBody<K extends OpName> = z.infer<(typeof requestBodySchemas)[K]>;
export type ResponseBody<K extends OpName> = z.infer<(typeof responseBodySchemas)[K]>;
