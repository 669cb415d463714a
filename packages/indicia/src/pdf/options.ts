import { MAX_WEIGHT_OZ } from '@vbi/protocol';
import { z } from 'zod';
import { IndiciumError } from '../errors.ts';

export const LAYOUTS = [
  'label-4x6',
  'package-4x6',
  'envelope-6-3-4',
  'envelope-9',
  'envelope-10',
  'envelope-6x9',
  'flat-9x12',
  'postcard-4x6',
  'test-envelope',
] as const;
/** Sheets that carry several labels per page; `letter-2up`: two 4×6 labels on 8.5 × 11 in. */
export const SHEETS = ['letter-2up'] as const;
/** The layouts a sheet can carry (4 × 6 in labels). */
export const SHEET_LAYOUTS = ['label-4x6', 'package-4x6'] as const;

/** Standard PDF fonts print WinAnsi: plain Latin-1 letters plus the em dash we use ourselves. */
const PRINTABLE = /^[\x20-\x7e\xa0-\xff]*$/;
const MAX_ADDRESS_LINES = 6;
const MAX_LINE_LENGTH = 60;

const address = (name: string) =>
  z
    .string()
    .max(MAX_ADDRESS_LINES * (MAX_LINE_LENGTH + 1), { error: `${name} address is too long` })
    .transform((text) => text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0))
    .refine((lines) => lines.length <= MAX_ADDRESS_LINES, { error: `${name} address has more than ${MAX_ADDRESS_LINES} lines` })
    .refine((lines) => lines.every((l) => l.length <= MAX_LINE_LENGTH), {
      error: `${name} address has a line longer than ${MAX_LINE_LENGTH} characters`,
    })
    .refine((lines) => lines.every((l) => PRINTABLE.test(l)), {
      error: `${name} address has characters a standard PDF font cannot print (use Latin-1 letters)`,
    });

// Same bound as docs/protocol.md gives offsetsMm in printerResult.
const OFFSET_ERROR = 'offsetsMm x and y must be numbers of mm within ±25';
const offset = z.number({ error: OFFSET_ERROR }).min(-25, { error: OFFSET_ERROR }).max(25, { error: OFFSET_ERROR });
const offsetsMm = z.strictObject({ x: offset, y: offset }, { error: OFFSET_ERROR });
const layout = z.enum(LAYOUTS, { error: `layout must be one of ${LAYOUTS.join(', ')}` });
const WEIGHT_ERROR = `weightOz must be a number of ounces above 0 and at most ${MAX_WEIGHT_OZ}`;

/** What one piece prints: its indicium and the words around it. */
const pieceFields = {
  indicium: z.custom<Uint8Array>((value) => value instanceof Uint8Array, { error: 'indicium must be bytes (Uint8Array)' }),
  from: address('from').optional(),
  to: address('to').optional(),
  mailClassLabel: z.string().min(1).max(40).regex(PRINTABLE, { error: 'mailClassLabel must be printable Latin-1' }).optional(),
  /** Printed on package labels beside the service banner (e.g. "2 lb 3.5 oz"). */
  weightOz: z.number({ error: WEIGHT_ERROR }).gt(0, { error: WEIGHT_ERROR }).max(MAX_WEIGHT_OZ, { error: WEIGHT_ERROR }).optional(),
};
export const pieceSchema = z.strictObject(pieceFields);

export const labelOptionsSchema = z.strictObject({ ...pieceFields, layout, offsetsMm: offsetsMm.optional() });

export const batchOptionsSchema = z
  .strictObject({
    layout,
    sheet: z.enum(SHEETS, { error: `sheet must be one of ${SHEETS.join(', ')}` }).optional(),
    offsetsMm: offsetsMm.optional(),
  })
  .refine((o) => o.sheet === undefined || (SHEET_LAYOUTS as readonly string[]).includes(o.layout), {
    error: `a sheet carries 4×6 labels only (${SHEET_LAYOUTS.join(', ')})`,
  });

export type PieceContent = z.input<typeof pieceSchema>;
export type LabelOptions = z.input<typeof labelOptionsSchema>;
export type BatchOptions = z.input<typeof batchOptionsSchema>;
export type Layout = (typeof LAYOUTS)[number];
export type Sheet = (typeof SHEETS)[number];

/** What a layout draws from: addresses as lines, with the indicium already decoded and encoded. */
export interface LayoutContent {
  fromLines: string[];
  toLines: string[];
  weightOz?: number;
}

/** The parsed value, or an IndiciumError naming `what` and every problem. */
export function checked<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new IndiciumError(`${what}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data;
}
