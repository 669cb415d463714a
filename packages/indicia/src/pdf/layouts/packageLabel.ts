/**
 * 4 × 6 in package label, as shippers know it from USPS labels: the indicium top right, the
 * service banner between heavy rules (with the service's letter), the return address, SHIP TO in
 * large type, and the tracking-number area at the bottom (our reference barcode: reference.ts).
 */
import { formatWeight } from '@vbi/protocol';
import { BOLD, REGULAR } from '../fonts.ts';
import { inches, mm } from '../geometry.ts';
import { BLOCK_WIDTH, drawIndiciumBlock, type IndiciumArt, indiciumPlacement, type IndiciumPlacement } from '../indiciumBlock.ts';
import type { LayoutContent } from '../options.ts';
import { drawLinearBarcode, linearBarcodeWidth, pieceReference, REFERENCE_HEADING } from '../reference.ts';
import { clipToWidth, drawBlock, drawLine, fitBlock, type BlockStyle } from '../textFit.ts';

export const PACKAGE_LABEL_WIDTH = inches(4);
export const PACKAGE_LABEL_HEIGHT = inches(6);
const MARGIN = mm(5);
/** The indicium sits 4 mm from the right edge so its 3 mm clear zone stays on the label. */
const RIGHT_EDGE = mm(4);
const INNER_WIDTH = PACKAGE_LABEL_WIDTH - 2 * MARGIN;
const HEAVY_RULE = 2;
const BANNER_HEIGHT = mm(13);
const MARK_SIZE = mm(10);
const RETURN_ADDRESS_STYLE: BlockStyle = { font: REGULAR, size: 8, minSize: 6, leading: 10 / 8 };
const RETURN_ADDRESS_MAX_HEIGHT = mm(18);
const SHIP_TO_INDENT = mm(6);
const SHIP_TO_STYLE: BlockStyle = { font: BOLD, size: 12, minSize: 8, leading: 15 / 12 };
/** Helvetica's capitals stand 0.718 of the size tall: their middle is this far below the line's top. */
const CAP_MIDDLE = 0.359;
/** Tracking area: heading, bars, digits; its top rule this far above the bottom margin. */
const TRACKING_HEIGHT = mm(33);
/** Code 128 X-dimension and bar height: within what package sorters read (USPS IMpb asks 0.38–0.53 mm). */
const BAR_MODULE = mm(0.38);
const BAR_HEIGHT = mm(17);

/** The indicium block and the clear zone around it that nothing else enters. */
export function packageLabelIndiciumArea(art: IndiciumArt): IndiciumPlacement {
  return indiciumPlacement(art, PACKAGE_LABEL_WIDTH - RIGHT_EDGE - BLOCK_WIDTH, MARGIN);
}

/** The letter USPS shows in the service square: P, E, G or F; none for other text. */
export function serviceMark(banner: string): string | undefined {
  if (banner.includes('EXPRESS')) return 'E';
  if (banner.includes('GROUND')) return 'G';
  if (banner.includes('PRIORITY')) return 'P';
  if (banner.includes('FIRST-CLASS')) return 'F';
  return undefined;
}

export function drawPackageLabel(doc: PDFKit.PDFDocument, art: IndiciumArt, content: LayoutContent): void {
  const { block, clear } = packageLabelIndiciumArea(art);
  drawIndiciumBlock(doc, art, block.x, block.y);

  let y = clear.y + clear.height + mm(1.5);
  heavyRule(doc, y);
  drawBanner(doc, art.mailClass.toUpperCase(), content.weightOz, y + HEAVY_RULE);
  y += BANNER_HEIGHT;
  heavyRule(doc, y);

  y += mm(3);
  const from = fitBlock(doc, content.fromLines, RETURN_ADDRESS_STYLE, INNER_WIDTH, RETURN_ADDRESS_MAX_HEIGHT);
  drawBlock(doc, from, MARGIN, y);
  y += from.height + mm(3);

  const trackingTop = PACKAGE_LABEL_HEIGHT - MARGIN - TRACKING_HEIGHT;
  doc.font(REGULAR).fontSize(8).fillColor('#000000').text('SHIP TO:', MARGIN, y, { lineBreak: false });
  y += mm(5);
  const to = fitBlock(doc, content.toLines, SHIP_TO_STYLE, INNER_WIDTH - SHIP_TO_INDENT, trackingTop - mm(2) - y);
  drawBlock(doc, to, MARGIN + SHIP_TO_INDENT, y);

  heavyRule(doc, trackingTop);
  drawTrackingArea(doc, art, trackingTop + HEAVY_RULE);
}

function heavyRule(doc: PDFKit.PDFDocument, y: number): void {
  doc.rect(MARGIN, y, INNER_WIDTH, HEAVY_RULE).fill('#000000');
}

/** The service square with its letter, the banner text as large as fits, the weight at the right. */
function drawBanner(doc: PDFKit.PDFDocument, banner: string, weightOz: number | undefined, top: number): void {
  const middle = top + (BANNER_HEIGHT - HEAVY_RULE) / 2;
  let x = MARGIN;
  const mark = serviceMark(banner);
  if (mark !== undefined) {
    doc.rect(x, middle - MARK_SIZE / 2, MARK_SIZE, MARK_SIZE).fill('#000000');
    doc.font(BOLD).fontSize(22).fillColor('#ffffff');
    doc.text(mark, x + (MARK_SIZE - doc.widthOfString(mark)) / 2, middle - 22 * CAP_MIDDLE, { lineBreak: false });
    x += MARK_SIZE + mm(3);
  }
  let right = MARGIN + INNER_WIDTH;
  doc.fillColor('#000000');
  if (weightOz !== undefined) {
    const weight = formatWeight(weightOz);
    doc.font(BOLD).fontSize(9);
    right -= doc.widthOfString(weight);
    doc.text(weight, right, middle - 9 * CAP_MIDDLE, { lineBreak: false });
    right -= mm(3);
  }
  doc.font(BOLD).fontSize(16);
  // The largest half-point size from 16 down to 9 at which the banner fits; below that it is cut.
  const size = Math.max(9, Math.min(16, Math.floor((32 * (right - x)) / doc.widthOfString(banner)) / 2));
  doc.fontSize(size).text(clipToWidth(doc, banner, right - x), x, middle - size * CAP_MIDDLE, { lineBreak: false });
}

/** Heading, the reference bars centred, and their digits. */
function drawTrackingArea(doc: PDFKit.PDFDocument, art: IndiciumArt, top: number): void {
  const reference = pieceReference(art.indicium);
  doc.font(BOLD).fontSize(8).fillColor('#000000');
  drawLine(doc, REFERENCE_HEADING, MARGIN, top + mm(2), INNER_WIDTH);
  const width = linearBarcodeWidth(reference.barcode, BAR_MODULE);
  const barsTop = top + mm(6.5);
  drawLinearBarcode(doc, reference.barcode, MARGIN + (INNER_WIDTH - width) / 2, barsTop, BAR_MODULE, BAR_HEIGHT);
  doc.font(REGULAR).fontSize(9).fillColor('#000000');
  const digitsWidth = doc.widthOfString(reference.text);
  doc.text(reference.text, MARGIN + (INNER_WIDTH - digitsWidth) / 2, barsTop + BAR_HEIGHT + mm(1.5), { lineBreak: false });
}
