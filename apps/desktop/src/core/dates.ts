/** Mailing dates: the vault takes today to today + 7 days, in its time zone (UTC by default, SPEC §3.3). */
import { AppError } from './errors.ts';

const DAY_MS = 86_400_000;
export const MAIL_DATE_DAYS_AHEAD = 7;

/** Today in the vault's default time zone (UTC), as YYYY-MM-DD. */
export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Refuses, in plain words, a mailing date the vault would refuse. */
export function assertMailDate(mailDate: string, now = new Date()): void {
  const last = todayUtc(new Date(now.getTime() + MAIL_DATE_DAYS_AHEAD * DAY_MS));
  if (mailDate < todayUtc(now) || mailDate > last) {
    throw new AppError('BAD_REQUEST', `Pick a mailing date from today to ${MAIL_DATE_DAYS_AHEAD} days ahead (${todayUtc(now)} to ${last}).`);
  }
}
