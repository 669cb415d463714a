import { writeFile } from 'node:fs/promises';
import { fromB64url } from '@vbi/protocol/crypto';
import { LAYOUTS, renderLabelPdf, type Layout } from '../pdf/index.ts';
import { parseCommand, UsageError } from './usage.ts';

export const LABEL_HELP = `Usage: pnpm indicia label --indicium B64URL --layout LAYOUT --out FILE.pdf [options]

Renders an indicium (113 bytes, base64url) as a printable PDF.

Options:
  --indicium B64URL     the indicium bytes, base64url without padding (required)
  --layout LAYOUT       ${LAYOUTS.join(' | ')} (required)
  --out FILE.pdf        where to write the PDF (required)
  --from TEXT           return address; separate lines with "|"
  --to TEXT             delivery address; separate lines with "|"
  --mail-class TEXT     mail class line to print instead of the one named by the rate category
  --weight-oz OZ        the piece's weight, printed on package labels (e.g. 35.5 → "2 lb 3.5 oz")
  --offset-x MM         printer calibration, + moves the print right (within ±25)
  --offset-y MM         printer calibration, + moves the print down (within ±25)
  -h, --help            this help
`;

const OPTIONS = {
  indicium: { type: 'string' },
  layout: { type: 'string' },
  out: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  'mail-class': { type: 'string' },
  'weight-oz': { type: 'string' },
  'offset-x': { type: 'string' },
  'offset-y': { type: 'string' },
} as const;

/** "|" separates the lines of an address given on the command line. */
function addressLines(text: string | undefined): string | undefined {
  return text === undefined ? undefined : text.split('|').join('\n');
}

/** A number given on the command line; `unit` names it in the message. */
function numberOption(text: string | undefined, flag: string, unit: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${flag} must be a number of ${unit}`);
  return value;
}

export async function labelCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand(argv, OPTIONS, LABEL_HELP);
  if (!parsed) return 0;
  const v = parsed.values;
  if (!v.indicium || !v.layout || !v.out) throw new UsageError('--indicium, --layout and --out are required');
  if (!(LAYOUTS as readonly string[]).includes(v.layout)) throw new UsageError(`--layout must be one of ${LAYOUTS.join(', ')}`);
  let indicium: Buffer;
  try {
    indicium = fromB64url(v.indicium);
  } catch {
    throw new UsageError('--indicium must be base64url without padding');
  }
  const offsets = v['offset-x'] !== undefined || v['offset-y'] !== undefined
    ? { x: numberOption(v['offset-x'], 'offset-x', 'millimetres') ?? 0, y: numberOption(v['offset-y'], 'offset-y', 'millimetres') ?? 0 }
    : undefined;
  const pdf = await renderLabelPdf({
    indicium,
    layout: v.layout as Layout,
    from: addressLines(v.from),
    to: addressLines(v.to),
    mailClassLabel: v['mail-class'],
    weightOz: numberOption(v['weight-oz'], 'weight-oz', 'ounces'),
    offsetsMm: offsets,
  });
  await writeFile(v.out, pdf);
  process.stdout.write(`wrote ${v.out} (${v.layout}, ${pdf.length} bytes)\n`);
  return 0;
}
