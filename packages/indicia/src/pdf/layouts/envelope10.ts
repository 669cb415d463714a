import { BLOCK_WIDTH, blockHeight, drawIndiciumBlock, type IndiciumArt } from '../indiciumBlock.ts';
import { REGULAR } from '../fonts.ts';
import { inches, mm } from '../geometry.ts';
import type { LayoutContent } from '../options.ts';
import { drawBlock, fitBlock, type BlockStyle } from '../textFit.ts';

/** #10 envelope, landscape: 9.5 × 4.125 in. */
export const ENVELOPE_10_WIDTH = inches(9.5);
export const ENVELOPE_10_HEIGHT = inches(4.125);
const EDGE = mm(6);
const CLEAR_ZONE = mm(3);
/** Return address inset from the left and top edges (clear of the test envelope's rulers). */
const RETURN_ADDRESS_INSET = mm(13);
const RETURN_ADDRESS_WIDTH = mm(90);
const RETURN_ADDRESS_STYLE: BlockStyle = { font: REGULAR, size: 9, minSize: 6, leading: 11 / 9 };
const DELIVERY_ADDRESS_STYLE: BlockStyle = { font: REGULAR, size: 11, minSize: 7, leading: 14 / 11 };
/**
 * USPS OCR read area for letters: the delivery address at least 1/2 in from the left and right
 * edges, its top line at most 2 3/4 in above the bottom edge, and the bottom 5/8 in (the barcode
 * clear zone) left empty.
 */
const READ_AREA_SIDE = inches(0.5);
const READ_AREA_TOP_FROM_BOTTOM = inches(2.75);
const BARCODE_CLEAR_ZONE = inches(5 / 8);
/** Space between the indicium's clear zone and the delivery address. */
const BELOW_CLEAR_ZONE = mm(5);

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where the indicium block sits and the clear zone around it that nothing else enters. */
export function envelopeIndiciumArea(art: IndiciumArt): { block: Area; clear: Area } {
  const x = ENVELOPE_10_WIDTH - EDGE - BLOCK_WIDTH;
  const y = EDGE;
  const height = blockHeight(art);
  return {
    block: { x, y, width: BLOCK_WIDTH, height },
    clear: { x: x - CLEAR_ZONE, y: y - CLEAR_ZONE, width: BLOCK_WIDTH + 2 * CLEAR_ZONE, height: height + 2 * CLEAR_ZONE },
  };
}

/** Where the delivery address may be drawn: the USPS read area, below the indicium's clear zone. */
export function deliveryAddressArea(art: IndiciumArt): Area {
  const { clear } = envelopeIndiciumArea(art);
  const top = Math.max(clear.y + clear.height + BELOW_CLEAR_ZONE, ENVELOPE_10_HEIGHT - READ_AREA_TOP_FROM_BOTTOM);
  return {
    x: READ_AREA_SIDE,
    y: top,
    width: ENVELOPE_10_WIDTH - 2 * READ_AREA_SIDE,
    height: ENVELOPE_10_HEIGHT - BARCODE_CLEAR_ZONE - top,
  };
}

/**
 * Indicium top right, return address top left, delivery address about the middle, kept inside
 * `deliveryArea` (shrunk to fit, never wrapped over anything).
 */
export function drawEnvelope10(doc: PDFKit.PDFDocument, art: IndiciumArt, content: LayoutContent, deliveryArea = deliveryAddressArea(art)): void {
  const { block } = envelopeIndiciumArea(art);
  drawIndiciumBlock(doc, art, block.x, block.y);

  const returnHeight = deliveryArea.y - BELOW_CLEAR_ZONE - RETURN_ADDRESS_INSET;
  const from = fitBlock(doc, content.fromLines, RETURN_ADDRESS_STYLE, RETURN_ADDRESS_WIDTH, returnHeight);
  drawBlock(doc, from, RETURN_ADDRESS_INSET, RETURN_ADDRESS_INSET);

  if (content.toLines.length > 0) {
    const to = fitBlock(doc, content.toLines, DELIVERY_ADDRESS_STYLE, deliveryArea.width, deliveryArea.height);
    const x = clamp((ENVELOPE_10_WIDTH - to.width) / 2, deliveryArea.x, deliveryArea.x + deliveryArea.width - to.width);
    const y = clamp(ENVELOPE_10_HEIGHT * 0.55 - to.height / 2, deliveryArea.y, deliveryArea.y + deliveryArea.height - to.height);
    drawBlock(doc, to, x, y);
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
