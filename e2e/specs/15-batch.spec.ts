/**
 * Scenario 15: batch printing through the real UI. A Shopify order export is checked into a
 * review table (a misspelled street corrected, a state that is not the ZIP's fixed, a foreign
 * address left out), priced, confirmed and printed as one PDF with a progress bar; every printed
 * piece verifies and History lists them. Package pieces in pounds and ounces on the 4×6 package label.
 */
import { execFileSync } from 'node:child_process';
import { decodeIndicium } from '@vbi/indicia';
import { expect, test } from '../harness/fixtures.ts';
import {
  addressGroup, buyPreset, composeLetter, CORRECTED_RETURN, createAccount, FILE_PRINTER, goTo, packageDetails, pickSuggestion, printComposed, RETURN_ADDRESS, shownQuote, typeAddress, uniqueUsername,
} from '../harness/flows.ts';
import { verifyAgainstVault } from '../harness/indicium-check.ts';
import { printedPdfs, waitForPdfCount } from '../harness/prints.ts';
import { scanIndiciaFromPdf } from '../../packages/indicia/src/scan.ts';

// Shopify's orders export: Name is the order; one row per line item; ZIPs written as '02134.
const SHOPIFY = [
  'Name,Email,Financial Status,Lineitem quantity,Lineitem name,Shipping Name,Shipping Street,Shipping Address1,Shipping Address2,Shipping Company,Shipping City,Shipping Zip,Shipping Province,Shipping Country,Shipping Phone',
  "#1001,pat@example.com,paid,1,Mug,Pat Example,2175 Kitredge Street,2175 Kitredge Street,,,Berkely,'94704,CA,US,",
  '#1001,,,1,Coaster,,,,,,,,,,',
  "#1002,ada@example.com,paid,2,Tea,Ada Office,7 Octavia St,7 Octavia St,,,San Francisco,'94102,NV,US,",
  '#1003,kim@example.com,paid,1,Cup,Kim Abroad,10 Queen St W,10 Queen St W,,,Toronto,M5H 2N2,ON,CA,',
].join('\n');

test('a Shopify export: review, fix, price, confirm and print one PDF with progress; History lists the pieces', async ({ app, vault, appHost, snap }) => {
  const username = uniqueUsername('batch');
  await createAccount(app, username);
  await vault.credit(username, 50_000);
  await buyPreset(app, '$20.00');

  await goTo(app, 'Batch printing');
  const from = addressGroup(app, 'Return address');
  await typeAddress(from, RETURN_ADDRESS);
  await pickSuggestion(from, CORRECTED_RETURN);
  await app.getByLabel('Recipients (CSV file)').setInputFiles({ name: 'orders_export.csv', mimeType: 'text/csv', buffer: Buffer.from(SHOPIFY) });
  await app.getByRole('button', { name: 'Check addresses' }).click();

  const summary = app.getByTestId('batch-summary');
  await expect(summary).toHaveText('1 piece ready · 2 to fix · 0 left out');
  const rows = app.getByRole('row');
  await expect(rows.filter({ hasText: '#1001' })).toContainText('Corrected:');
  await expect(rows.filter({ hasText: '#1002' })).toContainText('ZIP 94102 is in CA (SAN FRANCISCO), not NV.');
  await expect(rows.filter({ hasText: '#1003' })).toContainText('This postage is for US addresses');
  await snap('batch-review');

  // Fix the state of #1002 (line 4 of the file) and leave the Canadian order out.
  await app.getByRole('button', { name: 'Edit line 4' }).click();
  const fix = addressGroup(app, 'Delivery address');
  await fix.getByLabel('State').fill('CA');
  await pickSuggestion(fix, /^7 OCTAVIA ST, SAN FRANCISCO CA 94102/);
  await app.getByRole('button', { name: 'Save and check again' }).click();
  await app.getByRole('button', { name: 'Leave out line 5' }).click();
  await expect(summary).toHaveText('2 pieces ready · 0 to fix · 1 left out');

  await app.getByRole('button', { name: 'Price 2 pieces' }).click();
  await expect(app.getByTestId('batch-total')).toContainText('Total postage for 2 pieces: $1.48');
  await app.getByLabel('Printer', { exact: true }).selectOption(FILE_PRINTER);
  await snap('batch-priced');
  await app.getByRole('button', { name: 'Confirm $1.48 and print 2 pieces' }).click();
  await expect(app.getByRole('progressbar')).toBeVisible();
  await expect(app.getByRole('status').filter({ hasText: 'Printed 2 pieces in one PDF.' })).toBeVisible();
  await expect(summary).toHaveText('Batch done: 2 pieces printed');
  await snap('batch-done');

  const pdf = await waitForPdfCount(appHost.printDir, 1);
  const symbols = await scanIndiciaFromPdf(pdf);
  expect(symbols.map((s) => decodeIndicium(s).pieceNumber)).toEqual([1, 2]);
  for (const s of symbols) await verifyAgainstVault(vault.httpUrl, s); // throws unless it verifies

  await goTo(app, 'History');
  await expect(app.getByRole('row').filter({ hasText: 'Pat Example' })).toContainText(/printed/i);
  await expect(app.getByRole('row').filter({ hasText: 'Ada Office' })).toContainText(/printed/i);
  expect(printedPdfs(appHost.printDir)).toHaveLength(1);
});

test('Compose a package: Ground Advantage, 2 lb 3.5 oz, measured, on the 4×6 package label; previewed, then printed as previewed', async ({ app, vault, appHost }) => {
  const username = uniqueUsername('parcel');
  await createAccount(app, username);
  await vault.credit(username, 50_000);
  await buyPreset(app, '$20.00');
  await buyPreset(app, '$20.00');
  await composeLetter(app);
  await packageDetails(app);
  const price = await shownQuote(app);
  await app.getByRole('button', { name: 'Preview' }).click();
  await expect(app.getByRole('img', { name: 'Preview of page 1 of the postage PDF' })).toBeVisible();
  await expect(app.getByRole('button', { name: `Print postage (${price})` })).toBeEnabled();
  await printComposed(app);
  const pdf = await waitForPdfCount(appHost.printDir, 1);
  expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/Page size:\s+288 x 432 pts/);
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  expect(text).toMatch(/GROUND ADVANTAGE/i);
  expect(text).toContain('2 lb 3.5 oz');
});
