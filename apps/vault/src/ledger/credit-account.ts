/** Credits an account (operator credit, later payments): a new entry at the head of its chain. */
import type { MacKey } from '../keystore/backend.ts';
import type { Storage } from '../storage/storage.ts';
import { accountKey, makeCreditEntry, type CreditEntry, type CreditRequest } from './credits.ts';

const ATTEMPTS = 5;

/**
 * Appends the credit after the account's newest entry; when a concurrent append took that place
 * (the storage refuses a second entry with the same seq), reads the head again and retries, so the
 * chain never forks. Undefined when there is no such account.
 */
export async function creditAccount(storage: Storage, ledgerKey: MacKey, username: string, request: CreditRequest): Promise<CreditEntry | undefined> {
  const account = await storage.accountByUsername(username);
  if (account === undefined) return undefined;
  const key = accountKey(account.username);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const entry = makeCreditEntry(ledgerKey, key, await storage.creditHead(key), request, new Date());
    if (await storage.appendCredit(entry)) return entry;
  }
  throw new Error(`the credit chain of "${username}" kept changing under this credit; nothing was written, try again`);
}
