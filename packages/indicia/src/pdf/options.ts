import { z } from 'zod';

export const LAYOUTS = ['label-4x6', 'envelope-10', 'test-envelope'] as const;

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

export const labelOptionsSchema = z.strictObject({
  indicium: z.custom<Uint8Array>((value) => value instanceof Uint8Array, { error: 'indicium must be bytes (Uint8Array)' }),
  layout: z.enum(LAYOUTS, { error: `layout must be one of ${LAYOUTS.join(', ')}` }),
  from: address('from').optional(),
  to: address('to').optional(),
  mailClassLabel: z.string().min(1).max(40).regex(PRINTABLE, { error: 'mailClassLabel must be printable Latin-1' }).optional(),
  offsetsMm: z.strictObject({ x: offset, y: offset }, { error: OFFSET_ERROR }).optional(),
});

export type LabelOptions = z.input<typeof labelOptionsSchema>;
export type Layout = (typeof LAYOUTS)[number];

/** What a layout draws from: addresses as lines, with the indicium already decoded and encoded. */
export interface LayoutContent {
  fromLines: string[];
  toLines: string[];
}
