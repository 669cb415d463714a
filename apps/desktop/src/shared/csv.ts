/**
 * CSV in and out (RFC 4180, by papaparse): the address book's import/export and History's export.
 * A cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) is written with a
 * leading `'`. Browser-safe.
 */
import Papa from 'papaparse';

const FORMULA = /^[=+\-@\t\r]/;

export function toCsv(header: string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const safe = (cell: string | number) => (typeof cell === 'string' && FORMULA.test(cell) ? `'${cell}` : cell);
  return Papa.unparse({ fields: header, data: rows.map((r) => r.map(safe)) }, { newline: '\r\n' });
}

export interface ParsedCsv {
  /** Each data row by lower-cased header, with its line number in the file (header = line 1). */
  rows: Array<{ line: number; cells: Record<string, string> }>;
  /** Rows that could not be read, with why. */
  problems: Array<{ line: number; reason: string }>;
}

export function parseCsv(text: string): ParsedCsv {
  const result = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const problems = result.errors.map((e) => ({ line: (e.row ?? 0) + 2, reason: e.message }));
  const bad = new Set(result.errors.map((e) => e.row));
  const rows = result.data.flatMap((cells, i) => (bad.has(i) ? [] : [{ line: i + 2, cells }]));
  return { rows, problems };
}
