/** Rate decks: versioned JSON data files (`apps/vault/data/rates/deck-*.json`) with an effective
 * date and a source (and confidence) per table. The newest deck in effect on a date wins. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const confidence = z.enum(['A', 'B', 'C']);
const mills = z.number().int().min(1);
const isoDate = z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/);

const perOunceTable = z.strictObject({
  type: z.literal('per-ounce'),
  rateCategory: z.enum(['FCLT', 'FCFL']),
  firstOunceMills: mills,
  additionalOunceMills: mills,
  maxWeightOz: z.number().positive(),
  confidence: z.strictObject({ firstOunce: confidence, additionalOunce: confidence }),
  source: z.string().min(1),
});
const fixedTable = z.strictObject({
  type: z.literal('fixed'),
  rateCategory: z.literal('PCRD'),
  priceMills: mills,
  maxWeightOz: z.number().positive(),
  confidence: z.strictObject({ price: confidence }),
  source: z.string().min(1),
});
/** Priority Mail: one row per pound (1…maxWeightLb), one column per zone column (L-2, 3 … 9). */
const zonedTable = z
  .strictObject({
    type: z.literal('per-pound-zone'),
    rateCategory: z.literal('PRIO'),
    maxWeightLb: z.number().int().min(1).max(70),
    placeholder: z.boolean(),
    source: z.string().min(1),
    columns: z.tuple([z.literal('L-2'), z.literal('3'), z.literal('4'), z.literal('5'), z.literal('6'), z.literal('7'), z.literal('8'), z.literal('9')]),
    pricesMills: z.array(z.array(mills).length(8)),
  })
  .refine((t) => t.pricesMills.length === t.maxWeightLb, { message: 'pricesMills needs one row per pound' });

export const rateDeckSchema = z.strictObject({
  version: z.string().min(1).max(64),
  effective: isoDate,
  description: z.string(),
  classes: z.strictObject({
    'first-class-letter': perOunceTable,
    'first-class-flat': perOunceTable,
    postcard: fixedTable,
    'priority-mail': zonedTable,
  }),
});
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
