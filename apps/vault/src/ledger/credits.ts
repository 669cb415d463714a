/**
 * The credits ledger: every credit of funds to an account (operator credit, demo credit at
 * registration, the opening balance of an account older than the ledger, later payments) is an
 * entry chained to the account's previous one (`prevHash`, `seq` 1, 2, …) and MACed with the bank's
 * ledger key, so nobody without the key can add, alter, reorder or move one (docs/vault.md "Funds").
 * An account's funds = its credits − what its meter bought; the meter's sealed package remembers
 * the last entry it has counted, and a purchase is checked against the chain inside a module.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '@vbi/protocol';
import type { MacKey } from '../keystore/backend.ts';
import { GENESIS_HASH } from './chain.ts';
import { hmacText, sameMacText } from './mac-text.ts';

export const CREDIT_KINDS = ['operator', 'demo', 'opening', 'payment'] as const;
export type CreditKind = (typeof CREDIT_KINDS)[number];

/** What the maker of a credit says: how much, what kind, who made it and why. */
export interface CreditRequest {
  amount: number;
  kind: CreditKind;
  by: string;
  reason: string;
}

export interface CreditEntry extends CreditRequest {
  /** The account's key: its username in lower case (usernames are unique without regard to case). */
  account: string;
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
  mac: string;
}

/** Where an account's chain stands: the last entry's seq and hash (0 and the genesis hash before the first). */
export interface CreditHead {
  seq: number;
  hash: string;
}

export const EMPTY_CREDIT_HEAD: CreditHead = { seq: 0, hash: GENESIS_HASH };

export function accountKey(username: string): string {
  return username.toLowerCase();
}

function fieldsOf(e: Omit<CreditEntry, 'hash' | 'mac'>) {
  return { account: e.account, seq: e.seq, amount: e.amount, kind: e.kind, by: e.by, reason: e.reason, at: e.at, prevHash: e.prevHash };
}

export function creditHash(e: Omit<CreditEntry, 'hash' | 'mac'>): string {
  return createHash('sha256').update(`vbi1:credit:${canonicalJson(fieldsOf(e))}`).digest('base64url');
}

/** Makes the entry that follows `head` in `account`'s chain. */
export function makeCreditEntry(ledgerKey: MacKey, account: string, head: CreditHead, request: CreditRequest, at: Date): CreditEntry {
  if (!Number.isSafeInteger(request.amount) || request.amount < 1) throw new Error('a credit is a whole number of mills, at least 1');
  const fields = { account, seq: head.seq + 1, ...request, at: at.toISOString(), prevHash: head.hash };
  const hash = creditHash(fields);
  return { ...fields, hash, mac: hmacText(ledgerKey, `vbi1:credit:${hash}`) };
}

/** Why `e` is not the genuine entry after `head` of `account`'s chain, or null when it is. */
export function checkCreditEntry(ledgerKey: MacKey, account: string, head: CreditHead, e: CreditEntry): string | null {
  if (e.account !== account) return `credit ${e.account}#${e.seq} belongs to another account`;
  if (e.seq !== head.seq + 1) return `credit ${account}#${e.seq} found where #${head.seq + 1} belongs`;
  if (!Number.isSafeInteger(e.amount) || e.amount < 1 || !(CREDIT_KINDS as readonly string[]).includes(e.kind)) {
    return `credit ${account}#${e.seq} is malformed`;
  }
  if (e.hash !== creditHash(e)) return `credit ${account}#${e.seq}: hash does not match its content`;
  if (!sameMacText(hmacText(ledgerKey, `vbi1:credit:${e.hash}`), e.mac)) return `credit ${account}#${e.seq}: MAC does not verify`;
  if (e.prevHash !== head.hash) return `credit ${account}#${e.seq} does not link to #${head.seq}`;
  return null;
}
