/** Zod schemas of the single fields that recur across SPEC §3 messages. Browser-safe. */
import { z } from 'zod';
import { MAX_AR, MAX_DR } from './mills.ts';

/** Length of the unpadded base64url text of `n` bytes. */
export function b64urlLength(n: number): number {
  const rest = n % 3;
  return Math.floor(n / 3) * 4 + (rest === 0 ? 0 : rest + 1);
}

/**
 * Regex of the canonical unpadded base64url text of exactly `n` bytes: the last character
 * must leave the unused low bits zero, so each byte string has exactly one accepted text
 * (challenges and nonces are compared as text).
 */
export function b64urlBytesPattern(n: number): RegExp {
  const len = b64urlLength(n);
  const rest = n % 3;
  if (rest === 0) {
    return new RegExp(`^[A-Za-z0-9_-]{${len}}$`);
  }
  const last = rest === 1 ? '[AQgw]' : '[AEIMQUYcgkosw048]';
  return new RegExp(`^[A-Za-z0-9_-]{${len - 1}}${last}$`);
}

/** base64url without padding of exactly `n` bytes; checked by length first, then by pattern. */
export function b64urlBytes(n: number) {
  const len = b64urlLength(n);
  const pattern = b64urlBytesPattern(n);
  return z
    .string()
    .length(len, `must be ${n} bytes as base64url without padding (${len} characters)`)
    .regex(pattern, `must be ${n} bytes as base64url without padding`);
}

export const nonceSchema = b64urlBytes(16);
export const challengeSchema = b64urlBytes(16);
export const hmkSchema = b64urlBytes(32);
export const macSchema = b64urlBytes(32);
/** ECDSA P-256 signature in IEEE P1363 form (r‖s). */
export const p1363SignatureSchema = b64urlBytes(64);
/** RSA-3072 OAEP ciphertext. */
export const sealedSchema = b64urlBytes(384);
/** SPEC §5: an indicium of format 1 is 113 bytes. */
export const indiciumBytesSchema = b64urlBytes(113);

export const usernameSchema = z
  .string()
  .min(3, 'must be at least 3 characters')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9._-]+$/, 'may contain only letters, digits, ".", "_" and "-"');

// A sealed register secret is JCS({clientNonce, hmk, loginNonce, passphrase}); RSA-3072 OAEP-SHA-256
// carries at most 318 bytes, of which 146 are the rest of that JSON: a new passphrase may take 172.
// A login secret, JCS({clientNonce, loginNonce, passphrase}), has room for 224; logins accept the
// 200 bytes that registration allowed before the loginNonce (SPEC v1.1), so no account is shut out.
export const MAX_PASSPHRASE_JSON_BYTES = 172;
export const MAX_LOGIN_PASSPHRASE_JSON_BYTES = 200;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const utf8 = new TextEncoder();

function passphraseOf(maxJsonBytes: number) {
  return z
    .string()
    .min(10, 'must be at least 10 characters')
    .max(256, 'must be at most 256 characters')
    .refine((p) => !LONE_SURROGATE.test(p), 'must be valid Unicode text')
    .refine(
      (p) => utf8.encode(JSON.stringify(p)).length - 2 <= maxJsonBytes,
      `is too long (at most ${maxJsonBytes} bytes of UTF-8)`,
    );
}

/** A passphrase being chosen (register): fits the register seal. */
export const passphraseSchema = passphraseOf(MAX_PASSPHRASE_JSON_BYTES);
/** A passphrase being entered (login): also one chosen under SPEC v1.0's larger budget. */
export const loginPassphraseSchema = passphraseOf(MAX_LOGIN_PASSPHRASE_JSON_BYTES);

export const zip5Schema = z.string().regex(/^[0-9]{5}$/, 'must be a 5-digit ZIP code');
export const licenseZipSchema = zip5Schema;
export const destinationZipSchema = z
  .string()
  .regex(/^[0-9]{5}(?:-[0-9]{4})?$/, 'must be a ZIP code as NNNNN or NNNNN-NNNN');

function isCalendarDate(text: string): boolean {
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return day <= daysInMonth;
}

export const mailDateSchema = z
  .string()
  .regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, 'must be a date as YYYY-MM-DD')
  .refine(isCalendarDate, 'must be a real calendar date');

export function millsSchema(max: number) {
  return z
    .number()
    .int('must be a whole number of mills')
    .min(0, 'must not be negative')
    .max(max, `must be at most ${max} mills`);
}

export const registersSchema = z.strictObject({
  ar: millsSchema(MAX_AR),
  dr: millsSchema(MAX_DR),
});

export function uintSchema(max: number) {
  return z.number().int('must be a whole number').min(0, 'must not be negative').max(max, `must be at most ${max}`);
}
export const uint16Schema = uintSchema(0xffff);
export const uint32Schema = uintSchema(0xffff_ffff);

export const deviceIdSchema = z.strictObject({
  vendor: uint16Schema,
  model: uint16Schema,
  serial: uint32Schema,
});

/**
 * Paid rate categories (indicium bytes 40–43): SPEC §3.3's four, then our extensions
 * (docs/protocol.md "Extensions"): `GADV` USPS Ground Advantage, `PMEX` Priority Mail Express.
 */
export const POSTAGE_RATE_CATEGORIES = ['FCLT', 'FCFL', 'PCRD', 'PRIO', 'GADV', 'PMEX'] as const;
export const RATE_CATEGORIES = [...POSTAGE_RATE_CATEGORIES, 'TEST'] as const;
export const rateCategorySchema = z.enum(RATE_CATEGORIES);
/** The rate categories of paid postage (everything but TEST). */
export const postageRateCategorySchema = z.enum(POSTAGE_RATE_CATEGORIES);

/** SPEC §3.3's four mail classes, then our extensions (docs/protocol.md "Extensions"). */
export const MAIL_CLASSES = [
  'first-class-letter',
  'first-class-flat',
  'postcard',
  'priority-mail',
  'ground-advantage',
  'priority-mail-express',
] as const;
export const mailClassSchema = z.enum(MAIL_CLASSES);

/** The rate category a piece of each mail class carries (`ratesQuote` answers it). */
export const RATE_CATEGORY_OF_MAIL_CLASS = {
  'first-class-letter': 'FCLT',
  'first-class-flat': 'FCFL',
  postcard: 'PCRD',
  'priority-mail': 'PRIO',
  'ground-advantage': 'GADV',
  'priority-mail-express': 'PMEX',
} as const satisfies Record<(typeof MAIL_CLASSES)[number], (typeof POSTAGE_RATE_CATEGORIES)[number]>;

/** Largest side of a piece, in inches: USPS takes nothing over 130 in of length plus girth. */
export const MAX_SIDE_IN = 130;
const side = z.number().gt(0, 'must be more than 0 inches').max(MAX_SIDE_IN, `must be at most ${MAX_SIDE_IN} inches`);
/**
 * Extension: a package's outside measurements in inches, in any order (the longest is its length).
 * The vault prices dimensional weight from them where the service's rules call for it.
 */
export const dimensionsInSchema = z.strictObject({ length: side, width: side, height: side });

/** A Publication 28 address as the vault answers it; empty strings for absent parts. */
export const amsAddressSchema = z.strictObject({
  street: z.string().min(1).max(100),
  secondary: z.string().max(64),
  city: z.string().max(64),
  state: z.string().max(32),
  zip: z.string().regex(/^(?:[0-9]{5}(?:-[0-9]{4})?)?$/, 'must be NNNNN, NNNNN-NNNN or empty'),
});

/** ISO 8601 UTC with milliseconds, exactly as Date#toISOString writes it. */
export const isoTimestampSchema = z
  .string()
  .regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$/, 'must be a UTC time as YYYY-MM-DDTHH:MM:SS.sssZ')
  .refine((t) => {
    const ms = Date.parse(t);
    return Number.isFinite(ms) && new Date(ms).toISOString() === t;
  }, 'must be a real time');

/** RFC 4122 version 4 UUID, lower case. */
export const meterIdSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'must be a lower-case UUID v4');

export const pemCertificateSchema = z
  .string()
  .max(8192, 'must be at most 8192 characters')
  .regex(
    /^-----BEGIN CERTIFICATE-----\r?\n(?:[A-Za-z0-9+/=]{1,76}\r?\n)+-----END CERTIFICATE-----\r?\n?$/,
    'must be one PEM certificate',
  );

/** A finite offset in millimetres within ±25 mm. */
export const offsetMmSchema = z.number().min(-25).max(25);
export const offsetsMmSchema = z.strictObject({ x: offsetMmSchema, y: offsetMmSchema });
