import { decodeIndicium } from '../codec.ts';
import { encodeDataMatrix } from '../datamatrix.ts';
import { mailClassFor } from './humanText.ts';
import type { IndiciumArt } from './indiciumBlock.ts';
import type { pieceSchema } from './options.ts';
import type { Page } from './pages.ts';
import type { z } from 'zod';

/** Draws one checked piece in a layout, in the document's current coordinate space. */
export function drawPiece(doc: PDFKit.PDFDocument, page: Page, piece: z.output<typeof pieceSchema>): void {
  const indicium = decodeIndicium(piece.indicium);
  const art: IndiciumArt = {
    indicium,
    matrix: encodeDataMatrix(piece.indicium),
    mailClass: mailClassFor(indicium, piece.mailClassLabel),
  };
  page.draw(doc, art, { fromLines: piece.from ?? [], toLines: piece.to ?? [], weightOz: piece.weightOz });
}
