/**
 * What a meter's package remembers of its refunds (docs/vault.md "Refunds"): the pieces refunded
 * that could still be refunded by age, so no copy of a piece row can refund a piece twice or print
 * a refunded one again. Entries older than the refund window are forgotten, and the package then
 * refuses every piece printed at or before the newest forgotten one: what it no longer knows, it
 * never allows. At most MAX_REMEMBERED entries, the oldest forgotten first, keep the package small.
 */
import type { PsdPackage } from './psd-package.ts';

export const MAX_REMEMBERED = 1024;

type Memory = Pick<PsdPackage, 'refunds' | 'refundsForgottenThrough'>;

export function printedSecond(createdAt: string): number {
  return Math.floor(Date.parse(createdAt) / 1000);
}

/** True when the package cannot vouch that this piece was never refunded. */
export function refundedOrForgotten(m: Memory, pieceNumber: number, printedAt: number): boolean {
  return printedAt <= m.refundsForgottenThrough || m.refunds.some(([n]) => n === pieceNumber);
}

/** The memory after refunding a piece at `now`, with entries older than the window forgotten. */
export function rememberRefund(m: Memory, pieceNumber: number, printedAt: number, now: Date, windowDays: number): Memory {
  const cutoff = Math.floor(now.getTime() / 1000) - windowDays * 86_400;
  const all = [...m.refunds, [pieceNumber, printedAt] as [number, number]].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  let forgottenThrough = m.refundsForgottenThrough;
  let from = 0;
  while (from < all.length && ((all[from] as [number, number])[1] < cutoff || all.length - from > MAX_REMEMBERED)) {
    forgottenThrough = Math.max(forgottenThrough, (all[from] as [number, number])[1]);
    from++;
  }
  return { refunds: all.slice(from), refundsForgottenThrough: forgottenThrough };
}
