/** Every screen a shipper sees, saved as docs/screens/<name>.png (full page, 1280 px wide). */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '../harness/fixtures.ts';
import {
  addressGroup, buyPreset, composeLetter, createAccount, firstRunHeading, goTo, packageDetails, pickSuggestion, printComposed, typeAddress, uniqueUsername, unfold,
} from '../harness/flows.ts';
import { ROOT } from '../harness/paths.ts';

// A Shopify orders export (one row per line item; Name is the order).
const SHOPIFY_ORDERS = [
  'Name,Email,Lineitem quantity,Lineitem name,Shipping Name,Shipping Address1,Shipping Address2,Shipping City,Shipping Zip,Shipping Province,Shipping Country',
  "#1041,lee@example.com,1,Linen tote,Lee Jordan,650 Turk St,Apt 504,San Francisco,'94102,CA,US",
  '#1041,,1,Gift card,,,,,,,',
  "#1042,pat@example.com,2,Beeswax candle,Pat Example,2175 Kitredge Street,,Berkely,'94704,CA,US",
  "#1043,river@example.com,1,Notebook,River Books,1747 4th Ave,,Oakland,'94606,CA,US",
  "#1044,sam@example.com,1,Mug,Sam Rivera,9999 Octavia St,,San Francisco,'94102,CA,US",
].join('\n');

const shot = (page: Page, name: string) => page.screenshot({ path: join(ROOT, 'docs/screens', `${name}.png`), fullPage: true });

test('the screens of VBI Meter', async ({ app, vault }) => {
  await expect(firstRunHeading(app)).toBeVisible();
  await shot(app, '01-create-account');

  const username = uniqueUsername('acme-shipping');
  await createAccount(app, username);
  await vault.credit(username, 100_000);
  await buyPreset(app, '$50.00');
  await shot(app, '02-home');
  await unfold(app, 'Meter details');
  await shot(app, '03-home-meter-details');

  await goTo(app, 'Address book');
  await app.getByLabel('Import a CSV file').setInputFiles({
    name: 'customers.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('Name,Address1,Address2,City,State,Zip\nLee Jordan,650 Turk St,Apt 504,San Francisco,CA,94102\nPat Example,2175 Kittredge St,,Berkeley,CA,94704\nRiver Books,1747 4th Ave,,Oakland,CA,94606\n'),
  });
  await expect(app.getByRole('heading', { name: 'Saved addresses (3)' })).toBeVisible();
  await shot(app, '04-address-book');

  await composeLetter(app);
  const to = addressGroup(app, 'Delivery address');
  await typeAddress(to, { name: 'Sam Rivera', street: '650 turk stret', city: 'San Francisco', state: 'CA', zip: '' });
  await expect(to.getByRole('listitem').first()).toBeVisible();
  await shot(app, '05-compose-suggestions');
  await typeAddress(to, { name: 'Pat Example', street: '2175 Kitredge Street', city: 'Berkely', state: 'CA', zip: '94704' });
  await pickSuggestion(to, /^2175 KITTREDGE ST, BERKELEY CA 94704/);
  await app.getByRole('button', { name: 'Preview' }).click();
  await expect(app.getByRole('img', { name: 'Preview of page 1 of the postage PDF' })).toBeVisible();
  await shot(app, '06-compose-preview');
  await printComposed(app);
  await shot(app, '07-compose-printed');

  // A package: Ground Advantage in pounds and ounces, measured, on the 4x6 package label.
  await typeAddress(to, { name: 'River Books', street: '1747 4th Ave', city: 'Oakland', state: 'CA', zip: '94606' });
  await pickSuggestion(to, /^1747 4TH AVE, OAKLAND CA 94606/);
  await packageDetails(app);
  await app.getByRole('button', { name: 'Preview' }).click();
  await expect(app.getByRole('img', { name: 'Preview of page 1 of the postage PDF' })).toBeVisible();
  await shot(app, '10-compose-package-preview');

  await goTo(app, 'Batch printing');
  await expect(addressGroup(app, 'Return address').getByLabel('Street address')).not.toHaveValue('');
  await app.getByLabel('Recipients (CSV file)').setInputFiles({ name: 'orders_export.csv', mimeType: 'text/csv', buffer: Buffer.from(SHOPIFY_ORDERS) });
  await app.getByRole('button', { name: 'Check addresses' }).click();
  await expect(app.getByTestId('batch-summary')).toHaveText('3 pieces ready · 1 to fix · 0 left out');
  await shot(app, '11-batch-review');
  await app.getByRole('button', { name: 'Leave out line 6' }).click();
  await app.getByRole('button', { name: 'Price 3 pieces' }).click();
  await app.getByLabel('Printer', { exact: true }).selectOption('file:PDF folder');
  await expect(app.getByTestId('batch-total')).toBeVisible();
  await shot(app, '12-batch-priced');
  await app.getByRole('button', { name: /^Confirm \$[0-9.]+ and print 3 pieces$/ }).click();
  await expect(app.getByTestId('batch-summary')).toHaveText('Batch done: 3 pieces printed');
  await shot(app, '13-batch-done');

  await goTo(app, 'Printer setup');
  await app.getByLabel('Printer', { exact: true }).selectOption('file:PDF folder');
  await app.getByRole('button', { name: '1. Check with the vault' }).click();
  await expect(app.getByRole('status').filter({ hasText: /Supported|Not in the printer database/ })).toBeVisible();
  await shot(app, '08-printer-setup');

  await goTo(app, 'History');
  await app.getByRole('region', { name: 'Postage purchases' }).getByRole('button', { name: 'Receipt P-00001' }).click();
  await expect(app.getByRole('region', { name: 'Receipt P-00001' })).toBeVisible();
  await shot(app, '09-history-and-receipt');

  await goTo(app, 'Settings');
  await expect(app.getByRole('region', { name: 'People' })).toBeVisible();
  await shot(app, '14-settings-people');
});
