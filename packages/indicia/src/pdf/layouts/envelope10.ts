import { BLOCK_WIDTH, blockHeight, drawIndiciumBlock, type IndiciumArt } from '../indiciumBlock.ts';
import { REGULAR } from '../fonts.ts';
import { inches, mm } from '../geometry.ts';
import type { LayoutContent } from '../options.ts';

/** #10 envelope, landscape: 9.5 × 4.125 in. */
export const ENVELOPE_10_WIDTH = inches(9.5);
export const ENVELOPE_10_HEIGHT = inches(4.125);
const EDGE = mm(6);
const CLEAR_ZONE = mm(3);
const RETURN_ADDRESS_WIDTH = mm(90);
/** Return address inset from the left and top edges (clear of the test envelope's rulers). */
const RETURN_ADDRESS_INSET = mm(13);

/** Where the indicium block sits and the clear zone around it that nothing else enters. */
export function envelopeIndiciumArea(art: IndiciumArt) {
  const x = ENVELOPE_10_WIDTH - EDGE - BLOCK_WIDTH;
  const y = EDGE;
  const height = blockHeight(art);
  return {
    block: { x, y, width: BLOCK_WIDTH, height },
    clear: { x: x - CLEAR_ZONE, y: y - CLEAR_ZONE, width: BLOCK_WIDTH + 2 * CLEAR_ZONE, height: height + 2 * CLEAR_ZONE },
  };
}

/** Indicium top right, return address top left, delivery address centred. */
export function drawEnvelope10(doc: PDFKit.PDFDocument, art: IndiciumArt, content: LayoutContent): void {
  const { block } = envelopeIndiciumArea(art);
  drawIndiciumBlock(doc, art, block.x, block.y);

  doc.font(REGULAR).fontSize(9).fillColor('#000000');
  content.fromLines.forEach((line, index) =>
    doc.text(line, RETURN_ADDRESS_INSET, RETURN_ADDRESS_INSET + index * 11, { width: RETURN_ADDRESS_WIDTH, lineBreak: false, ellipsis: true }),
  );

  if (content.toLines.length > 0) {
    doc.fontSize(11);
    const lineHeight = 14;
    const width = Math.max(...content.toLines.map((line) => doc.widthOfString(line)));
    const x = (ENVELOPE_10_WIDTH - width) / 2;
    const y = ENVELOPE_10_HEIGHT * 0.55 - (content.toLines.length * lineHeight) / 2;
    content.toLines.forEach((line, index) => doc.text(line, x, y + index * lineHeight, { lineBreak: false }));
  }
}
