/** Today in the vault's default time zone (UTC, SPEC §3.3), as YYYY-MM-DD. */
export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
