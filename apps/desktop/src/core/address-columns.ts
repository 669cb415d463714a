/**
 * The column names shipping tools give address fields in CSV files, lower case, first match wins:
 * ours (name, street, …), Pirate Ship's spreadsheet columns (Name, Company, Address, Address 2,
 * City, State, Zipcode, Country, Order ID), Shopify's order export (Shipping Name, Shipping
 * Address1, Shipping Address2, Shipping City, Shipping Province, Shipping Zip, Shipping Country),
 * and common spellings besides. Used by the address book's import and the batch's recipients.
 */
import type { MailAddress } from '../shared/contract.ts';

export type AddressColumn = keyof MailAddress | 'company' | 'firstName' | 'lastName' | 'country';

export const ADDRESS_COLUMNS: Record<AddressColumn, string[]> = {
  name: ['name', 'full name', 'recipient', 'recipient name', 'ship to name', 'shipping name'],
  company: ['company', 'company name', 'shipping company'],
  firstName: ['first name', 'shipping first name'],
  lastName: ['last name', 'shipping last name'],
  street: ['street', 'address', 'address1', 'address 1', 'address line 1', 'street address', 'street 1', 'shipping address1', 'shipping address 1', 'shipping street'],
  secondary: ['secondary', 'address2', 'address 2', 'address line 2', 'street 2', 'apartment', 'apt', 'suite', 'unit', 'shipping address2', 'shipping address 2'],
  city: ['city', 'town', 'shipping city'],
  state: ['state', 'province', 'state/province', 'region', 'state code', 'shipping province', 'shipping province code', 'shipping state'],
  zip: ['zip', 'zip code', 'zipcode', 'postal code', 'postcode', 'zip/postal code', 'shipping zip', 'shipping postal code'],
  country: ['country', 'country code', 'shipping country', 'shipping country code'],
};

/** A header as the tables above spell it: lower case, `_`/`-` as spaces, single spaces. */
export function normalizeHeader(header: string): string {
  return header.trim().toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ');
}

/** The first non-blank cell of the row under one of `names` (cells keyed by normalized header). */
export function pickCell(cells: Record<string, string>, names: readonly string[]): string {
  for (const n of names) {
    const v = cells[n];
    if (v !== undefined && v.trim() !== '') return v.trim();
  }
  return '';
}

/** The cells of a parsed CSV row keyed by normalized header. */
export function normalizedCells(cells: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(cells).map(([k, v]) => [normalizeHeader(k), v ?? '']));
}

/** The address in a row: a name from Name, or First + Last Name, or the company. */
export function addressOfRow(cells: Record<string, string>): MailAddress & { company: string; country: string } {
  const pick = (c: AddressColumn) => pickCell(cells, ADDRESS_COLUMNS[c]);
  const company = pick('company');
  const name = pick('name') || [pick('firstName'), pick('lastName')].filter(Boolean).join(' ') || company;
  return { name, company, street: pick('street'), secondary: pick('secondary'), city: pick('city'), state: pick('state'), zip: pick('zip'), country: pick('country') };
}
