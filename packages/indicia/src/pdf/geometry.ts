/** PDF points per millimetre (72 pt per inch). */
export const PT_PER_MM = 72 / 25.4;

export function mm(value: number): number {
  return value * PT_PER_MM;
}

export function inches(value: number): number {
  return value * 72;
}

/** Data Matrix module edge: SPEC asks ≥ 0.5 mm; 0.65 mm reads well at 300 dpi and on cheap printers. */
export const MODULE_MM = 0.65;
/** Quiet zone kept white around the symbol, in modules (ECC 200 needs 1; we keep 2). */
export const QUIET_ZONE_MODULES = 2;

/** A rectangle on the page, in points, from its top-left corner. */
export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}
