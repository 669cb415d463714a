/** Amounts for the operator, in dollars as well as mills (`$20.000 (20000 mills)`), and `--amount` as an operator writes it. */
import { formatMills, MillsError, parseDollars } from '@vbi/protocol';

export function money(mills: number): string {
  return `${formatMills(mills)} (${mills} mills)`;
}

export type AmountUnit = 'dollars' | 'mills';

/**
 * `--amount` with its unit: `20.00` or `$20` are dollars (a decimal point or a dollar sign says
 * so), `--unit dollars` makes a bare number dollars too; a bare whole number is mills, as SPEC §7
 * has `--amount MILLS` (`--unit mills` says it outright). Returns mills in 1 … max; throws a plain
 * message otherwise.
 */
export function parseAmount(text: string, unit: AmountUnit | undefined, max: number): number {
  const t = text.trim();
  const looksLikeDollars = t.startsWith('$') || t.includes('.');
  if (unit === 'mills' && looksLikeDollars) {
    throw new MillsError(`--amount ${t}: mills are whole numbers (write dollars as 20.00 without --unit mills)`);
  }
  let mills: number;
  if (unit === 'dollars' || looksLikeDollars) {
    mills = parseDollars(t);
  } else {
    if (!/^[0-9]{1,16}$/.test(t)) throw new MillsError(`--amount ${t}: write dollars as 20.00 or whole mills as 20000`);
    mills = Number(t);
  }
  if (mills < 1) throw new MillsError('--amount must be at least 1 mill ($0.001)');
  if (mills > max) throw new MillsError(`--amount must be at most ${money(max)}`);
  return mills;
}
