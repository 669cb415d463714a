import { generateKeyPairSync } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fromB64url } from '@vbi/protocol/crypto';
import { KIND_TEST } from '../fields.ts';
import { signIndicium } from '../sign.ts';
import { LAYOUTS, renderLabelPdf, writeBatchPdf, type PieceContent } from '../pdf/index.ts';
import { parseCommand, UsageError } from './usage.ts';

export const SAMPLES_HELP = `Usage: pnpm indicia samples --out DIR [--indicium B64URL]

Renders a sample of every layout into DIR, to look at or to test a printer with: one PDF per
layout (${LAYOUTS.join(', ')}) and sheet-letter-2up.pdf (two package labels on 8.5 x 11 in).

Without --indicium the samples carry a test print ("SAMPLE — NOT VALID POSTAGE", no value) signed
by a key made for this run only; its public key goes to DIR/sample-key.pub.pem, so
  pnpm indicia verify DIR/package-4x6.pdf --cert DIR/sample-key.pub.pem
checks a printed sample. With --indicium (e.g. a test print from your vault) every sample uses it.

Options:
  --out DIR           folder to write into (made if missing; files in it are replaced) (required)
  --indicium B64URL   the indicium to print, base64url without padding
  -h, --help          this help
`;

const OPTIONS = { out: { type: 'string' }, indicium: { type: 'string' } } as const;
const FROM = 'Acme Widgets\nJane Doe\n650 Turk St\nSan Francisco CA 94102';
const TO = 'John Roe\nRoe Hardware\n1 Main St Apt 5\nNew York NY 10001-1234';

/** A test print (kind 2, no value) signed by a fresh key, and that key's public half. */
function throwawaySample(): { indicium: Buffer; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const today = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  const indicium = signIndicium(
    {
      certSerial: 0, vendorId: 0, model: 0, psdSerial: 0, ar: 0, postage: 0, mailDate: Number(today), originZip: 94102,
      softwareId: 1, pieceNumber: 0, dr: 0, rateCategory: 'TEST', destinationZip: 100011234, kind: KIND_TEST,
    },
    privateKey,
  );
  return { indicium, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

export async function samplesCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand(argv, OPTIONS, SAMPLES_HELP);
  if (!parsed) return 0;
  const out = parsed.values.out;
  if (!out) throw new UsageError('--out is required');
  let indicium: Buffer;
  await mkdir(out, { recursive: true });
  if (parsed.values.indicium === undefined) {
    const sample = throwawaySample();
    indicium = sample.indicium;
    await writeFile(join(out, 'sample-key.pub.pem'), sample.publicKeyPem);
    process.stdout.write(`wrote ${join(out, 'sample-key.pub.pem')} (the throwaway key that signed these samples)\n`);
  } else {
    try {
      indicium = fromB64url(parsed.values.indicium);
    } catch {
      throw new UsageError('--indicium must be base64url without padding');
    }
  }
  const piece = (mailClassLabel: string): PieceContent => ({ indicium, from: FROM, to: TO, mailClassLabel, weightOz: 35.5 });
  for (const layout of LAYOUTS) {
    const path = join(out, `${layout}.pdf`);
    const label = layout === 'package-4x6' ? 'USPS Ground Advantage' : layout === 'flat-9x12' ? 'First-Class Mail Flat' : 'First-Class Mail';
    await writeFile(path, await renderLabelPdf({ ...piece(label), layout }));
    process.stdout.write(`wrote ${path}\n`);
  }
  const sheet = join(out, 'sheet-letter-2up.pdf');
  await writeBatchPdf(sheet, [piece('USPS Ground Advantage'), piece('Priority Mail Express')], { layout: 'package-4x6', sheet: 'letter-2up' });
  process.stdout.write(`wrote ${sheet}\n`);
  return 0;
}
