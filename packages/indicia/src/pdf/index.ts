// @vbi/indicia/pdf — labels and envelopes with the indicium drawn as vector modules (never a bitmap).
import { decodeIndicium } from '../codec.ts';
import { encodeDataMatrix } from '../datamatrix.ts';
import { IndiciumError } from '../errors.ts';
import { createDocument, finishDocument } from './document.ts';
import { mm } from './geometry.ts';
import { mailClassFor } from './humanText.ts';
import type { IndiciumArt } from './indiciumBlock.ts';
import { drawEnvelope10, ENVELOPE_10_HEIGHT, ENVELOPE_10_WIDTH } from './layouts/envelope10.ts';
import { drawLabel4x6, LABEL_4X6_HEIGHT, LABEL_4X6_WIDTH } from './layouts/label4x6.ts';
import { drawTestEnvelope } from './layouts/testEnvelope.ts';
import { labelOptionsSchema, type LabelOptions, type Layout, type LayoutContent } from './options.ts';

export { LAYOUTS, labelOptionsSchema, type LabelOptions, type Layout } from './options.ts';
export { TEST_CROSSHAIRS_MM } from './layouts/testEnvelope.ts';
export { SAMPLE_BANNER } from './humanText.ts';

type Draw = (doc: PDFKit.PDFDocument, art: IndiciumArt, content: LayoutContent) => void;

const PAGES: Record<Layout, { width: number; height: number; title: string; draw: Draw }> = {
  'label-4x6': { width: LABEL_4X6_WIDTH, height: LABEL_4X6_HEIGHT, title: 'Postage label 4x6', draw: drawLabel4x6 },
  'envelope-10': { width: ENVELOPE_10_WIDTH, height: ENVELOPE_10_HEIGHT, title: 'Envelope #10', draw: drawEnvelope10 },
  'test-envelope': { width: ENVELOPE_10_WIDTH, height: ENVELOPE_10_HEIGHT, title: 'Envelope #10 alignment test', draw: drawTestEnvelope },
};

/**
 * One-page PDF for the indicium in the chosen layout. The human-readable text is read from the
 * indicium itself; `offsetsMm` (printer calibration, + is right/down) shifts everything printed.
 * Identical options give identical bytes. Throws IndiciumError on bad options or bytes.
 */
export async function renderLabelPdf(options: LabelOptions): Promise<Buffer> {
  const parsed = labelOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new IndiciumError(`invalid label options: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  }
  const opts = parsed.data;
  const indicium = decodeIndicium(opts.indicium);
  const art: IndiciumArt = {
    indicium,
    matrix: encodeDataMatrix(opts.indicium),
    mailClass: mailClassFor(indicium, opts.mailClassLabel),
  };
  const page = PAGES[opts.layout];
  const doc = createDocument(page.width, page.height, page.title);
  if (opts.offsetsMm) doc.translate(mm(opts.offsetsMm.x), mm(opts.offsetsMm.y));
  page.draw(doc, art, { fromLines: opts.from ?? [], toLines: opts.to ?? [] });
  return finishDocument(doc);
}
