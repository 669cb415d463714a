/**
 * What a person is told when signing in fails. The vault decides about the passphrase and the
 * lockout (SPEC §3.3: five failed logins in a row lock the meter for 15 minutes); the vault
 * does not say how many attempts are left, so neither do we.
 */
import { AppError, toAppError } from '../errors.ts';

export const LOCKED_OUT_MESSAGE = 'This meter is locked for 15 minutes after 5 failed sign-ins in a row. Nothing can be done with it until then; try again later.';

export function noLocalKey(username: string): AppError {
  return new AppError(
    'NO_LOCAL_ACCOUNT',
    `The key of the meter "${username}" lives on the computer it was registered on; it is not on this computer. Sign in there, or create a new account here.`,
  );
}

/** The local key file does not open with a passphrase the vault accepted. */
export function localKeyUnreadable(): AppError {
  return new AppError(
    'LOCAL_KEY_UNREADABLE',
    "The vault accepted the passphrase, but this computer's key file for the meter does not open with it (it may be damaged). You are not signed in.",
  );
}

/** Turns a failed login into the sentence shown; anything else passes through unchanged. */
export function signInError(err: unknown): AppError {
  const e = toAppError(err);
  switch (e.code) {
    case 'AUTH_FAILED':
      return new AppError('AUTH_FAILED', 'Wrong username or passphrase. After 5 failed sign-ins in a row the meter is locked for 15 minutes.');
    case 'LOCKED_OUT':
      return new AppError('LOCKED_OUT', LOCKED_OUT_MESSAGE);
    case 'ANSWER_REFUSED':
      return new AppError('ANSWER_REFUSED', "The vault's sign-in answer failed its checks against this computer's key for the meter, so it was not used. You are not signed in. If the meter was moved to another computer, sign in there.");
    default:
      return e;
  }
}
