import PDFDocument from 'pdfkit';
import { attachStandardFonts } from './fonts.ts';

/** Fixed so that identical input gives identical bytes (pdfkit derives the file id from the info). */
const FIXED_CREATION_DATE = new Date(Date.UTC(2000, 0, 1));

/** One-page document, size in points, no margins, with fixed metadata. */
export function createDocument(widthPt: number, heightPt: number, title: string): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: [widthPt, heightPt],
    margin: 0,
    // Deflating the content stream costs ~20 % of a label's render time and saves ~6 KB: not worth it.
    compress: false,
    // No default font: attachStandardFonts supplies the fonts without re-parsing their metrics.
    font: null as unknown as string,
    info: { Title: title, Producer: 'VBI Meter', Creator: 'VBI Meter', CreationDate: FIXED_CREATION_DATE },
  });
  attachStandardFonts(doc);
  return doc;
}

/** Ends the document and collects its bytes. */
export function finishDocument(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
