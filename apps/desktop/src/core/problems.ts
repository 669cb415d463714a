/** The states the app shows as a problem banner, in the words a person reads. */
import type { AppStatus } from '../shared/contract.ts';

export type Problem = NonNullable<AppStatus['problem']>;

export const OFFLINE: Problem = { code: 'OFFLINE', message: 'The vault cannot be reached.' };

export const CONNECTION_LOST: Problem = {
  code: 'OFFLINE',
  message: 'The connection to the vault was lost. Sign in again when it is back: anything the vault finished is recovered then.',
};

export const VAULT_HALTED: Problem = {
  code: 'VAULT_HALTED',
  message: 'The vault has stopped taking value transactions (buying, printing and refunds) until its operator has checked it. Nothing was charged; try again later.',
};
