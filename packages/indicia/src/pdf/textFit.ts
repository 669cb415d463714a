/**
 * Text that must stay on its line. pdfkit wraps whenever it is given a width (its `lineBreak:
 * false` and `ellipsis` do not stop that), so we measure ourselves: shrink the font within
 * limits, then cut what still does not fit with "…". Nothing is ever drawn wider than asked.
 */
const ELLIPSIS = '…';
const SIZE_STEP = 0.5;

/** `text` cut with "…" so that it fits `maxWidth` in the document's current font and size. */
export function clipToWidth(doc: PDFKit.PDFDocument, text: string, maxWidth: number): string {
  if (doc.widthOfString(text) <= maxWidth) return text;
  let end = text.length;
  while (end > 0 && doc.widthOfString(`${text.slice(0, end).trimEnd()}${ELLIPSIS}`) > maxWidth) end--;
  return `${text.slice(0, end).trimEnd()}${ELLIPSIS}`;
}

/** Draws one line with its top-left at (x, y), never wider than `maxWidth`. */
export function drawLine(doc: PDFKit.PDFDocument, text: string, x: number, y: number, maxWidth: number): void {
  doc.text(clipToWidth(doc, text, maxWidth), x, y, { lineBreak: false });
}

export interface BlockStyle {
  font: string;
  /** Preferred font size, in points. */
  size: number;
  /** Smallest font size the block may shrink to. */
  minSize: number;
  /** Distance between baselines as a multiple of the font size. */
  leading: number;
}

export interface FittedBlock {
  font: string;
  size: number;
  lines: string[];
  /** Distance between the tops of two lines, in points. */
  step: number;
  width: number;
  height: number;
}

/**
 * Lines set in the largest size from `style.size` down to `style.minSize` at which the widest
 * fits `maxWidth` and all of them fit `maxHeight`; a line still too wide at the smallest size
 * is cut. Sets the document's font and size to the result.
 */
export function fitBlock(doc: PDFKit.PDFDocument, lines: readonly string[], style: BlockStyle, maxWidth: number, maxHeight: number): FittedBlock {
  doc.font(style.font);
  const widest = (size: number) => {
    doc.fontSize(size);
    return Math.max(0, ...lines.map((line) => doc.widthOfString(line)));
  };
  let size = style.size;
  while (size > style.minSize && (widest(size) > maxWidth || lines.length * size * style.leading > maxHeight)) {
    size = Math.max(style.minSize, size - SIZE_STEP);
  }
  doc.fontSize(size);
  const fitted = lines.map((line) => clipToWidth(doc, line, maxWidth));
  const step = size * style.leading;
  return {
    font: style.font,
    size,
    lines: fitted,
    step,
    width: Math.max(0, ...fitted.map((line) => doc.widthOfString(line))),
    height: fitted.length * step,
  };
}

/** Draws a fitted block, left-aligned, with its top-left at (x, y). */
export function drawBlock(doc: PDFKit.PDFDocument, block: FittedBlock, x: number, y: number): void {
  doc.font(block.font).fontSize(block.size).fillColor('#000000');
  block.lines.forEach((line, index) => doc.text(line, x, y + index * block.step, { lineBreak: false }));
}
