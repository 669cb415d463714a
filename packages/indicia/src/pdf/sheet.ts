/**
 * Sheets with several labels: `letter-2up` is 8.5 × 11 in half-sheet label stock (two 5.5 × 8.5 in
 * labels, top and bottom), each carrying one 4 × 6 in label turned a quarter turn and centred in its
 * half. A turn keeps every length: the symbol's modules stay 0.65 mm.
 */
import { type Area, inches } from './geometry.ts';
import type { Sheet } from './options.ts';

/** One place on a sheet: its area on the page and the transform from label space into it. */
export interface SheetSlot {
  area: Area;
  /** PDF matrix [a, b, c, d, e, f] in pdfkit's top-left, y-down space. */
  transform: [number, number, number, number, number, number];
}

export interface SheetGeometry {
  width: number;
  height: number;
  title: string;
  slots: SheetSlot[];
}

const LETTER_WIDTH = inches(8.5);
const LETTER_HEIGHT = inches(11);
const LABEL_WIDTH = inches(4);
const LABEL_HEIGHT = inches(6);

/**
 * A 4 × 6 label turned a quarter turn counter-clockwise (its top toward the sheet's left edge),
 * centred in `half`: label point (u, v) lands at (x0 + v, y0 + 4 in − u).
 */
function quarterTurnInto(half: Area): SheetSlot {
  const x0 = half.x + (half.width - LABEL_HEIGHT) / 2;
  const y0 = half.y + (half.height - LABEL_WIDTH) / 2;
  return { area: half, transform: [0, -1, 1, 0, x0, y0 + LABEL_WIDTH] };
}

export const SHEET_GEOMETRY: Record<Sheet, SheetGeometry> = {
  'letter-2up': {
    width: LETTER_WIDTH,
    height: LETTER_HEIGHT,
    title: 'Two 4x6 labels on letter paper',
    slots: [
      quarterTurnInto({ x: 0, y: 0, width: LETTER_WIDTH, height: LETTER_HEIGHT / 2 }),
      quarterTurnInto({ x: 0, y: LETTER_HEIGHT / 2, width: LETTER_WIDTH, height: LETTER_HEIGHT / 2 }),
    ],
  },
};
