/**
 * Package prices (Priority Mail, Ground Advantage, Priority Mail Express): the table row of the
 * scale weight — or of the dimensional weight, where the table's rule calls for it and it is
 * greater — in the column of the zone.
 */
import { type DimensionsIn, lengthPlusGirth, OUNCES_PER_POUND } from '@vbi/protocol';
import type { ZonedTable } from './deck.ts';

/** Weights are rounded up to the next step; this tolerance keeps 2.0000000001 lb from becoming 3. */
export const EPSILON = 1e-9;

export interface PackagePrice {
  priceMills: number;
  /** Set when the dimensional weight, not the scale weight, chose the row. */
  dimensionalWeightLb?: number;
}

/** Why a package cannot be priced, in words; the caller names the service. */
export type PackageRefusal = { kind: 'too-heavy'; maxWeightLb: number } | { kind: 'too-large'; maxLengthPlusGirthIn: number; lengthPlusGirthIn: number };

/**
 * DMM 123.1.4 as the deck's sources give it: each side rounded off to the nearest inch, their
 * product over the rule's cubic inches divided by its divisor and rounded up to a whole pound.
 */
export function dimensionalWeightLb(d: DimensionsIn, rule: NonNullable<ZonedTable['dimensionalWeight']>): number | undefined {
  const cubicInches = Math.round(d.length) * Math.round(d.width) * Math.round(d.height);
  if (cubicInches <= rule.overCubicInches) return undefined;
  return Math.ceil(cubicInches / rule.divisor - EPSILON);
}

/** Row of the first ounce step the weight fits, else of its pound rounded up; undefined when too heavy. */
function weightRow(t: ZonedTable, weightOz: number): number | undefined {
  const steps = t.ounceRowsOz ?? [];
  const step = steps.findIndex((oz) => weightOz <= oz + EPSILON);
  if (step >= 0) return step;
  const pounds = Math.max(1, Math.ceil(weightOz / OUNCES_PER_POUND - EPSILON));
  return pounds > t.maxWeightLb ? undefined : steps.length + pounds - 1;
}

/** Zone 1 and 2 share the L-2 column; zone 3 is the next, and so on. */
const zoneColumn = (zone: number) => (zone <= 2 ? 0 : zone - 2);

export function priceParcel(t: ZonedTable, weightOz: number, zone: number, dimensionsIn: DimensionsIn | undefined): PackagePrice | PackageRefusal {
  const actualRow = weightRow(t, weightOz);
  if (actualRow === undefined) return { kind: 'too-heavy', maxWeightLb: t.maxWeightLb };
  if (dimensionsIn !== undefined && t.size !== undefined) {
    const measured = lengthPlusGirth(dimensionsIn);
    if (measured > t.size.maxLengthPlusGirthIn + EPSILON) {
      return { kind: 'too-large', maxLengthPlusGirthIn: t.size.maxLengthPlusGirthIn, lengthPlusGirthIn: measured };
    }
  }
  const dimLb = dimensionsIn !== undefined && t.dimensionalWeight !== undefined ? dimensionalWeightLb(dimensionsIn, t.dimensionalWeight) : undefined;
  // A dimensional weight over the heaviest row pays that row's price (DMM 123.1.4.2e).
  const dimRow = dimLb === undefined ? -1 : (t.ounceRowsOz?.length ?? 0) + Math.min(dimLb, t.maxWeightLb) - 1;
  const row = Math.max(actualRow, dimRow);
  const priceMills = t.pricesMills[row]![zoneColumn(zone)]!;
  return dimRow > actualRow ? { priceMills, dimensionalWeightLb: dimLb } : { priceMills };
}
