/** The symbols of a printed PDF, read by packages/indicia's scanner (pdftoppm + dmtxread, independent of our encoder). */
import { scanIndiciaFromPdf } from '../../../../packages/indicia/src/scan.ts';

export async function scanSymbols(pdfPath: string): Promise<Buffer[]> {
  return scanIndiciaFromPdf(pdfPath);
}
