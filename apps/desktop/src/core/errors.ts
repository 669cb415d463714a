/**
 * The one error type the core throws towards the bridge: a stable code and a sentence for a
 * person. Messages never carry a passphrase, an HMK or any other secret.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Vault error codes that describe the state of the vault or meter rather than one request. */
export const STATE_CODES = new Set(['LOCKED_OUT', 'VAULT_HALTED', 'REGISTER_MISMATCH']);

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string' && 'message' in err) {
    return new AppError(err.code, String(err.message));
  }
  return new AppError('INTERNAL', 'Something went wrong inside the app. Please try again.');
}
