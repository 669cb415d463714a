import bwipjs from 'bwip-js/node';
import { IndiciumError } from './errors.ts';

/** SPEC §5: a 113-byte indicium always fits a 44×44 ECC 200 symbol, so every label has the same geometry. */
export const INDICIUM_SYMBOL_SIZE = 44;
/** Largest payload of a 44×44 symbol in base-256 mode: 144 data codewords − latch − 1 length byte. */
const MAX_BYTES = 142;
const LATCH_TO_BASE256 = 231;

export interface DataMatrix {
  /** Modules per side, without quiet zone. */
  size: number;
  /** modules[row][column], row 0 at the top; true = dark. */
  modules: boolean[][];
}

/**
 * Encodes bytes as a square 44×44 Data Matrix ECC 200 whose data is one base-256 field, so every
 * value 0x00–0xFF comes back out of any reader exactly. We hand bwip-js the codewords ourselves
 * (its `raw` mode): that skips its encodation search, which costs twice as much as the rest.
 */
export function encodeDataMatrix(bytes: Uint8Array): DataMatrix {
  if (bytes.length === 0 || bytes.length > MAX_BYTES) {
    throw new IndiciumError(`Data Matrix payload must be 1–${MAX_BYTES} bytes, got ${bytes.length}`);
  }
  // raw/rows/columns are BWIPP datamatrix options the bwip-js typings do not list.
  const options: bwipjs.RawOptions & { raw: true; rows: number; columns: number } = {
    bcid: 'datamatrix',
    text: base256Codewords(bytes)
      .map((cw) => `^${String(cw).padStart(3, '0')}`)
      .join(''),
    raw: true,
    rows: INDICIUM_SYMBOL_SIZE,
    columns: INDICIUM_SYMBOL_SIZE,
  };
  const [symbol] = bwipjs.raw(options);
  if (!symbol || !('pixs' in symbol) || symbol.pixx !== INDICIUM_SYMBOL_SIZE || symbol.pixy !== INDICIUM_SYMBOL_SIZE) {
    throw new IndiciumError('Data Matrix encoder did not produce a 44×44 symbol');
  }
  const size = INDICIUM_SYMBOL_SIZE;
  const modules: boolean[][] = [];
  for (let row = 0; row < size; row++) {
    const line: boolean[] = new Array<boolean>(size);
    for (let col = 0; col < size; col++) line[col] = symbol.pixs[row * size + col] === 1;
    modules.push(line);
  }
  return { size, modules };
}

/**
 * ISO/IEC 16022 §5.2.9: latch to base 256, a length byte, then the data; every byte of the field
 * is scrambled with the 255-state algorithm keyed on its codeword position (1-based).
 */
function base256Codewords(bytes: Uint8Array): number[] {
  const field = [bytes.length, ...bytes];
  const codewords = [LATCH_TO_BASE256];
  for (const value of field) {
    const position = codewords.length + 1;
    codewords.push((value + ((149 * position) % 255) + 1) % 256);
  }
  return codewords;
}
