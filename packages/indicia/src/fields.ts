import { MAX_AR, MAX_DR, MAX_POSTAGE } from '@vbi/protocol';
import { z } from 'zod';

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

const uint = (name: string, max: number) =>
  z
    .number({ error: `${name} must be a number` })
    .int({ error: `${name} must be an integer` })
    .min(0, { error: `${name} must be ≥ 0` })
    .max(max, { error: `${name} must be ≤ ${max}` });

/** Rate category: 1–4 upper-case letters or digits; the encoder pads it with spaces to 4 bytes. */
export const RATE_CATEGORY_PATTERN = /^[A-Z0-9]{1,4}$/;

export const indiciumFieldsSchema = z
  .object({
    certSerial: uint('certSerial', UINT32_MAX),
    vendorId: uint('vendorId', UINT16_MAX),
    model: uint('model', UINT16_MAX),
    psdSerial: uint('psdSerial', UINT32_MAX),
    ar: uint('ar', MAX_AR),
    postage: uint('postage', MAX_POSTAGE),
    mailDate: uint('mailDate', UINT32_MAX).refine(isCalendarDate, {
      error: 'mailDate must be a real calendar date written as YYYYMMDD',
    }),
    originZip: uint('originZip', 99999),
    softwareId: uint('softwareId', UINT16_MAX),
    pieceNumber: uint('pieceNumber', UINT32_MAX),
    dr: uint('dr', MAX_DR),
    rateCategory: z
      .string({ error: 'rateCategory must be a string' })
      .regex(RATE_CATEGORY_PATTERN, { error: 'rateCategory must be 1–4 characters A–Z or 0–9' }),
    // zip5*10000 + plus4, 0 when absent: at most 99999-9999.
    destinationZip: uint('destinationZip', 999_999_999),
    kind: z.union([z.literal(KIND_POSTAGE), z.literal(KIND_TEST)], {
      error: 'kind must be 1 (postage) or 2 (test print)',
    }),
  })
  .superRefine((f, ctx) => {
    // SPEC §3.3 and docs/protocol.md: a test print carries no value and no piece number.
    if (f.kind === KIND_TEST) {
      if (f.postage !== 0) ctx.addIssue({ code: 'custom', message: 'a test print must have postage 0' });
      if (f.pieceNumber !== 0) ctx.addIssue({ code: 'custom', message: 'a test print must have piece number 0' });
      if (f.rateCategory !== 'TEST') ctx.addIssue({ code: 'custom', message: 'a test print must have rate category TEST' });
    } else {
      if (f.postage < 1) ctx.addIssue({ code: 'custom', message: 'a postage indicium must have postage ≥ 1' });
      if (f.pieceNumber < 1) ctx.addIssue({ code: 'custom', message: 'a postage indicium must have piece number ≥ 1' });
      if (f.rateCategory === 'TEST') ctx.addIssue({ code: 'custom', message: 'rate category TEST is only for test prints' });
    }
  });

export type IndiciumFields = z.infer<typeof indiciumFieldsSchema>;
