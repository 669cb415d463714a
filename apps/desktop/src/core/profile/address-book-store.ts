/**
 * address-book.json of one account: the saved return address, the printer last used, and the
 * address book. CSV import/export uses the columns name, street, secondary, city, state, zip
 * (plus the names other shipping tools use for them: Address1/Address2, Company, Postal Code, …).
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { addressBookSchema, mailAddressSchema, type AddressBook, type MailAddress } from '../../shared/contract.ts';
import { parseCsv, toCsv } from '../../shared/csv.ts';
import { addressOfRow, normalizedCells } from '../address-columns.ts';
import { plainFieldMessage } from '../../shared/plain-messages.ts';
import { AppError } from '../errors.ts';
import { readJson, writeJsonAtomic } from './json-file.ts';

const EMPTY: AddressBook = { returnAddress: null, printerId: null, entries: [] };
const MAX_ENTRIES = 5000;
const CSV_HEADER = ['name', 'street', 'secondary', 'city', 'state', 'zip'];

export class AddressBookStore {
  private readonly path: string;

  constructor(accountDir: string) {
    this.path = join(accountDir, 'address-book.json');
  }

  read(): AddressBook {
    return readJson(this.path, addressBookSchema) ?? EMPTY;
  }

  /** Adds the address, or replaces the entry with the same id. */
  save(address: MailAddress, id?: string): AddressBook {
    const book = this.read();
    const rest = book.entries.filter((e) => e.id !== id);
    if (id === undefined && rest.length >= MAX_ENTRIES) throw new AppError('BAD_REQUEST', `The address book holds at most ${MAX_ENTRIES} addresses.`);
    return this.write({ ...book, entries: sorted([...rest, { id: id ?? randomUUID(), address }]) });
  }

  remove(id: string): AddressBook {
    const book = this.read();
    if (!book.entries.some((e) => e.id === id)) throw new AppError('NOT_FOUND', 'That address is not in the address book any more.');
    return this.write({ ...book, entries: book.entries.filter((e) => e.id !== id) });
  }

  setPreferences(p: { returnAddress?: MailAddress | null; printerId?: string | null }): AddressBook {
    const book = this.read();
    return this.write({ ...book, ...(p.returnAddress !== undefined ? { returnAddress: p.returnAddress } : {}), ...(p.printerId !== undefined ? { printerId: p.printerId } : {}) });
  }

  /** Adds every readable row; a row that is not an address is skipped with its line and why. */
  importCsv(text: string): { book: AddressBook; added: number; skipped: Array<{ line: number; reason: string }> } {
    const { rows, problems } = parseCsv(text);
    const skipped = [...problems];
    const book = this.read();
    const known = new Set(book.entries.map((e) => key(e.address)));
    const added: AddressBook['entries'] = [];
    for (const { line, cells } of rows) {
      const { company: _c, country: _k, ...address } = addressOfRow(normalizedCells(cells));
      const parsed = mailAddressSchema.safeParse(address);
      if (!parsed.success) {
        skipped.push({ line, reason: plainFieldMessage(parsed.error.issues[0]?.path ?? []) });
        continue;
      }
      if (known.has(key(parsed.data))) {
        skipped.push({ line, reason: 'Already in the address book.' });
        continue;
      }
      known.add(key(parsed.data));
      added.push({ id: randomUUID(), address: parsed.data });
    }
    if (book.entries.length + added.length > MAX_ENTRIES) throw new AppError('BAD_REQUEST', `The address book holds at most ${MAX_ENTRIES} addresses; this file would make it ${book.entries.length + added.length}.`);
    const next = added.length > 0 ? this.write({ ...book, entries: sorted([...book.entries, ...added]) }) : book;
    return { book: next, added: added.length, skipped: skipped.sort((a, b) => a.line - b.line) };
  }

  exportCsv(): string {
    return toCsv(CSV_HEADER, this.read().entries.map(({ address: a }) => [a.name, a.street, a.secondary, a.city, a.state, a.zip]));
  }

  private write(book: AddressBook): AddressBook {
    writeJsonAtomic(this.path, book);
    return book;
  }
}

function key(a: MailAddress): string {
  return [a.name, a.street, a.secondary, a.city, a.state, a.zip].map((s) => s.trim().toUpperCase()).join('|');
}

function sorted(entries: AddressBook['entries']): AddressBook['entries'] {
  return [...entries].sort((a, b) => (a.address.name || a.address.street).localeCompare(b.address.name || b.address.street));
}
