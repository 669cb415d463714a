/** A small RFC 4180 CSV reader: quoted fields (with "" escapes and line breaks inside quotes),
 * CRLF or LF line ends, an optional UTF-8 BOM. Streams a file so big OpenAddresses extracts do
 * not have to fit in memory. */
import { createReadStream, readFileSync } from 'node:fs';

export interface CsvRecord {
  fields: string[];
  /** 1-based line number where the record starts. */
  line: number;
  /** True when the file ended inside a quoted field. */
  unterminated: boolean;
  /** Characters of input consumed so far (for progress). */
  offset: number;
}

/** Incremental parser: feed chunks, collect finished records. */
class CsvParser {
  private field = '';
  private fields: string[] = [];
  private inQuotes = false;
  private quoteSeen = false; // a `"` inside a quoted field: end of quotes or first half of `""`
  private fieldStarted = false;
  private line = 1;
  private recordLine = 1;
  private offset = 0;
  private first = true;

  feed(chunk: string, out: CsvRecord[]): void {
    let start = 0;
    if (this.first) {
      this.first = false;
      if (chunk.charCodeAt(0) === 0xfeff) start = 1;
    }
    for (let i = start; i < chunk.length; i++) {
      const c = chunk[i]!;
      this.offset++;
      if (this.inQuotes) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (c === '"') {
            this.field += '"';
            continue;
          }
          this.inQuotes = false; // fall through: c is handled as outside quotes
        } else if (c === '"') {
          this.quoteSeen = true;
          continue;
        } else {
          if (c === '\n') this.line++;
          this.field += c;
          continue;
        }
      }
      if (c === ',') {
        this.fields.push(this.field);
        this.field = '';
        this.fieldStarted = true;
      } else if (c === '\n') {
        this.endRecord(out, false);
        this.line++;
        this.recordLine = this.line;
      } else if (c === '\r') {
        // CR of CRLF: ignored outside quotes
      } else if (c === '"' && this.field === '') {
        this.inQuotes = true;
        this.fieldStarted = true;
      } else {
        this.field += c;
        this.fieldStarted = true;
      }
    }
  }

  finish(out: CsvRecord[]): void {
    const unterminated = this.inQuotes && !this.quoteSeen;
    this.inQuotes = false;
    this.endRecord(out, unterminated);
  }

  private endRecord(out: CsvRecord[], unterminated: boolean): void {
    if (this.fieldStarted || this.field !== '' || this.fields.length > 0) {
      this.fields.push(this.field);
      out.push({ fields: this.fields, line: this.recordLine, unterminated, offset: this.offset });
    }
    this.fields = [];
    this.field = '';
    this.fieldStarted = false;
  }
}

/** Streams the records of a CSV file (blank lines skipped). */
export async function* readCsvFile(path: string): AsyncGenerator<CsvRecord> {
  const parser = new CsvParser();
  const pending: CsvRecord[] = [];
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 })) {
    parser.feed(chunk as string, pending);
    yield* pending.splice(0);
  }
  parser.finish(pending);
  yield* pending;
}

/** Parses a whole (small) CSV text. */
export function parseCsvText(text: string): CsvRecord[] {
  const parser = new CsvParser();
  const out: CsvRecord[] = [];
  parser.feed(text, out);
  parser.finish(out);
  return out;
}

/** Reads a small CSV file with a header into objects keyed by column name. */
export function readCsvObjects(path: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsvText(readFileSync(path, 'utf8'));
  if (!header) return [];
  return rows.map((r) => Object.fromEntries(header.fields.map((name, i) => [name.trim(), r.fields[i] ?? ''])));
}
