// @vbi/indicia/pdf — labels and envelopes with the indicium drawn as vector modules (never a bitmap).
import { createDocument, finishDocument } from './document.ts';
import { mm } from './geometry.ts';
import { checked, labelOptionsSchema, type LabelOptions } from './options.ts';
import { PAGES } from './pages.ts';
import { drawPiece } from './piece.ts';

export {
  LAYOUTS,
  SHEETS,
  SHEET_LAYOUTS,
  batchOptionsSchema,
  labelOptionsSchema,
  pieceSchema,
  type BatchOptions,
  type LabelOptions,
  type Layout,
  type PieceContent,
  type Sheet,
} from './options.ts';
export { renderBatch, writeBatchPdf, type BatchProgress } from './batch.ts';
export { TEST_CROSSHAIRS_MM } from './layouts/testEnvelope.ts';
export { SAMPLE_BANNER } from './humanText.ts';
export { REFERENCE_HEADING } from './reference.ts';

/**
 * One-page PDF for the indicium in the chosen layout. The human-readable text is read from the
 * indicium itself; `offsetsMm` (printer calibration, + is right/down) shifts everything printed.
 * Identical options give identical bytes. Throws IndiciumError on bad options or bytes.
 */
export async function renderLabelPdf(options: LabelOptions): Promise<Buffer> {
  const { layout, offsetsMm, ...piece } = checked(labelOptionsSchema, options, 'invalid label options');
  const page = PAGES[layout];
  const doc = createDocument(page.width, page.height, page.title);
  if (offsetsMm) doc.translate(mm(offsetsMm.x), mm(offsetsMm.y));
  drawPiece(doc, page, piece);
  return finishDocument(doc);
}
