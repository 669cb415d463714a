import { BLOCK_WIDTH, drawIndiciumBlock, type IndiciumArt, indiciumPlacement, type IndiciumPlacement } from '../indiciumBlock.ts';
import { BOLD, REGULAR } from '../fonts.ts';
import { inches, mm } from '../geometry.ts';
import type { LayoutContent } from '../options.ts';
import { drawBlock, drawLine, fitBlock, type BlockStyle } from '../textFit.ts';

/** 4 × 6 in shipping label, portrait. */
export const LABEL_4X6_WIDTH = inches(4);
export const LABEL_4X6_HEIGHT = inches(6);
const MARGIN = mm(5);
const INNER_WIDTH = LABEL_4X6_WIDTH - 2 * MARGIN;
const MAIL_CLASS_TOP = mm(72);
const SHIP_TO_INDENT = mm(6);
const RETURN_ADDRESS_STYLE: BlockStyle = { font: REGULAR, size: 8, minSize: 6, leading: 10 / 8 };
const SHIP_TO_STYLE: BlockStyle = { font: BOLD, size: 12, minSize: 8, leading: 15 / 12 };

/** The indicium centred across the top; the rule below it is the edge of its clear zone. */
export function label4x6IndiciumArea(art: IndiciumArt): IndiciumPlacement {
  return indiciumPlacement(art, MARGIN + (INNER_WIDTH - BLOCK_WIDTH) / 2, MARGIN);
}

/** Indicium across the top, then the return address, the mail class and the delivery address. */
export function drawLabel4x6(doc: PDFKit.PDFDocument, art: IndiciumArt, content: LayoutContent): void {
  const { block, clear } = label4x6IndiciumArea(art);
  drawIndiciumBlock(doc, art, block.x, block.y);
  let y = clear.y + clear.height;
  rule(doc, y);

  y += mm(3);
  const from = fitBlock(doc, content.fromLines, RETURN_ADDRESS_STYLE, INNER_WIDTH, MAIL_CLASS_TOP - mm(2) - y);
  drawBlock(doc, from, MARGIN, y);

  y = MAIL_CLASS_TOP;
  rule(doc, y);
  doc.font(BOLD).fontSize(14);
  drawLine(doc, art.mailClass, MARGIN, y + mm(3), INNER_WIDTH);
  y += mm(12);
  rule(doc, y);

  y += mm(5);
  doc.font(REGULAR).fontSize(8).text('SHIP TO:', MARGIN, y, { lineBreak: false });
  y += mm(5);
  const to = fitBlock(doc, content.toLines, SHIP_TO_STYLE, INNER_WIDTH - SHIP_TO_INDENT, LABEL_4X6_HEIGHT - MARGIN - y);
  drawBlock(doc, to, MARGIN + SHIP_TO_INDENT, y);
}

function rule(doc: PDFKit.PDFDocument, y: number): void {
  doc.moveTo(MARGIN, y).lineTo(LABEL_4X6_WIDTH - MARGIN, y).lineWidth(1).stroke('#000000');
}
