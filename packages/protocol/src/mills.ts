/** Integer mills (1 mill = $0.001) and the register widths of the indicium (SPEC §5). */
export const MAX_AR = 2 ** 40 - 1;
export const MAX_DR = 2 ** 32 - 1;
export const MAX_POSTAGE = 2 ** 24 - 1;

export class MillsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MillsError';
  }
}

export function assertMills(value: unknown, max: number, field: string): asserts value is number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new MillsError(`${field} must be a number of mills`);
  }
  if (!Number.isInteger(value)) {
    throw new MillsError(`${field} must be a whole number of mills`);
  }
  if (value < 0) {
    throw new MillsError(`${field} must not be negative`);
  }
  if (value > max) {
    throw new MillsError(`${field} must be at most ${max} mills`);
  }
}

/** a + b, refused when either operand or the sum exceeds `max`. */
export function addMills(a: number, b: number, max: number, field: string): number {
  assertMills(a, max, field);
  assertMills(b, max, field);
  const sum = a + b;
  if (sum > max) {
    throw new MillsError(`${field} would exceed ${max} mills`);
  }
  return sum;
}

/** a − b, refused when the result would be negative. */
export function subMills(a: number, b: number, field: string): number {
  assertMills(a, Number.MAX_SAFE_INTEGER, field);
  assertMills(b, Number.MAX_SAFE_INTEGER, field);
  if (b > a) {
    throw new MillsError(`${field} would go below zero`);
  }
  return a - b;
}

/** 20000 → "$20.000": always three decimals, no thousands separators. */
export function formatMills(m: number): string {
  assertMills(m, Number.MAX_SAFE_INTEGER, 'amount');
  const dollars = Math.floor(m / 1000);
  const rest = m % 1000;
  return `$${dollars}.${String(rest).padStart(3, '0')}`;
}

const DOLLARS = /^\$?([0-9]+)(?:\.([0-9]+))?$/;
// More integer digits than this is above MAX_DR dollars anyway; checked before Number().
const MAX_DOLLAR_DIGITS = 10;

/** "20", "20.5", "$20.50", "0.740" → mills. At most three decimals, 0 ≤ result ≤ MAX_DR. */
export function parseDollars(text: string): number {
  if (typeof text !== 'string') {
    throw new MillsError('amount must be text');
  }
  const trimmed = text.trim();
  if (trimmed === '') {
    throw new MillsError('amount is empty');
  }
  if (/^-|^\$-/.test(trimmed)) {
    throw new MillsError('amount must not be negative');
  }
  const match = DOLLARS.exec(trimmed);
  if (!match) {
    throw new MillsError('amount must be dollars like 20, 20.50 or 0.740');
  }
  const whole = match[1] ?? '';
  const fraction = match[2] ?? '';
  if (fraction.length > 3) {
    throw new MillsError('amount has more than three decimals (a mill is $0.001)');
  }
  const digits = whole.replace(/^0+(?=[0-9])/, '');
  if (digits.length > MAX_DOLLAR_DIGITS) {
    throw new MillsError(`amount must be at most ${formatMills(MAX_DR)}`);
  }
  const mills = Number(digits) * 1000 + Number(fraction.padEnd(3, '0'));
  if (mills > MAX_DR) {
    throw new MillsError(`amount must be at most ${formatMills(MAX_DR)}`);
  }
  return mills;
}
