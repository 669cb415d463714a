import PDFDocument from 'pdfkit';

/** The two standard fonts every layout uses (WinAnsi encoding, nothing embedded). */
export const REGULAR = 'Helvetica';
export const BOLD = 'Helvetica-Bold';
const FONTS = [REGULAR, BOLD] as const;

/** The parts of pdfkit 0.20's font cache we reach into (pinned to that exact version in package.json). */
interface FontCacheInternals {
  _fontFamilies: Record<string, object>;
  _fontCount: number;
}

/**
 * pdfkit parses a standard font's metrics (a few thousand kerning pairs) again for every
 * document, which costs more than drawing a whole label. We parse each font once, in a scratch
 * document, and give every new document its own font object (own id, own PDF dictionary) that
 * shares those read-only metrics.
 */
const templates = new Map<string, object>(
  FONTS.map((name) => {
    const scratch = new PDFDocument({ font: name as string });
    return [name, (scratch as unknown as { _font: object })._font];
  }),
);

/** Registers REGULAR and BOLD with a document made with `font: null`, before any text is drawn. */
export function attachStandardFonts(doc: PDFKit.PDFDocument): void {
  const internals = doc as unknown as FontCacheInternals;
  for (const [name, template] of templates) {
    const t = template as Record<string, unknown>;
    const font = Object.create(Object.getPrototypeOf(template)) as Record<string, unknown>;
    Object.assign(font, {
      document: doc,
      name: t.name,
      id: `F${++internals._fontCount}`,
      font: t.font,
      ascender: t.ascender,
      descender: t.descender,
      bbox: t.bbox,
      lineGap: t.lineGap,
      xHeight: t.xHeight,
      capHeight: t.capHeight,
    });
    internals._fontFamilies[name] = font;
  }
  doc.font(REGULAR);
}
