import type { IndiciumArt } from '../indiciumBlock.ts';
import { BOLD, REGULAR } from '../fonts.ts';
import { mm } from '../geometry.ts';
import type { LayoutContent } from '../options.ts';
import { deliveryAddressArea, drawEnvelope, ENVELOPE_SIZES, envelopeIndiciumArea } from './envelope.ts';

const ENVELOPE_10 = ENVELOPE_SIZES['envelope-10'];

const WIDTH_MM = ENVELOPE_10.width / mm(1);
const HEIGHT_MM = ENVELOPE_10.height / mm(1);
/** Rulers start this far inside the paper edge, past most printers' unprintable margin. */
const RULER_INSET_MM = 6;
/** Top of the instructions; the delivery address stays above it. */
const INSTRUCTIONS_TOP_MM = 74;
/** Right of crosshair A and its label; the delivery address stays right of it. */
const CROSSHAIR_A_CLEAR_MM = 50;

/** Crosshair centres, in mm from the left and top paper edges, as the instructions quote them. */
export const TEST_CROSSHAIRS_MM = {
  A: { x: 25, y: 50 },
  B: { x: 200, y: 85 },
} as const;

const INSTRUCTIONS = [
  `PRINTER ALIGNMENT TEST — print at 100 % (turn off "fit to page"), then measure with a ruler:`,
  `1. From the LEFT paper edge to the centre of crosshair A: it should be ${TEST_CROSSHAIRS_MM.A.x}.0 mm. Offset x = ${TEST_CROSSHAIRS_MM.A.x} minus the measured value.`,
  `2. From the TOP paper edge to the centre of crosshair A: it should be ${TEST_CROSSHAIRS_MM.A.y}.0 mm. Offset y = ${TEST_CROSSHAIRS_MM.A.y} minus the measured value.`,
  `3. A to B must be ${TEST_CROSSHAIRS_MM.B.x - TEST_CROSSHAIRS_MM.A.x}.0 mm across; if not, the printer is scaling the page. The printed rulers count mm from the paper edges.`,
  '4. Enter x and y in mm (positive moves the print right and down), print again, and check the symbol in the dashed box scans.',
];

/** The #10 envelope with crosshairs, mm rulers, the indicium area marked and how to measure the offset. */
export function drawTestEnvelope(doc: PDFKit.PDFDocument, art: IndiciumArt, content: LayoutContent): void {
  const area = deliveryAddressArea(ENVELOPE_10, art);
  const left = Math.max(area.x, mm(CROSSHAIR_A_CLEAR_MM));
  const bottom = Math.min(area.y + area.height, mm(INSTRUCTIONS_TOP_MM - 2));
  drawEnvelope(ENVELOPE_10, doc, art, content, { x: left, y: area.y, width: area.x + area.width - left, height: bottom - area.y });
  const { clear } = envelopeIndiciumArea(ENVELOPE_10, art);

  doc.save();
  doc.lineWidth(0.5).dash(3, { space: 2 }).rect(clear.x, clear.y, clear.width, clear.height).stroke('#000000');
  doc.restore();
  doc.font(REGULAR).fontSize(6).fillColor('#000000');
  doc.text('INDICIUM AREA (keep clear)', clear.x, clear.y + clear.height + 2, { lineBreak: false });

  for (const [name, at] of Object.entries(TEST_CROSSHAIRS_MM)) crosshair(doc, name, at.x, at.y);

  const rightRulerStart = (clear.y + clear.height) / mm(1) + 8;
  const topRulerEnd = clear.x / mm(1) - 4;
  ruler(doc, 'horizontal', RULER_INSET_MM, 0, topRulerEnd, 1);
  ruler(doc, 'horizontal', HEIGHT_MM - RULER_INSET_MM, 0, WIDTH_MM, -1);
  ruler(doc, 'vertical', RULER_INSET_MM, 0, HEIGHT_MM, 1);
  ruler(doc, 'vertical', WIDTH_MM - RULER_INSET_MM, rightRulerStart, HEIGHT_MM, -1);

  doc.font(BOLD).fontSize(7.5).text(INSTRUCTIONS[0] ?? '', mm(40), mm(INSTRUCTIONS_TOP_MM), { lineBreak: false });
  doc.font(REGULAR).fontSize(7);
  INSTRUCTIONS.slice(1).forEach((line, index) => doc.text(line, mm(40), mm(INSTRUCTIONS_TOP_MM + 4.5 + index * 3.4), { lineBreak: false }));
}

function crosshair(doc: PDFKit.PDFDocument, name: string, xMm: number, yMm: number): void {
  const x = mm(xMm);
  const y = mm(yMm);
  doc.lineWidth(0.3);
  doc.moveTo(x - mm(6), y).lineTo(x + mm(6), y).moveTo(x, y - mm(6)).lineTo(x, y + mm(6)).stroke('#000000');
  doc.circle(x, y, mm(3)).stroke('#000000');
  doc.font(BOLD).fontSize(7).fillColor('#000000').text(`${name} (${xMm}, ${yMm} mm)`, x + mm(4), y + mm(1.5), { lineBreak: false });
}

/**
 * A mm ruler whose baseline is `atMm` from the left (vertical) or top (horizontal) edge, ticks
 * every mm from `fromMm` to `toMm` pointing inward (`inward` = +1 right/down, −1 left/up),
 * numbered every 10 mm (from 20) with the distance from the paper edge.
 */
function ruler(doc: PDFKit.PDFDocument, direction: 'horizontal' | 'vertical', atMm: number, fromMm: number, toMm: number, inward: 1 | -1): void {
  const start = Math.ceil(Math.max(fromMm, RULER_INSET_MM));
  const end = Math.floor(Math.min(toMm, (direction === 'horizontal' ? WIDTH_MM : HEIGHT_MM) - RULER_INSET_MM));
  const point = (along: number, across: number): [number, number] =>
    direction === 'horizontal' ? [mm(along), mm(atMm + inward * across)] : [mm(atMm + inward * across), mm(along)];
  doc.lineWidth(0.25);
  doc.moveTo(...point(start, 0)).lineTo(...point(end, 0));
  for (let at = start; at <= end; at++) {
    const length = at % 10 === 0 ? 3 : at % 5 === 0 ? 2 : 1;
    doc.moveTo(...point(at, 0)).lineTo(...point(at, length));
  }
  doc.stroke('#000000');
  doc.font(REGULAR).fontSize(4.5).fillColor('#000000');
  // Numbers start at 20 so the corner where two rulers meet stays readable.
  for (let at = Math.max(20, Math.ceil(start / 10) * 10); at <= end; at += 10) {
    const [x, y] = point(at, 3.6);
    doc.text(String(at), direction === 'horizontal' ? x - 3 : x + (inward === 1 ? 0 : -8), direction === 'horizontal' ? (inward === 1 ? y : y - 6) : y - 2, { lineBreak: false });
  }
}
