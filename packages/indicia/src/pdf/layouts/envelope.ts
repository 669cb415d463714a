import { BLOCK_WIDTH, drawIndiciumBlock, type IndiciumArt, indiciumPlacement, type IndiciumPlacement } from '../indiciumBlock.ts';
import { REGULAR } from '../fonts.ts';
import { type Area, inches, mm } from '../geometry.ts';
import type { LayoutContent } from '../options.ts';
import { drawBlock, fitBlock, type BlockStyle } from '../textFit.ts';

/**
 * The address side of a mailpiece, landscape, in points. Letter-size pieces (and postcards) keep
 * the delivery address in the USPS OCR read area; a flat's address is larger and sits anywhere
 * below the indicium.
 */
export interface EnvelopeSize {
  width: number;
  height: number;
  flat: boolean;
}

/** Sizes of the envelopes and cards we print on (width × height as the piece lies, address up). */
export const ENVELOPE_SIZES = {
  /** #6¾ commercial envelope, 6.5 × 3.625 in. */
  'envelope-6-3-4': { width: inches(6.5), height: inches(3.625), flat: false },
  /** #9 envelope, 8.875 × 3.875 in. */
  'envelope-9': { width: inches(8.875), height: inches(3.875), flat: false },
  /** #10 envelope, 9.5 × 4.125 in. */
  'envelope-10': { width: inches(9.5), height: inches(4.125), flat: false },
  /** 6 × 9 in booklet envelope: 9 in long and 6 in high is still letter-size (≤ 11.5 × 6.125 in). */
  'envelope-6x9': { width: inches(9), height: inches(6), flat: false },
  /** 9 × 12 in catalog envelope: a flat (large envelope). */
  'flat-9x12': { width: inches(12), height: inches(9), flat: true },
  /** 4 × 6 in postcard (USPS postcards: at most 6 × 4.25 in). */
  'postcard-4x6': { width: inches(6), height: inches(4), flat: false },
} as const satisfies Record<string, EnvelopeSize>;
export type EnvelopeLayout = keyof typeof ENVELOPE_SIZES;

const EDGE = mm(6);
/** Return address inset from the left and top edges (clear of the test envelope's rulers). */
const RETURN_ADDRESS_INSET = mm(13);
const RETURN_ADDRESS_WIDTH = mm(90);
/** Space kept between the return address and the indicium's clear zone. */
const RETURN_ADDRESS_GAP = mm(4);
const RETURN_ADDRESS_STYLE: BlockStyle = { font: REGULAR, size: 9, minSize: 6, leading: 11 / 9 };
const DELIVERY_ADDRESS_STYLE: BlockStyle = { font: REGULAR, size: 11, minSize: 7, leading: 14 / 11 };
const FLAT_DELIVERY_ADDRESS_STYLE: BlockStyle = { ...DELIVERY_ADDRESS_STYLE, size: 14 };
/**
 * USPS OCR read area for letters: the delivery address at least 1/2 in from the left and right
 * edges, its top line at most 2 3/4 in above the bottom edge, and the bottom 5/8 in (the barcode
 * clear zone) left empty. Flats keep the same side and bottom margins.
 */
const READ_AREA_SIDE = inches(0.5);
const READ_AREA_TOP_FROM_BOTTOM = inches(2.75);
const BARCODE_CLEAR_ZONE = inches(5 / 8);
/** Space between the indicium's clear zone and the delivery address. */
const BELOW_CLEAR_ZONE = mm(5);

/** Where the indicium block sits (6 mm from the top and right edges) and the clear zone that nothing else enters. */
export function envelopeIndiciumArea(size: EnvelopeSize, art: IndiciumArt): IndiciumPlacement {
  return indiciumPlacement(art, size.width - EDGE - BLOCK_WIDTH, EDGE);
}

/** Where the delivery address may be drawn: the read area (letters), below the indicium's clear zone. */
export function deliveryAddressArea(size: EnvelopeSize, art: IndiciumArt): Area {
  const { clear } = envelopeIndiciumArea(size, art);
  const belowClear = clear.y + clear.height + BELOW_CLEAR_ZONE;
  const top = size.flat ? belowClear : Math.max(belowClear, size.height - READ_AREA_TOP_FROM_BOTTOM);
  return {
    x: READ_AREA_SIDE,
    y: top,
    width: size.width - 2 * READ_AREA_SIDE,
    height: size.height - BARCODE_CLEAR_ZONE - top,
  };
}

/**
 * Indicium top right, return address top left (never into the clear zone), delivery address about
 * the middle, kept inside `deliveryArea` (shrunk to fit, never wrapped over anything).
 */
export function drawEnvelope(
  size: EnvelopeSize,
  doc: PDFKit.PDFDocument,
  art: IndiciumArt,
  content: LayoutContent,
  deliveryArea = deliveryAddressArea(size, art),
): void {
  const { block, clear } = envelopeIndiciumArea(size, art);
  drawIndiciumBlock(doc, art, block.x, block.y);

  const returnWidth = Math.min(RETURN_ADDRESS_WIDTH, clear.x - RETURN_ADDRESS_GAP - RETURN_ADDRESS_INSET);
  const returnHeight = deliveryArea.y - BELOW_CLEAR_ZONE - RETURN_ADDRESS_INSET;
  const from = fitBlock(doc, content.fromLines, RETURN_ADDRESS_STYLE, returnWidth, returnHeight);
  drawBlock(doc, from, RETURN_ADDRESS_INSET, RETURN_ADDRESS_INSET);

  if (content.toLines.length > 0) {
    const style = size.flat ? FLAT_DELIVERY_ADDRESS_STYLE : DELIVERY_ADDRESS_STYLE;
    const to = fitBlock(doc, content.toLines, style, deliveryArea.width, deliveryArea.height);
    const x = clamp((size.width - to.width) / 2, deliveryArea.x, deliveryArea.x + deliveryArea.width - to.width);
    const y = clamp(size.height * 0.55 - to.height / 2, deliveryArea.y, deliveryArea.y + deliveryArea.height - to.height);
    drawBlock(doc, to, x, y);
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
