/**
 * Weight in pounds and ounces, and package measurements, as people type them: pure helpers for
 * forms (browser-safe). Every refusal is a sentence a shipper can act on, never validator text.
 * The wire keeps `weightOz` (SPEC §3.3) and the optional `dimensionsIn` (docs/protocol.md).
 */
import { MAX_SIDE_IN } from './fields.ts';

export const OUNCES_PER_POUND = 16;
/** USPS takes pieces up to 70 lb; `ratesQuote` refuses heavier ones. */
export const MAX_WEIGHT_LB = 70;
export const MAX_WEIGHT_OZ = MAX_WEIGHT_LB * OUNCES_PER_POUND;
/** Mail classes priced by weight and zone, for which measurements (and dimensional weight) apply. */
export const PACKAGE_MAIL_CLASSES = ['priority-mail', 'ground-advantage', 'priority-mail-express'] as const;

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

export interface PoundsOunces {
  lb: number;
  oz: number;
}

export interface Dimensions {
  length: number;
  width: number;
  height: number;
}

/** A field as a form holds it: typed text, or a number. */
type Field = string | number;

/** Plain decimal text as people type it: `12`, `12.5`, `.5`; nothing else (no sign, exponent or unit). */
const DECIMAL = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;

/** The number in a field, `null` when it is blank, `undefined` when it is not a plain number. */
function readNumber(field: Field): number | null | undefined {
  if (typeof field === 'number') return Number.isFinite(field) ? field : undefined;
  const text = field.trim();
  if (text === '') return null;
  return DECIMAL.test(text) ? Number(text) : undefined;
}

/** Rounds to hundredths, so 0.1 + 0.2 prints as 0.3. */
const hundredths = (value: number) => Math.round(value * 100) / 100;

export function toOunces(weight: PoundsOunces): number {
  return weight.lb * OUNCES_PER_POUND + weight.oz;
}

/** Whole pounds and the ounces left over (to hundredths), e.g. 35.5 → { lb: 2, oz: 3.5 }. */
export function toPoundsOunces(weightOz: number): PoundsOunces {
  let lb = Math.floor(weightOz / OUNCES_PER_POUND);
  let oz = hundredths(weightOz - lb * OUNCES_PER_POUND);
  if (oz >= OUNCES_PER_POUND) {
    lb += 1;
    oz = hundredths(oz - OUNCES_PER_POUND);
  }
  return { lb, oz };
}

/** `2 lb 3.5 oz`, `12 oz`, `5 lb`, as a label or a summary prints it. */
export function formatWeight(weightOz: number): string {
  const { lb, oz } = toPoundsOunces(weightOz);
  if (lb === 0) return `${oz} oz`;
  return oz === 0 ? `${lb} lb` : `${lb} lb ${oz} oz`;
}

/**
 * A weight typed as pounds and ounces (either may be blank) → ounces for `ratesQuote`.
 * Pounds are whole; ounces may have decimals and stay under 16.
 */
export function checkWeight(input: { lb: Field; oz: Field }): Checked<number> {
  const lb = readNumber(input.lb);
  const oz = readNumber(input.oz);
  if (lb === undefined) return { ok: false, message: 'Pounds must be a whole number, like 2.' };
  if (lb !== null && !Number.isInteger(lb)) {
    return { ok: false, message: 'Pounds must be a whole number; put the rest in ounces (1.5 lb is 1 lb 8 oz).' };
  }
  if (oz === undefined) return { ok: false, message: 'Ounces must be a number, like 3 or 3.5.' };
  if (oz !== null && oz >= OUNCES_PER_POUND) {
    return { ok: false, message: 'Ounces must be less than 16; 16 oz is 1 lb.' };
  }
  const total = toOunces({ lb: lb ?? 0, oz: oz ?? 0 });
  if (total <= 0) return { ok: false, message: 'Enter the weight: pounds, ounces or both.' };
  if (total > MAX_WEIGHT_OZ) return { ok: false, message: `USPS takes pieces up to ${MAX_WEIGHT_LB} lb; this one weighs ${formatWeight(total)}.` };
  return { ok: true, value: total };
}

const SIDES = [
  ['length', 'Length'],
  ['width', 'Width'],
  ['height', 'Height'],
] as const;

/**
 * Package measurements in inches as typed: all three blank → no measurements (`undefined`);
 * otherwise all three, each a number above 0 and at most 130.
 */
export function checkDimensions(input: Record<keyof Dimensions, Field>): Checked<Dimensions | undefined> {
  const values = SIDES.map(([key]) => readNumber(input[key]));
  if (values.every((v) => v === null)) return { ok: true, value: undefined };
  if (values.some((v) => v === null)) {
    return { ok: false, message: 'Enter all three measurements (length, width and height), or leave them all empty.' };
  }
  for (const [index, [, name]] of SIDES.entries()) {
    const value = values[index];
    if (value === undefined || value === null) return { ok: false, message: `${name} must be a number of inches, like 12 or 12.5.` };
    if (value <= 0) return { ok: false, message: `${name} must be more than 0 inches.` };
    if (value > MAX_SIDE_IN) return { ok: false, message: `${name} can be at most ${MAX_SIDE_IN} inches; USPS takes nothing larger.` };
  }
  const [length, width, height] = values as number[];
  return { ok: true, value: { length: length!, width: width!, height: height! } };
}

/** The sides longest first: USPS calls the longest the length, whichever way it was typed. */
export function sidesLongestFirst(d: Dimensions): [number, number, number] {
  const [a, b, c] = [d.length, d.width, d.height].sort((x, y) => y - x);
  return [a!, b!, c!];
}

/** Length plus girth (girth = twice the two shorter sides), in inches. */
export function lengthPlusGirth(d: Dimensions): number {
  const [length, width, height] = sidesLongestFirst(d);
  return length + 2 * (width + height);
}
