/** Rate decks: versioned JSON data files (`apps/vault/data/rates/deck-*.json`) with an effective
 * date and a source (and confidence) per table. The newest deck in effect on a date wins. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RATE_CATEGORY_OF_MAIL_CLASS } from '@vbi/protocol';
import { z } from 'zod';

const confidence = z.enum(['A', 'B', 'C']);
const mills = z.number().int().min(1);
const isoDate = z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/);
const source = z.string().min(1);

const perOunceTable = z.strictObject({
  type: z.literal('per-ounce'),
  rateCategory: z.enum(['FCLT', 'FCFL']),
  firstOunceMills: mills,
  additionalOunceMills: mills,
  maxWeightOz: z.number().positive(),
  confidence: z.strictObject({ firstOunce: confidence, additionalOunce: confidence }),
  source,
});
const fixedTable = z.strictObject({
  type: z.literal('fixed'),
  rateCategory: z.literal('PCRD'),
  priceMills: mills,
  maxWeightOz: z.number().positive(),
  confidence: z.strictObject({ price: confidence }),
  source,
});

/** Parcels over `overCubicInches` pay for the greater of actual and dimensional weight. */
const dimensionalWeightRule = z.strictObject({
  overCubicInches: z.number().positive(),
  divisor: z.number().positive(),
  confidence,
  source,
});

const nonDecreasing = (values: readonly number[]) => values.every((v, i) => i === 0 || v >= values[i - 1]!);

/**
 * Packages (Priority Mail, Ground Advantage, Priority Mail Express): one row per weight step —
 * the ounce steps of pieces under a pound first (`ounceRowsOz`, e.g. 4, 8, 12, 15.999), then one
 * per pound 1…maxWeightLb — and one column per zone column (L-2, 3 … 9).
 */
const zonedTable = z
  .strictObject({
    type: z.literal('per-pound-zone'),
    rateCategory: z.enum(['PRIO', 'GADV', 'PMEX']),
    ounceRowsOz: z.array(z.number().positive().lt(16)).optional(),
    maxWeightLb: z.number().int().min(1).max(70),
    placeholder: z.boolean(),
    source,
    columns: z.tuple([z.literal('L-2'), z.literal('3'), z.literal('4'), z.literal('5'), z.literal('6'), z.literal('7'), z.literal('8'), z.literal('9')]),
    size: z.strictObject({ maxLengthPlusGirthIn: z.number().positive(), confidence, source }).optional(),
    dimensionalWeight: dimensionalWeightRule.optional(),
    pricesMills: z.array(z.array(mills).length(8)),
  })
  .refine((t) => t.pricesMills.length === (t.ounceRowsOz?.length ?? 0) + t.maxWeightLb, {
    message: 'pricesMills needs one row per ounce step and one per pound',
  })
  .refine((t) => t.ounceRowsOz === undefined || t.ounceRowsOz.every((oz, i, all) => i === 0 || oz > all[i - 1]!), {
    message: 'ounceRowsOz must rise',
  })
  // A price that falls as weight or distance grows is a typing mistake in the table.
  .refine((t) => t.pricesMills.every(nonDecreasing) && t.columns.every((_, c) => nonDecreasing(t.pricesMills.map((row) => row[c]!))), {
    message: 'prices must not fall as weight or zone grows',
  });
export type ZonedTable = z.infer<typeof zonedTable>;

export const rateDeckSchema = z
  .strictObject({
    version: z.string().min(1).max(64),
    effective: isoDate,
    description: z.string(),
    classes: z.strictObject({
      'first-class-letter': perOunceTable,
      'first-class-flat': perOunceTable,
      postcard: fixedTable,
      'priority-mail': zonedTable,
      // Extensions (docs/protocol.md); decks before 2026-01-18 do not carry them.
      'ground-advantage': zonedTable.optional(),
      'priority-mail-express': zonedTable.optional(),
    }),
  })
  .refine(
    (d) => Object.entries(d.classes).every(([mailClass, t]) => t === undefined || t.rateCategory === RATE_CATEGORY_OF_MAIL_CLASS[mailClass as keyof typeof RATE_CATEGORY_OF_MAIL_CLASS]),
    { message: 'a table carries the wrong rate category for its mail class' },
  );
export type RateDeck = z.infer<typeof rateDeckSchema>;

export const DEFAULT_RATES_DIR = join(import.meta.dirname, '../../../data/rates');

/** Every `deck-*.json` in the folder, validated; a broken deck is an error, not skipped. */
export function loadRateDecks(dir: string = DEFAULT_RATES_DIR): RateDeck[] {
  const files = readdirSync(dir).filter((f) => /^deck-.*\.json$/.test(f));
  const decks = files.map((f) => {
    const parsed = rateDeckSchema.safeParse(JSON.parse(readFileSync(join(dir, f), 'utf8')));
    if (!parsed.success) throw new Error(`rate deck ${f} is invalid: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
    return parsed.data;
  });
  if (decks.length === 0) throw new Error(`no rate deck (deck-*.json) in ${dir}`);
  return decks.sort((a, b) => a.effective.localeCompare(b.effective) || a.version.localeCompare(b.version));
}

/** The deck in effect on `date` (YYYY-MM-DD): the newest effective on or before it. */
export function deckInEffect(decks: readonly RateDeck[], date: string): RateDeck | undefined {
  return decks.filter((d) => d.effective <= date).at(-1);
}
