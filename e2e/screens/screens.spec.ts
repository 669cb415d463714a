/** Every screen a shipper sees, saved as docs/screens/<name>.png (full page, 1280 px wide). */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '../harness/fixtures.ts';
import {
  addressGroup, buyPreset, composeLetter, createAccount, firstRunHeading, goTo, pickSuggestion, printComposed, typeAddress, uniqueUsername, unfold,
} from '../harness/flows.ts';
import { ROOT } from '../harness/paths.ts';

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

  await goTo(app, 'Printer setup');
  await app.getByLabel('Printer', { exact: true }).selectOption('file:PDF folder');
  await app.getByRole('button', { name: '1. Check with the vault' }).click();
  await expect(app.getByRole('status').filter({ hasText: /Supported|Not in the printer database/ })).toBeVisible();
  await shot(app, '08-printer-setup');

  await goTo(app, 'History');
  await app.getByRole('region', { name: 'Postage purchases' }).getByRole('button', { name: 'Receipt P-00001' }).click();
  await expect(app.getByRole('region', { name: 'Receipt P-00001' })).toBeVisible();
  await shot(app, '09-history-and-receipt');
});
