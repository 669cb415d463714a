import type { DecodedIndicium } from '../codec.ts';
import type { DataMatrix } from '../datamatrix.ts';
import { KIND_TEST } from '../fields.ts';
import { BOLD, REGULAR } from './fonts.ts';
import { type Area, MODULE_MM, mm } from './geometry.ts';
import { humanReadable, SAMPLE_BANNER } from './humanText.ts';
import { drawDataMatrix, symbolExtent } from './matrix.ts';
import { drawLine } from './textFit.ts';

/** Width of the whole indicium block (symbol + text), in points. */
export const BLOCK_WIDTH = mm(78);
const TEXT_GAP = mm(2);
const BANNER_HEIGHT = mm(7);

export interface IndiciumArt {
  indicium: DecodedIndicium;
  matrix: DataMatrix;
  mailClass: string;
}

/** White margin kept around the whole block on every layout: nothing else is printed in it. */
export const CLEAR_ZONE = mm(3);

/** Where a layout puts the block (top-left at x, y) and the clear zone around it. */
export interface IndiciumPlacement {
  block: Area;
  clear: Area;
}

export function indiciumPlacement(art: IndiciumArt, x: number, y: number): IndiciumPlacement {
  const height = blockHeight(art);
  return {
    block: { x, y, width: BLOCK_WIDTH, height },
    clear: { x: x - CLEAR_ZONE, y: y - CLEAR_ZONE, width: BLOCK_WIDTH + 2 * CLEAR_ZONE, height: height + 2 * CLEAR_ZONE },
  };
}

/** Height of the block, in points: the symbol, plus the sample banner on a test print. */
export function blockHeight(art: IndiciumArt): number {
  const symbol = symbolExtent(art.matrix, mm(MODULE_MM));
  return art.indicium.kind === KIND_TEST ? symbol + BANNER_HEIGHT : symbol;
}

/**
 * Draws the indicium with its top-left at (x, y): on a test print the sample banner across the
 * top, then the symbol (with its white quiet zone) and the SPEC §5 text to its right.
 */
export function drawIndiciumBlock(doc: PDFKit.PDFDocument, art: IndiciumArt, x: number, y: number): void {
  let top = y;
  if (art.indicium.kind === KIND_TEST) {
    drawSampleBanner(doc, x, top);
    top += BANNER_HEIGHT;
  }
  const modulePt = mm(MODULE_MM);
  drawDataMatrix(doc, art.matrix, x, top, modulePt);

  const text = humanReadable(art.indicium, art.mailClass);
  const textX = x + symbolExtent(art.matrix, modulePt) + TEXT_GAP;
  const textWidth = BLOCK_WIDTH - (textX - x);
  doc.fillColor('#000000');
  doc.font(BOLD).fontSize(10);
  drawLine(doc, text.heading, textX, top + mm(1.5), textWidth);
  doc.fontSize(16);
  drawLine(doc, text.amount, textX, top + mm(5.5), textWidth);
  doc.font(REGULAR).fontSize(7.5);
  text.details.forEach((detail, index) => drawLine(doc, detail, textX, top + mm(12.5 + index * 3.4), textWidth));
}

/** SPEC §5: a test print says, in large type, that it carries no value. */
function drawSampleBanner(doc: PDFKit.PDFDocument, x: number, y: number): void {
  doc.font(BOLD).fontSize(20);
  const size = Math.min(20, (20 * BLOCK_WIDTH) / doc.widthOfString(SAMPLE_BANNER));
  doc.fontSize(size).fillColor('#000000').text(SAMPLE_BANNER, x, y + (BANNER_HEIGHT - size) / 2, { lineBreak: false });
}
