import type { DataMatrix } from '../datamatrix.ts';
import { QUIET_ZONE_MODULES } from './geometry.ts';

/** Edge of the symbol plus its quiet zone, in points. */
export function symbolExtent(matrix: DataMatrix, modulePt: number): number {
  return (matrix.size + 2 * QUIET_ZONE_MODULES) * modulePt;
}

/**
 * Draws the symbol as vector rectangles, one per horizontal run of dark modules, all in one
 * fill. (x, y) is the top-left of the quiet zone, which is painted white first so nothing
 * printed underneath can reach it.
 */
export function drawDataMatrix(doc: PDFKit.PDFDocument, matrix: DataMatrix, x: number, y: number, modulePt: number): void {
  const extent = symbolExtent(matrix, modulePt);
  doc.save();
  doc.rect(x, y, extent, extent).fill('#ffffff');
  // Work in module units so every rectangle is written with small integers.
  doc.transform(modulePt, 0, 0, modulePt, x + QUIET_ZONE_MODULES * modulePt, y + QUIET_ZONE_MODULES * modulePt);
  matrix.modules.forEach((line, row) => {
    let col = 0;
    while (col < line.length) {
      if (!line[col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < line.length && line[col]) col++;
      doc.rect(start, row, col - start, 1);
    }
  });
  doc.fill('#000000');
  doc.restore();
}
