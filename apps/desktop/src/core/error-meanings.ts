/**
 * What each error code means for the session: one table, read wherever a failure is handled.
 *
 * `outcome` — did the vault act?
 *   `refused`: it (or the app, before sending) said no, and nothing changed (SPEC §3.2: an error
 *   answer changes nothing); `lost`: no answer came, so it may have acted; `unchecked`: an answer
 *   came but failed its checks, so it may have acted and the answer is not used.
 * `session` — what the session does:
 *   `show-problem`: shows the error as the banner; `vault-halted`: shows the halted banner (and says
 *   it instead of the vault's words); `end-session`: the connection is gone, so is the session (the
 *   HMK is wiped) until the next sign-in; `stop-value-ops`: buying, printing and refunds stop until
 *   the next sign-in, with `banner` (or the error's own message) shown.
 */
import { problemCodeSchema, type ErrorCode } from '../shared/contract.ts';
import { CONNECTION_LOST, VAULT_HALTED, type Problem } from './problems.ts';

export interface ErrorMeaning {
  outcome: 'refused' | 'lost' | 'unchecked';
  session: 'none' | 'show-problem' | 'vault-halted' | 'end-session' | 'stop-value-ops';
  /** The banner shown instead of the error's own message. */
  banner?: Problem;
}

const refused: ErrorMeaning = { outcome: 'refused', session: 'none' };
const connectionLost: ErrorMeaning = { outcome: 'lost', session: 'end-session', banner: CONNECTION_LOST };

export const ERROR_MEANINGS: Readonly<Record<ErrorCode, ErrorMeaning>> = {
  // The vault's codes (SPEC §3.4)
  BAD_REQUEST: refused,
  UNSUPPORTED_VERSION: refused,
  ALREADY_EXISTS: refused,
  AUTH_FAILED: refused,
  LOCKED_OUT: { outcome: 'refused', session: 'show-problem' },
  BAD_MAC: refused,
  STALE_CHALLENGE: refused,
  REGISTER_MISMATCH: {
    outcome: 'refused',
    session: 'stop-value-ops',
    banner: {
      code: 'REGISTER_MISMATCH',
      message: "The vault says its registers differ from this computer's record. Value operations are stopped; sign in again to reconcile.",
    },
  },
  INSUFFICIENT_FUNDS: refused,
  INSUFFICIENT_POSTAGE: refused,
  NOT_REFUNDABLE: refused,
  METER_NOT_OPERATIONAL: refused,
  BUSY: refused,
  MODULE_UNAVAILABLE: refused,
  CHECKPOINT_MISMATCH: refused,
  VAULT_HALTED: { outcome: 'refused', session: 'vault-halted', banner: VAULT_HALTED },
  NOT_FOUND: refused,
  RATE_LIMITED: refused,
  INTERNAL: refused,
  // The desktop's
  OFFLINE: connectionLost,
  LOST_ANSWER: connectionLost,
  ANSWER_REFUSED: { outcome: 'unchecked', session: 'stop-value-ops' },
  UNTRUSTED_VAULT: refused,
  INSECURE_VAULT: refused,
  NO_LOCAL_ACCOUNT: refused,
  LOCAL_KEY_UNREADABLE: refused,
  PRINTER_NOT_SET_UP: refused,
  PRINT_FAILED: refused,
  PRICE_CHANGED: refused,
  NO_PRINTER: refused,
  FORBIDDEN: refused,
};

export function meaningOf(code: ErrorCode): ErrorMeaning {
  return ERROR_MEANINGS[code];
}

/** The banner of an error the session shows one for (`show-problem`, `stop-value-ops`). */
export function bannerOf(e: { code: ErrorCode; message: string }): Problem {
  const banner = meaningOf(e.code).banner;
  if (banner) return banner;
  const code = problemCodeSchema.parse(e.code); // every such code is a banner code (test/core/error-meanings.test.ts)
  return { code, message: e.message };
}
