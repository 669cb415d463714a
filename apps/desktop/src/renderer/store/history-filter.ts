/** History as a business reads it: search, filters (dates, class, status), totals and the CSV export. */
import type { HistoryEntry } from '../../shared/contract.ts';
import { toCsv } from '../../shared/csv.ts';
import { MAIL_CLASS_CHOICES } from '../../shared/mail-classes.ts';

export interface HistoryFilter {
  text: string;
  /** YYYY-MM-DD, inclusive; '' for open. Compared with the mailing date. */
  from: string;
  to: string;
  /** A rate category (FCLT …) or '' for every class. */
  rateCategory: string;
  status: HistoryEntry['status'] | '';
}

export const NO_FILTER: HistoryFilter = { text: '', from: '', to: '', rateCategory: '', status: '' };

/** The class as a person calls it, from the piece's rate category. */
export function classLabel(rateCategory: string): string {
  return MAIL_CLASS_CHOICES.find(([, info]) => info.rateCategory === rateCategory)?.[1].uiLabel ?? (rateCategory || 'Postage');
}

export function filterHistory<T extends HistoryEntry>(entries: readonly T[], f: HistoryFilter): T[] {
  const words = f.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return entries.filter((e) => {
    if (f.from && e.mailDate < f.from) return false;
    if (f.to && e.mailDate > f.to) return false;
    if (f.rateCategory && e.rateCategory !== f.rateCategory) return false;
    if (f.status && e.status !== f.status) return false;
    const hay = `${e.pieceNumber} ${e.addressee} ${e.destinationZip} ${classLabel(e.rateCategory)}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

export interface HistoryTotals {
  pieces: number;
  /** Postage of the pieces that were not refunded. */
  spent: number;
  refunded: number;
  refundedPieces: number;
}

export function totalsOf(entries: readonly HistoryEntry[]): HistoryTotals {
  const kept = entries.filter((e) => e.status !== 'refunded');
  const refunds = entries.filter((e) => e.status === 'refunded');
  return {
    pieces: entries.length,
    spent: kept.reduce((sum, e) => sum + e.postage, 0),
    refunded: refunds.reduce((sum, e) => sum + e.postage, 0),
    refundedPieces: refunds.length,
  };
}

const STATUS_WORDS: Record<HistoryEntry['status'], string> = { printed: 'printed', 're-printed': 're-printed', refunded: 'refunded', 'not-printed': 'not printed yet' };
export { STATUS_WORDS };

/** The pieces as CSV: dollars with two decimals, times in ISO 8601 (UTC). */
export function historyCsv(entries: readonly HistoryEntry[]): string {
  return toCsv(
    ['piece', 'mailing date', 'printed at', 're-printed at', 'class', 'addressee', 'destination ZIP', 'postage (USD)', 'status'],
    entries.map((e) => [e.pieceNumber, e.mailDate, e.at, e.reprintedAt ?? '', classLabel(e.rateCategory), e.addressee, e.destinationZip, (e.postage / 1000).toFixed(2), STATUS_WORDS[e.status]]),
  );
}
