import { BLOCK_WIDTH, blockHeight, drawIndiciumBlock, type IndiciumArt } from '../indiciumBlock.ts';
import { BOLD, REGULAR } from '../fonts.ts';
import { inches, mm } from '../geometry.ts';
import type { LayoutContent } from '../options.ts';

/** 4 × 6 in shipping label, portrait. */
export const LABEL_4X6_WIDTH = inches(4);
export const LABEL_4X6_HEIGHT = inches(6);
const MARGIN = mm(5);
const INNER_WIDTH = LABEL_4X6_WIDTH - 2 * MARGIN;

/** Indicium across the top, then the return address, the mail class and the delivery address. */
export function drawLabel4x6(doc: PDFKit.PDFDocument, art: IndiciumArt, content: LayoutContent): void {
  drawIndiciumBlock(doc, art, MARGIN + (INNER_WIDTH - BLOCK_WIDTH) / 2, MARGIN);
  let y = MARGIN + blockHeight(art) + mm(3);
  rule(doc, y);

  y += mm(3);
  doc.font(REGULAR).fontSize(8).fillColor('#000000');
  content.fromLines.forEach((line, index) =>
    doc.text(line, MARGIN, y + index * 10, { width: INNER_WIDTH, lineBreak: false, ellipsis: true }),
  );

  y = mm(72);
  rule(doc, y);
  doc.font(BOLD).fontSize(14).text(art.mailClass, MARGIN, y + mm(3), { width: INNER_WIDTH, lineBreak: false, ellipsis: true });
  y += mm(12);
  rule(doc, y);

  y += mm(5);
  doc.font(REGULAR).fontSize(8).text('SHIP TO:', MARGIN, y, { lineBreak: false });
  doc.font(BOLD).fontSize(12);
  content.toLines.forEach((line, index) =>
    doc.text(line, MARGIN + mm(6), y + mm(5) + index * 15, { width: INNER_WIDTH - mm(6), lineBreak: false, ellipsis: true }),
  );
}

function rule(doc: PDFKit.PDFDocument, y: number): void {
  doc.moveTo(MARGIN, y).lineTo(LABEL_4X6_WIDTH - MARGIN, y).lineWidth(1).stroke('#000000');
}
