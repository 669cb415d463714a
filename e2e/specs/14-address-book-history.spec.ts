/**
 * Scenario 14: a shipper's daily tools. The address book (add with matching, CSV import with the
 * rows it skipped, export, delete), a piece sent to a saved address, the return address and printer
 * kept across sessions; History found by search and filters, with totals, a CSV export and a
 * receipt for each postage purchase.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '../harness/fixtures.ts';
import {
  addressGroup, buyPreset, composeLetter, CORRECTED_RETURN, createAccount, FILE_PRINTER, goTo, pickSuggestion, printComposed, RETURN_ADDRESS, signIn, signOut, typeAddress, uniqueUsername,
} from '../harness/flows.ts';

const CSV = [
  'Name,Company,Address1,Address2,City,State,Zip',
  'Lee Jordan,,650 Turk St,Apt 504,San Francisco,CA,94102',
  'Pat Example,,2175 Kittredge St,,Berkeley,CA,94704',
  'No Street,,,,Oakland,CA,94606',
].join('\n');

test('address book, a piece to a saved address, return address and printer kept; History search, totals, export, receipts', async ({ app, vault, snap }) => {
  const username = uniqueUsername('book');
  await createAccount(app, username);
  await vault.credit(username, 50_000);
  await buyPreset(app, '$20.00');
  await buyPreset(app, '$10.00');

  await goTo(app, 'Address book');
  await app.getByLabel('Import a CSV file').setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
  await expect(app.getByRole('status').filter({ hasText: 'Imported 2 addresses; 1 skipped' })).toBeVisible();
  await expect(app.getByRole('note', { name: 'Rows not imported' })).toContainText('Line 4: Enter the street address');
  const fresh = addressGroup(app, 'New address');
  await typeAddress(fresh, { name: 'Ada Office', street: '7 octavia street', city: 'San Francisco', state: 'CA', zip: '94102' });
  await pickSuggestion(fresh, /^7 OCTAVIA ST, SAN FRANCISCO CA 94102/);
  await app.getByRole('button', { name: 'Save address' }).click();
  await expect(app.getByRole('heading', { name: 'Saved addresses (3)' })).toBeVisible();
  await snap('address-book');
  const exported = app.waitForEvent('download');
  await app.getByRole('region', { name: /Saved addresses/ }).getByRole('button', { name: 'Export CSV' }).click();
  const csv = readFileSync(await (await exported).path(), 'utf8');
  expect(csv).toMatch(/^name,street,secondary,city,state,zip\r\n/);
  expect(csv).toContain('Lee Jordan,650 Turk St,Apt 504,San Francisco,CA,94102');
  await app.getByRole('button', { name: 'Delete Pat Example' }).click();
  await expect(app.getByRole('heading', { name: 'Saved addresses (2)' })).toBeVisible();

  // A piece to a saved address: picked, checked by the matcher like a typed one, printed.
  await app.getByRole('button', { name: 'Send a piece to Lee Jordan' }).click();
  await expect(app.getByRole('heading', { name: 'Compose', level: 1 })).toBeVisible();
  await expect(addressGroup(app, 'Delivery address').getByLabel('Street address')).toHaveValue('650 Turk St');
  const from = addressGroup(app, 'Return address');
  await typeAddress(from, RETURN_ADDRESS);
  await pickSuggestion(from, CORRECTED_RETURN);
  await pickSuggestion(addressGroup(app, 'Delivery address'), /^650 TURK ST APT 504, SAN FRANCISCO CA 94102/);
  await app.getByLabel('Printer', { exact: true }).selectOption(FILE_PRINTER);
  await expect(app.getByText(/^Postage:/)).toBeVisible();
  await printComposed(app);
  await composeLetter(app);
  await printComposed(app);

  // The return address and printer come back after signing out and in.
  await signOut(app);
  await signIn(app, username);
  await goTo(app, 'Compose');
  await expect(addressGroup(app, 'Return address').getByLabel('Street address')).toHaveValue('7 OCTAVIA ST');
  await expect(app.getByText('Your saved return address')).toBeVisible();
  await expect(app.getByLabel('Printer', { exact: true })).toHaveValue(FILE_PRINTER);
  const picker = app.getByLabel('Deliver to someone in your address book');
  await picker.selectOption({ label: 'Ada Office, 7 OCTAVIA ST, SAN FRANCISCO CA 94102' });
  await expect(addressGroup(app, 'Delivery address').getByLabel('Name')).toHaveValue('Ada Office');
  await snap('compose-saved-return-address');

  await goTo(app, 'History');
  const totals = app.getByRole('status', { name: 'Totals' });
  await expect(totals).toHaveText(/^2 pieces · postage \$1\.48$/);
  await app.getByRole('searchbox', { name: 'Search' }).fill('lee');
  await expect(totals).toHaveText(/^1 piece · postage \$0\.74$/);
  await expect(app.getByRole('table', { name: 'Pieces printed on this computer' }).getByRole('row')).toHaveCount(2);
  await app.getByRole('searchbox', { name: 'Search' }).fill('');
  await app.getByLabel('Status').selectOption('refunded');
  await expect(app.getByText('No piece matches these filters.')).toBeVisible();
  await app.getByRole('button', { name: 'Clear filters' }).click();
  const historyCsv = app.waitForEvent('download');
  await app.getByRole('region', { name: 'Pieces' }).getByRole('button', { name: 'Export CSV' }).click();
  const rows = readFileSync(await (await historyCsv).path(), 'utf8').trim().split('\r\n');
  expect(rows).toHaveLength(3);
  expect(rows[1]).toMatch(/^2,\d{4}-\d\d-\d\d,.*,First-Class Mail letter,.*,0\.74,printed$/);

  const purchases = app.getByRole('region', { name: 'Postage purchases' });
  await expect(purchases.getByRole('row')).toHaveCount(3);
  await purchases.getByRole('button', { name: 'Receipt P-00001' }).click();
  const receipt = app.getByRole('region', { name: 'Receipt P-00001' });
  await expect(receipt.getByTestId('receipt-amount')).toHaveText('$20.00');
  await expect(receipt).toContainText(username);
  await snap('history-receipt');
});
