/** The value ops: purchase, indicium, piece, refund, audit. */
import { z } from 'zod';
import {
  deviceIdSchema,
  destinationZipSchema,
  indiciumBytesSchema,
  isoTimestampSchema,
  mailDateSchema,
  meterIdSchema,
  millsSchema,
  p1363SignatureSchema,
  postageRateCategorySchema,
  uint32Schema,
} from '../fields.ts';
import { MAX_AR, MAX_DR, MAX_POSTAGE } from '../mills.ts';
import { maced } from './maced.ts';

const pieceNumberSchema = uint32Schema.min(1, 'must be at least 1');

export const purchaseRequestSchema = maced({ amount: millsSchema(MAX_DR).min(1, 'must be at least 1 mill') });
export const purchaseResponseSchema = maced({
  amount: millsSchema(MAX_DR).min(1),
  funds: millsSchema(Number.MAX_SAFE_INTEGER),
});

// kind `postage`: a paid category and postage ≥ 1; kind `test`: category TEST, postage 0.
// Weight and class limits are the rates service's business, not the schema's.
export const indiciumRequestSchema = z.discriminatedUnion('kind', [
  maced({
    kind: z.literal('postage'),
    postage: millsSchema(MAX_POSTAGE).min(1, 'must be at least 1 mill for kind postage'),
    rateCategory: postageRateCategorySchema,
    mailDate: mailDateSchema,
    destinationZip: destinationZipSchema.optional(),
  }),
  maced({
    kind: z.literal('test'),
    postage: z.literal(0, 'must be 0 for kind test'),
    rateCategory: z.literal('TEST', 'must be TEST for kind test'),
    mailDate: mailDateSchema,
    destinationZip: destinationZipSchema.optional(),
  }),
]);
export const indiciumResponseSchema = maced({
  pieceNumber: uint32Schema, // 0 for a test print
  indicium: indiciumBytesSchema,
});

export const pieceRequestSchema = maced({ pieceNumber: pieceNumberSchema });
export const pieceResponseSchema = maced({ pieceNumber: pieceNumberSchema, indicium: indiciumBytesSchema });

export const refundRequestSchema = maced({ pieceNumber: pieceNumberSchema });
export const refundResponseSchema = maced({
  pieceNumber: pieceNumberSchema,
  amount: millsSchema(MAX_POSTAGE).min(1),
});

/** The record the bank-auth key signs as "vbi1:audit:" + JCS(record). */
export const auditRecordSchema = z.strictObject({
  meterId: meterIdSchema,
  deviceId: deviceIdSchema,
  ar: millsSchema(MAX_AR),
  dr: millsSchema(MAX_DR),
  pieces: uint32Schema,
  at: isoTimestampSchema,
});
export const auditRequestSchema = maced({});
export const auditResponseSchema = maced({ record: auditRecordSchema, signature: p1363SignatureSchema });
