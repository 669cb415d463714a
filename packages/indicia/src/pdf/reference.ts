/**
 * The tracking-number area's content. We hold no USPS Mailer ID, so we print no IMpb (that would be
 * a fake tracking number); instead a Code 128 reference of the piece — device id and piece number,
 * all read from the signed indicium — under a heading that says what it is (docs/protocol.md).
 */
import type { DecodedIndicium } from '../codec.ts';
import { CODE128_QUIET_ZONE_MODULES, encodeCode128, type LinearBarcode } from '../code128.ts';

export const REFERENCE_HEADING = 'REFERENCE — NOT A USPS TRACKING NUMBER';

export interface PieceReference {
  /** 26 digits: vendor (4), model (4), PSD serial (8), piece number (10); packed two per Code 128 symbol. */
  data: string;
  /** The same digits in their groups, as printed under the bars. */
  text: string;
  barcode: LinearBarcode;
}

const digits = (value: number, width: number) => String(value).padStart(width, '0');

export function pieceReference(d: DecodedIndicium): PieceReference {
  const groups = [digits(d.vendorId, 4), digits(d.model, 4), digits(d.psdSerial, 8), digits(d.pieceNumber, 10)];
  const data = groups.join('');
  return { data, text: groups.join(' '), barcode: encodeCode128(data) };
}

/**
 * Draws the bars as vector rectangles (one fill), their quiet zones painted white first; (x, y) is
 * the top-left of the left quiet zone.
 */
export function drawLinearBarcode(doc: PDFKit.PDFDocument, barcode: LinearBarcode, x: number, y: number, modulePt: number, heightPt: number): void {
  const width = linearBarcodeWidth(barcode, modulePt);
  doc.save();
  doc.rect(x, y, width, heightPt).fill('#ffffff');
  let at = x + CODE128_QUIET_ZONE_MODULES * modulePt;
  barcode.widths.forEach((w, index) => {
    if (index % 2 === 0) doc.rect(at, y, w * modulePt, heightPt);
    at += w * modulePt;
  });
  doc.fill('#000000');
  doc.restore();
}

/** Width of a barcode with its quiet zones, in points. */
export function linearBarcodeWidth(barcode: LinearBarcode, modulePt: number): number {
  return (barcode.modules + 2 * CODE128_QUIET_ZONE_MODULES) * modulePt;
}
