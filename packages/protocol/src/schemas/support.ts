/** The client-support ops: printerCheck, printerResult, ratesQuote, amsMatch. */
import { z } from 'zod';
import {
  amsAddressSchema,
  destinationZipSchema,
  dimensionsInSchema,
  mailClassSchema,
  millsSchema,
  offsetsMmSchema,
  postageRateCategorySchema,
  zip5Schema,
} from '../fields.ts';
import { MAX_POSTAGE } from '../mills.ts';
import { maced } from './maced.ts';

const printerNameSchema = z.string().min(1).max(200);
const mediaSchema = z.string().min(1).max(64);

export const printerProfileSchema = z.strictObject({
  model: z.string().min(1).max(200),
  kind: z.enum(['thermal', 'laser', 'inkjet']),
  media: z.array(mediaSchema).min(1).max(20),
  dpi: z.number().int().min(1).max(9600),
  offsetsMm: offsetsMmSchema,
});

export const printerCheckRequestSchema = z.strictObject({
  printerName: printerNameSchema,
  driverName: printerNameSchema,
  os: z.enum(['linux', 'darwin', 'win32']),
});
export const printerCheckResponseSchema = z.strictObject({
  supported: z.boolean(),
  profile: printerProfileSchema.optional(),
  notes: z.string().max(2000),
});

export const printerResultRequestSchema = maced({
  printerName: printerNameSchema,
  media: mediaSchema,
  offsetsMm: offsetsMmSchema,
  passed: z.boolean(),
});
export const printerResultResponseSchema = maced({});

export const ratesQuoteRequestSchema = z.strictObject({
  mailClass: mailClassSchema,
  weightOz: z.number().gt(0, 'must be more than 0').max(1120, 'must be at most 1120 (70 lb)'),
  fromZip: zip5Schema,
  toZip: destinationZipSchema,
  // Extension (docs/protocol.md): a package's measurements, for dimensional weight.
  dimensionsIn: dimensionsInSchema.optional(),
});
export const ratesQuoteResponseSchema = z.strictObject({
  priceMills: millsSchema(MAX_POSTAGE).min(1),
  rateCategory: postageRateCategorySchema,
  zone: z.number().int().min(1).max(9).optional(),
  deckVersion: z.string().min(1).max(64),
  // Extension: present when the dimensional weight, not the scale weight, set the price.
  dimensionalWeightLb: z.number().int().min(1).max(9999).optional(),
});

export const amsMatchRequestSchema = z.strictObject({
  street: z.string().min(1).max(100),
  secondary: z.string().max(64).optional(),
  city: z.string().max(64).optional(),
  state: z.string().max(32).optional(),
  zip: z.string().max(10).optional(),
});
export const amsMatchCandidateSchema = z.strictObject({
  address: amsAddressSchema,
  matchType: z.enum(['exact', 'standardized', 'zip_corrected', 'city_corrected', 'street_corrected', 'number_not_found']),
  score: z.number().min(0).max(1),
  /** Extension (docs/protocol.md): the address has units (apartments, suites) and none was given. */
  unitMissing: z.literal(true).optional(),
});
export const amsMatchResponseSchema = z.strictObject({
  status: z.enum(['exact', 'corrected', 'ambiguous', 'not_found']),
  candidates: z.array(amsMatchCandidateSchema).max(10),
  /** Extension (docs/protocol.md): the ZIP reference's primary city and state of the ZIP asked about,
   * absent when no ZIP was given or the reference does not know it. */
  zipInfo: z.strictObject({ zip: zip5Schema, city: z.string().max(64), state: z.string().max(32) }).optional(),
});
