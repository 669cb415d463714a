/** The error codes of SPEC §3.4, in SPEC order. */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'UNSUPPORTED_VERSION',
  'ALREADY_EXISTS',
  'AUTH_FAILED',
  'LOCKED_OUT',
  'BAD_MAC',
  'STALE_CHALLENGE',
  'REGISTER_MISMATCH',
  'INSUFFICIENT_FUNDS',
  'INSUFFICIENT_POSTAGE',
  'NOT_REFUNDABLE',
  'METER_NOT_OPERATIONAL',
  'BUSY',
  'MODULE_UNAVAILABLE',
  'CHECKPOINT_MISMATCH',
  'VAULT_HALTED',
  'NOT_FOUND',
  'RATE_LIMITED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const CODE_SET: ReadonlySet<string> = new Set(ERROR_CODES);

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && CODE_SET.has(value);
}

/**
 * An error that maps onto a wire error answer. `message` is shown to people, so it must
 * never carry a secret, a stack or another account's data.
 */
export class ProtocolError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ProtocolError';
    this.code = code;
  }
}
