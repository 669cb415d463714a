/**
 * The one error type the core throws towards the bridge: a code of the contract and a sentence
 * for a person. Messages never carry a passphrase, an HMK or any other secret.
 */
import { errorCodeSchema, type ErrorCode } from '../shared/contract.ts';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err && typeof err === 'object' && 'code' in err && 'message' in err) {
    const code = errorCodeSchema.safeParse(err.code);
    if (code.success) return new AppError(code.data, String(err.message));
  }
  return new AppError('INTERNAL', 'Something went wrong inside the app. Please try again.');
}
