/** One OpenAddresses CSV row → a standardized address row, or the reason it is refused. */
import type { Standardizer } from '../ams/standardize.ts';
import type { ZipDirectory } from '../reference/zip-ref.ts';

export const REQUIRED_COLUMNS = ['LON', 'LAT', 'NUMBER', 'STREET', 'UNIT', 'CITY', 'DISTRICT', 'REGION', 'POSTCODE', 'ID', 'HASH'] as const;
/** Read when present: the shipped file (shared/data/addresses) keeps a number's letter or
 * fraction (`A`, `1/2`) in a column of its own instead of in NUMBER. */
const NUMBER_SUFFIX = 'NUMBER_SUFFIX';
type Column = (typeof REQUIRED_COLUMNS)[number] | typeof NUMBER_SUFFIX;
export type ColumnMap = Record<Column, number>;

export interface AddressInsert {
  dedupeKey: string;
  number: string;
  predir: string;
  name: string;
  suffix: string;
  postdir: string;
  unitDesignator: string;
  unit: string;
  city: string;
  state: string;
  zip: string;
  lon: number;
  lat: number;
}

/** The position of each required column, or an error naming what is missing. */
export function readHeader(fields: string[]): ColumnMap {
  const names = fields.map((f) => f.trim().toUpperCase());
  const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    throw new Error(
      `not an OpenAddresses CSV: the header lacks ${missing.join(', ')} (required: ${REQUIRED_COLUMNS.join(',')})`,
    );
  }
  return Object.fromEntries([...REQUIRED_COLUMNS, NUMBER_SUFFIX].map((c) => [c, names.indexOf(c)])) as ColumnMap;
}

export type RowResult = { ok: true; row: AddressInsert } | { ok: false; reason: string };

export function convertRow(
  fields: string[],
  columnCount: number,
  cols: ColumnMap,
  std: Standardizer,
  zipDir: ZipDirectory,
): RowResult {
  if (fields.length !== columnCount) return { ok: false, reason: `${fields.length} fields, expected ${columnCount}` };
  const get = (c: Column) => (fields[cols[c]] ?? '').trim();
  const lon = get('LON') === '' ? NaN : Number(get('LON'));
  const lat = get('LAT') === '' ? NaN : Number(get('LAT'));
  if (!Number.isFinite(lon) || Math.abs(lon) > 180) return { ok: false, reason: `bad LON ${JSON.stringify(get('LON'))}` };
  if (!Number.isFinite(lat) || Math.abs(lat) > 90) return { ok: false, reason: `bad LAT ${JSON.stringify(get('LAT'))}` };
  const number = std.houseNumber(`${get('NUMBER')} ${get(NUMBER_SUFFIX)}`);
  if (number === '') return { ok: false, reason: `missing or bad house number ${JSON.stringify(get('NUMBER'))}` };
  const street = std.street(get('STREET'));
  if (street.name === '') return { ok: false, reason: 'missing street' };
  const zip = std.zip(get('POSTCODE'));
  if (zip === null) return { ok: false, reason: `bad postcode ${JSON.stringify(get('POSTCODE'))}` };
  const zipInfo = zipDir.zips.get(zip);
  const city = std.city(get('CITY')) || zipInfo?.city || '';
  if (city === '') return { ok: false, reason: `missing city (and ZIP ${zip} is not in the ZIP reference)` };
  let state = std.state(get('REGION'));
  if (!/^[A-Z]{2}$/.test(state)) state = zipInfo?.state ?? '';
  if (state === '') return { ok: false, reason: `unknown state ${JSON.stringify(get('REGION'))}` };
  const unit = get('UNIT') === '' ? null : std.unit(get('UNIT'));
  const unitValue = unit?.value ?? '';
  const dedupeKey = get('HASH')
    ? `hash:${get('HASH')}`
    : get('ID')
      ? `id:${get('ID')}`
      : `addr:${number}|${street.predir}|${street.name}|${street.suffix}|${street.postdir}|${unitValue}|${city}|${zip}`;
  return {
    ok: true,
    row: {
      dedupeKey,
      number,
      ...street,
      unitDesignator: unit?.designator === '#' ? '' : (unit?.designator ?? ''),
      unit: unitValue,
      city,
      state,
      zip,
      lon,
      lat,
    },
  };
}
