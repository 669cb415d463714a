/**
 * The recipients of a batch from a CSV file as shipping tools export them — Pirate Ship's
 * spreadsheet columns, Shopify's order export, or our own address columns — in any column order
 * and letter case. Pure: each row becomes a delivery address with its order reference and weight,
 * or a plain reason it is no recipient. Shopify writes one row per line item: the order's later rows
 * carry no address and are folded into its first.
 */
import { checkWeight } from '@vbi/protocol';
import { mailAddressSchema, type MailAddress } from '../../shared/contract.ts';
import { parseCsv } from '../../shared/csv.ts';
import { plainFieldMessage } from '../../shared/plain-messages.ts';
import { addressOfRow, normalizedCells, pickCell } from '../address-columns.ts';
import { AppError } from '../errors.ts';

export const MAX_BATCH_ROWS = 500;

const ORDER_COLUMNS = ['order id', 'order', 'order number', 'order #', 'order no', 'reference', 'order name'];
const POUND_COLUMNS = ['pounds', 'weight (lb)', 'weight (lbs)', 'weight lb', 'weight lbs', 'lbs', 'lb'];
const OUNCE_COLUMNS = ['ounces', 'weight (oz)', 'weight oz', 'oz'];
const US = new Set(['', 'us', 'usa', 'u.s.', 'u.s.a.', 'united states', 'united states of america']);

export interface Recipient {
  line: number;
  order: string;
  to: MailAddress;
  /** Its own weight from the file, or null (the batch's weight applies). */
  weightOz: number | null;
  /** Why it cannot be mailed as it is (the person fixes or drops it), or null. */
  problem: string | null;
  /** What was read differently from the file (a ZIP's lost leading zero), or null. */
  note: string | null;
}

export interface RecipientsFile {
  recipients: Recipient[];
  /** Lines that could not be read as a row at all. */
  skipped: Array<{ line: number; reason: string }>;
}

/** Spreadsheets drop a ZIP's leading zero (02134 → 2134) and Shopify writes ZIPs as '02134. */
function readZip(raw: string): { zip: string; note: string | null } {
  const zip = raw.replace(/^'/, '').trim();
  if (/^[0-9]{4}(-[0-9]{4})?$/.test(zip)) return { zip: `0${zip}`, note: `ZIP ${zip} read as 0${zip} (a spreadsheet drops the leading zero).` };
  return { zip, note: null };
}

function readWeight(cells: Record<string, string>): { weightOz: number | null; problem: string | null } {
  const lb = pickCell(cells, POUND_COLUMNS);
  const oz = pickCell(cells, OUNCE_COLUMNS);
  if (lb === '' && oz === '') return { weightOz: null, problem: null };
  // An ounces column alone holds the whole weight (Pirate Ship's "Weight (oz)": 20 is 1 lb 4 oz).
  const total = Number(oz);
  const w = lb === '' && /^[0-9.]+$/.test(oz) && Number.isFinite(total) ? checkWeight({ lb: Math.floor(total / 16), oz: total % 16 }) : checkWeight({ lb, oz });
  return w.ok ? { weightOz: w.value, problem: null } : { weightOz: null, problem: `Weight: ${w.message}` };
}

function problemOf(address: MailAddress, country: string): string | null {
  if (!US.has(country.trim().toLowerCase())) return `This postage is for US addresses; the country is ${country}.`;
  if (address.street === '') return 'Add the street address.';
  if (address.zip === '') return 'Add the ZIP code.';
  const parsed = mailAddressSchema.safeParse(address);
  if (parsed.success) return null;
  const path = parsed.error.issues[0]?.path ?? [];
  return path[0] === 'zip' ? `${plainFieldMessage(path)} The file has “${address.zip}”.` : plainFieldMessage(path);
}

/**
 * The address as a row can hold it, to be fixed in the review table rather than refused unseen: each
 * part cut to its field's length, and a ZIP that is none (a foreign postcode) left empty.
 */
const fit = (a: MailAddress): MailAddress => ({
  name: a.name.slice(0, 64),
  street: a.street.slice(0, 100),
  secondary: a.secondary.slice(0, 64),
  city: a.city.slice(0, 64),
  state: a.state.slice(0, 32),
  zip: mailAddressSchema.shape.zip.safeParse(a.zip).success ? a.zip : '',
});

export function parseRecipients(text: string): RecipientsFile {
  const { rows, problems } = parseCsv(text);
  const skipped = [...problems];
  const recipients: Recipient[] = [];
  let lastOrder = '';
  for (const row of rows) {
    const cells = normalizedCells(row.cells);
    // Shopify's "Name" is the order (#1001) when the file has a "Shipping Name".
    const shopify = 'shipping name' in cells || 'shipping address1' in cells;
    const order = pickCell(cells, shopify ? ['name', ...ORDER_COLUMNS] : ORDER_COLUMNS).slice(0, 64);
    const { company: _company, country, ...typed } = addressOfRow(shopify ? { ...cells, name: '' } : cells);
    const blank = typed.street === '' && typed.city === '' && typed.zip === '' && typed.name === '';
    if (blank) {
      // A further line item of the order above, or an empty row: no recipient of its own.
      if (order === '' || order !== lastOrder) skipped.push({ line: row.line, reason: 'No address on this line.' });
      continue;
    }
    lastOrder = order;
    const { zip, note } = readZip(typed.zip);
    const to = { ...typed, zip, state: typed.state.toUpperCase() };
    const weight = readWeight(cells);
    recipients.push({ line: row.line, order, to: fit(to), weightOz: weight.weightOz, problem: problemOf(to, country) ?? weight.problem, note });
  }
  if (recipients.length === 0) throw new AppError('BAD_REQUEST', 'No recipients found in this file. It needs a header row with columns such as Name, Address, City, State and Zip.');
  if (recipients.length > MAX_BATCH_ROWS) {
    throw new AppError('BAD_REQUEST', `A batch holds at most ${MAX_BATCH_ROWS} pieces; this file has ${recipients.length}. Split it into smaller files.`);
  }
  return { recipients, skipped: skipped.sort((a, b) => a.line - b.line) };
}
