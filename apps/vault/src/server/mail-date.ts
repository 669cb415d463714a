/** "Today" in the vault's time zone, and the mailDate window of SPEC §3.3 (today .. today + 7). */
export const MAIL_DATE_DAYS_AHEAD = 7;

/** One formatter per time zone: building an Intl.DateTimeFormat per request showed up as 18 %
 * of the main thread in the benchmark profile. */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function todayIn(timeZone: string, now: Date = new Date()): string {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    // en-CA formats as YYYY-MM-DD.
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter.format(now);
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The accepted window of one time zone, worked out at most once a second (it is asked per indicium). */
interface Window {
  zone: string;
  second: number;
  first: string;
  last: string;
}
let cached: Window | null = null;

export function mailDateAllowed(mailDate: string, timeZone: string, now: Date = new Date()): boolean {
  const second = Math.floor(now.getTime() / 1000);
  if (cached === null || cached.zone !== timeZone || cached.second !== second) {
    const today = todayIn(timeZone, now);
    cached = { zone: timeZone, second, first: today, last: addDays(today, MAIL_DATE_DAYS_AHEAD) };
  }
  return mailDate >= cached.first && mailDate <= cached.last;
}
