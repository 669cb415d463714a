/** `ratesQuote` (SPEC §3.3, with the extensions of docs/protocol.md): the price of one piece from
 * the deck in effect today. Impossible input is refused with BAD_REQUEST and a reason a person can act on. */
import { PACKAGE_MAIL_CLASSES, ProtocolError, type RequestBody, type ResponseBody } from '@vbi/protocol';
import type { ZipDirectory } from '../reference/zip-ref.ts';
import { deckInEffect, type RateDeck } from './deck.ts';
import { EPSILON, priceParcel } from './package-price.ts';
import { type ZoneTable, zoneBetween } from './zones.ts';

export interface RatesContext {
  decks: readonly RateDeck[];
  zones: ZoneTable;
  zips: ZipDirectory;
  today: () => string;
}

type PackageClass = (typeof PACKAGE_MAIL_CLASSES)[number];
const SERVICE_NAME: Record<PackageClass, string> = {
  'priority-mail': 'Priority Mail',
  'ground-advantage': 'USPS Ground Advantage',
  'priority-mail-express': 'Priority Mail Express',
};
const isPackageClass = (mailClass: string): mailClass is PackageClass => (PACKAGE_MAIL_CLASSES as readonly string[]).includes(mailClass);

export function currentDeck(ctx: RatesContext): RateDeck {
  const deck = deckInEffect(ctx.decks, ctx.today());
  if (deck === undefined) throw new ProtocolError('INTERNAL', 'No rate deck is in effect today.');
  return deck;
}

const bad = (reason: string) => new ProtocolError('BAD_REQUEST', reason);
const roundUp = (x: number) => Math.max(1, Math.ceil(x - EPSILON));
const inches = (value: number) => `${Math.round(value * 10) / 10} in`;

export function quoteRate(ctx: RatesContext, body: RequestBody<'ratesQuote'>): ResponseBody<'ratesQuote'> {
  const deck = currentDeck(ctx);
  const { weightOz } = body;
  if (typeof weightOz !== 'number' || !Number.isFinite(weightOz) || weightOz <= 0) {
    throw bad('The weight must be a number of ounces greater than 0.');
  }
  const fromZip = body.fromZip;
  const toZip = typeof body.toZip === 'string' ? body.toZip.slice(0, 5) : '';
  for (const [label, zip] of [
    ['origin', fromZip],
    ['destination', toZip],
  ] as const) {
    if (typeof zip !== 'string' || !/^[0-9]{5}$/.test(zip) || !ctx.zips.zips.has(zip)) {
      throw bad(`The ${label} ZIP code ${JSON.stringify(zip)} is not a known US ZIP code.`);
    }
  }
  const base = { deckVersion: deck.version };
  const c = deck.classes;
  const mailClass = body.mailClass;
  if (body.dimensionsIn !== undefined && !isPackageClass(mailClass)) {
    throw bad('Measurements are for packages (Priority Mail, Ground Advantage, Priority Mail Express); leave them out for letters, flats and postcards.');
  }
  switch (mailClass) {
    case 'first-class-letter':
    case 'first-class-flat': {
      const t = c[mailClass];
      if (weightOz > t.maxWeightOz + EPSILON) {
        throw bad(
          mailClass === 'first-class-letter'
            ? `A First-Class letter weighs at most ${t.maxWeightOz} oz; send a heavier piece as a flat (large envelope).`
            : `A First-Class flat weighs at most ${t.maxWeightOz} oz; send a heavier piece as Priority Mail.`,
        );
      }
      const priceMills = t.firstOunceMills + t.additionalOunceMills * (roundUp(weightOz) - 1);
      return { ...base, priceMills, rateCategory: t.rateCategory };
    }
    case 'postcard': {
      const t = c.postcard;
      if (weightOz > t.maxWeightOz + EPSILON) {
        throw bad(`A postcard weighs at most ${t.maxWeightOz} oz; send a heavier card as a letter.`);
      }
      return { ...base, priceMills: t.priceMills, rateCategory: t.rateCategory };
    }
    case 'priority-mail':
    case 'ground-advantage':
    case 'priority-mail-express': {
      const service = SERVICE_NAME[mailClass];
      const t = c[mailClass];
      if (t === undefined) throw bad(`${service} is not in the rate deck in effect (${deck.version}).`);
      const zone = zoneBetween(fromZip, toZip, ctx.zones, ctx.zips);
      if (zone === undefined) throw bad(`No zone is known between ZIP ${fromZip} and ZIP ${toZip}.`);
      const price = priceParcel(t, weightOz, zone, body.dimensionsIn);
      if ('kind' in price) {
        throw bad(
          price.kind === 'too-heavy'
            ? `${service} weighs at most ${price.maxWeightLb} lb.`
            : `This rate deck prices ${service} packages up to ${price.maxLengthPlusGirthIn} in of length plus girth; this one measures ${inches(price.lengthPlusGirthIn)}.`,
        );
      }
      return { ...base, ...price, rateCategory: t.rateCategory, zone };
    }
    default:
      throw bad(`Unknown mail class ${JSON.stringify((body as { mailClass: unknown }).mailClass)}.`);
  }
}

/** What the UI shows about the deck: its version and which tables are placeholders. */
export interface DeckInfo {
  version: string;
  effective: string;
  placeholders: Array<{ mailClass: string; source: string }>;
}

export function describeDeck(deck: RateDeck): DeckInfo {
  const placeholders = Object.entries(deck.classes)
    .filter(([, t]) => t !== undefined && 'placeholder' in t && t.placeholder)
    .map(([mailClass, t]) => ({ mailClass, source: t!.source }));
  return { version: deck.version, effective: deck.effective, placeholders };
}
