import { IndiciumError } from './errors.ts';
import { isCalendarDate } from './fields.ts';

/** '2026-11-24' → 20261124 (SPEC §1). */
export function mailDateToUint(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const value = match ? Number(`${match[1]}${match[2]}${match[3]}`) : NaN;
  if (!isCalendarDate(value)) throw new IndiciumError(`mail date must be a real date written YYYY-MM-DD, got ${JSON.stringify(date)}`);
  return value;
}

/** 20261124 → '2026-11-24'. */
export function uintToMailDate(value: number): string {
  if (!Number.isInteger(value) || !isCalendarDate(value)) throw new IndiciumError(`not a YYYYMMDD date: ${value}`);
  const s = String(value);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}

/** 'NNNNN' or 'NNNNN-NNNN' → zip5*10000 + plus4; undefined or '' → 0 (no destination). */
export function destinationZipToUint(zip: string | undefined): number {
  if (zip === undefined || zip === '') return 0;
  const match = /^(\d{5})(?:-(\d{4}))?$/.exec(zip);
  if (!match) throw new IndiciumError(`destination ZIP must be NNNNN or NNNNN-NNNN, got ${JSON.stringify(zip)}`);
  return Number(match[1]) * 10000 + Number(match[2] ?? '0');
}

/** Inverse of destinationZipToUint: 0 → '', plus4 0 → 'NNNNN', otherwise 'NNNNN-NNNN'. */
export function uintToDestinationZip(value: number): string {
  if (value === 0) return '';
  const zip5 = String(Math.floor(value / 10000)).padStart(5, '0');
  const plus4 = value % 10000;
  return plus4 === 0 ? zip5 : `${zip5}-${String(plus4).padStart(4, '0')}`;
}

/** Device id as printed on the indicium: 'vvvv-mmmm-ssssssss', decimal, zero-padded. */
export function formatDeviceId(vendor: number, model: number, serial: number): string {
  return `${String(vendor).padStart(4, '0')}-${String(model).padStart(4, '0')}-${String(serial).padStart(8, '0')}`;
}

/** A 5-digit ZIP as printed: 501 → '00501'. */
export function formatZip5(zip: number): string {
  return String(zip).padStart(5, '0');
}
