import { MAX_AR, MAX_DR, MAX_POSTAGE } from '@vbi/protocol';

/** SPEC §5: the fixed header of format 1. */
export const FORMAT_VERSION = 1;
export const ALGORITHM_ECDSA_P256_SHA256 = 1;
export const KIND_POSTAGE = 1;
export const KIND_TEST = 2;

const UINT16_MAX = 0xffff;
const UINT32_MAX = 0xffffffff;

/** A YYYYMMDD number that names a real calendar day (years 1000–9999). */
export function isCalendarDate(value: number): boolean {
  const year = Math.floor(value / 10000);
  const month = Math.floor(value / 100) % 100;
  const day = value % 100;
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The fields of a format-1 indicium (SPEC §5), as numbers and the rate category text. */
export interface IndiciumFields {
  certSerial: number;
  vendorId: number;
  model: number;
  psdSerial: number;
  ar: number;
  postage: number;
  /** YYYYMMDD. */
  mailDate: number;
  originZip: number;
  softwareId: number;
  pieceNumber: number;
  dr: number;
  rateCategory: string;
  /** zip5*10000 + plus4, 0 when absent. */
  destinationZip: number;
  kind: typeof KIND_POSTAGE | typeof KIND_TEST;
}

/** Rate category: 1–4 upper-case letters or digits; the encoder pads it with spaces to 4 bytes. */
export const RATE_CATEGORY_PATTERN = /^[A-Z0-9]{1,4}$/;

/** The widest value of each integer field. */
const UINT_MAX: ReadonlyArray<[Exclude<keyof IndiciumFields, 'rateCategory' | 'kind'>, number]> = [
  ['certSerial', UINT32_MAX],
  ['vendorId', UINT16_MAX],
  ['model', UINT16_MAX],
  ['psdSerial', UINT32_MAX],
  ['ar', MAX_AR],
  ['postage', MAX_POSTAGE],
  ['mailDate', UINT32_MAX],
  ['originZip', 99999],
  ['softwareId', UINT16_MAX],
  ['pieceNumber', UINT32_MAX],
  ['dr', MAX_DR],
  // zip5*10000 + plus4: at most 99999-9999.
  ['destinationZip', 999_999_999],
];

function uintProblem(name: string, value: unknown, max: number): string | null {
  if (typeof value !== 'number' || Number.isNaN(value)) return `${name} must be a number`;
  if (!Number.isInteger(value)) return `${name} must be an integer`;
  if (value < 0) return `${name} must be ≥ 0`;
  if (value > max) return `${name} must be ≤ ${max}`;
  return null;
}

/**
 * Every reason the fields cannot be encoded, in words; empty when they can. Written out rather
 * than as a schema: it runs once per signature in the vault's modules.
 */
export function fieldProblems(f: IndiciumFields): string[] {
  const problems: string[] = [];
  for (const [name, max] of UINT_MAX) {
    const problem = uintProblem(name, f[name], max);
    if (problem !== null) problems.push(problem);
  }
  if (!problems.some((p) => p.startsWith('mailDate')) && !isCalendarDate(f.mailDate)) {
    problems.push('mailDate must be a real calendar date written as YYYYMMDD');
  }
  if (typeof f.rateCategory !== 'string') problems.push('rateCategory must be a string');
  else if (!RATE_CATEGORY_PATTERN.test(f.rateCategory)) problems.push('rateCategory must be 1–4 characters A–Z or 0–9');
  if (f.kind !== KIND_POSTAGE && f.kind !== KIND_TEST) {
    problems.push('kind must be 1 (postage) or 2 (test print)');
    return problems;
  }
  if (problems.length > 0) return problems;
  // SPEC §3.3 and docs/protocol.md: a test print carries no value and no piece number.
  if (f.kind === KIND_TEST) {
    if (f.postage !== 0) problems.push('a test print must have postage 0');
    if (f.pieceNumber !== 0) problems.push('a test print must have piece number 0');
    if (f.rateCategory !== 'TEST') problems.push('a test print must have rate category TEST');
  } else {
    if (f.postage < 1) problems.push('a postage indicium must have postage ≥ 1');
    if (f.pieceNumber < 1) problems.push('a postage indicium must have piece number ≥ 1');
    if (f.rateCategory === 'TEST') problems.push('rate category TEST is only for test prints');
  }
  return problems;
}
