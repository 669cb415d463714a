import bwipjs from 'bwip-js/node';
import { IndiciumError } from './errors.ts';

/** A linear barcode as module widths: bars and spaces alternate, starting with a bar. */
export interface LinearBarcode {
  widths: number[];
  /** Total width in modules, without the quiet zones. */
  modules: number;
}

/** Quiet zone on each side of a Code 128 symbol, in modules (ISO/IEC 15417: at least 10). */
export const CODE128_QUIET_ZONE_MODULES = 10;

/** Code 128 of printable ASCII text (bwip-js picks code sets; a run of digits packs two per symbol). */
export function encodeCode128(text: string): LinearBarcode {
  if (!/^[\x20-\x7e]{1,48}$/.test(text)) throw new IndiciumError('Code 128 text must be 1–48 printable ASCII characters');
  const [symbol] = bwipjs.raw({ bcid: 'code128', text });
  if (!symbol || !('sbs' in symbol) || symbol.sbs.length % 2 === 0) throw new IndiciumError('Code 128 encoder gave no bars');
  return { widths: symbol.sbs, modules: symbol.sbs.reduce((sum, w) => sum + w, 0) };
}
