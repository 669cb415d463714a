/**
 * Scenario 9: bad input in the forms — empty, too long, malformed, non-numeric weights,
 * impossible ZIP codes — gets a clear message and sends nothing: no bridge call for what the
 * form itself can refuse, and nothing to the vault for what the core refuses.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../harness/fixtures.ts';
import { createAccount, fillCreateAccount, goTo, uniqueUsername } from '../harness/flows.ts';

/** The browser's own validation message for a field the form refused to submit. */
async function validationMessage(field: Locator): Promise<string> {
  return field.evaluate((el) => (el as HTMLInputElement).validationMessage);
}

// What the vault's rate deck answers (shown where the price would be).
const QUOTE_REFUSED_ZIP = /"00000" is not a known US ZIP code/;
const QUOTE_REFUSED_WEIGHT = /letter weighs at most 3\.5 oz/;

const valueCalls = ['register', 'login', 'buyPostage', 'printPostage', 'refund'];
const valueOps = ['register', 'login', 'purchase', 'indicium', 'refund'];

function sentValueCalls(calls: string[]): string[] {
  return calls.filter((c) => valueCalls.includes(c));
}

async function submitEmptyCreateAccount(page: Page): Promise<void> {
  await page.getByRole('group', { name: 'Account' }).getByRole('button', { name: 'Create account' }).click();
  await page.getByLabel('Username').press('Enter');
}

test('account forms refuse empty, malformed and too long input and send nothing', async ({ app, bridgeCalls, vaultLink, snap }) => {
  // Empty: the browser names the first missing field and the form does not submit.
  await submitEmptyCreateAccount(app);
  expect(await validationMessage(app.getByLabel('Username'))).not.toBe('');

  // Malformed licensing ZIP.
  await fillCreateAccount(app, { username: uniqueUsername('bad'), licenseZip: 'ABCDE' });
  expect(await validationMessage(app.getByLabel('Licensing ZIP code'))).not.toBe('');

  // A passphrase shorter than 10 characters.
  await fillCreateAccount(app, { username: uniqueUsername('bad'), passphrase: 'short', again: 'short' });
  await expect(app.getByRole('button', { name: 'Create account' }).last()).toBeDisabled();

  // The two passphrases differ.
  await fillCreateAccount(app, { username: uniqueUsername('bad'), again: 'something else entirely' });
  await expect(app.getByText('The two passphrases differ.')).toBeVisible();

  // A username longer than 64 characters cannot be typed in.
  await app.getByLabel('Username').fill('u'.repeat(80));
  expect((await app.getByLabel('Username').inputValue()).length).toBeLessThanOrEqual(64);
  expect(sentValueCalls(bridgeCalls())).toEqual([]);

  // A passphrase too long to seal (> 256 characters) reaches the core, which refuses it plainly.
  const tooLong = 'p'.repeat(300);
  await fillCreateAccount(app, { username: uniqueUsername('bad'), passphrase: tooLong });
  await expect(app.getByRole('alert').filter({ hasText: /passphrase/i })).toBeVisible();
  await snap('account-form-refused');
  expect(vaultLink.sentOps().filter((op) => valueOps.includes(op))).toEqual([]);
});

test('buy and compose refuse non-numeric amounts and weights and impossible ZIP codes', async ({ app, bridgeCalls, vaultLink, snap }) => {
  await createAccount(app, uniqueUsername('bad'));
  const amount = app.getByLabel('Other amount (dollars)');
  const buy = app.getByRole('region', { name: 'Buy postage' }).getByRole('button', { name: 'Buy', exact: true });
  for (const text of ['', 'twenty', '0', '-5']) {
    await amount.fill(text);
    await buy.click();
    await expect(amount).toHaveAccessibleDescription(/\S/);
  }
  expect(bridgeCalls()).not.toContain('buyPostage');

  await goTo(app, 'Compose');
  const delivery = app.getByRole('group', { name: 'Delivery address' });
  const weight = app.getByLabel('Ounces');
  const print = app.getByRole('button', { name: /^Print postage/ });

  const noPrice = app.getByText('Enter a delivery ZIP code and weight for a price.');

  // Non-numeric weight: the number field keeps no letters, so there is no weight and no price.
  await delivery.getByLabel('ZIP code').fill('94103');
  await weight.fill('');
  await weight.pressSequentially('abc');
  await expect(weight).toHaveValue('');
  await expect(noPrice).toBeVisible();

  // A letter heavier than 3.5 oz: the vault's rate deck refuses it with a reason.
  await weight.fill('5');
  await expect(app.getByText(QUOTE_REFUSED_WEIGHT)).toBeVisible();
  await expect(print).toBeDisabled();

  // A well-formed ZIP that does not exist.
  await weight.fill('1');
  await delivery.getByLabel('ZIP code').fill('00000');
  await expect(app.getByText(QUOTE_REFUSED_ZIP)).toBeVisible();
  await expect(print).toBeDisabled();

  // Malformed ZIPs: no price asked for, and the earlier refusal must not linger as if it applied.
  for (const zip of ['1234', 'ABCDE']) {
    await delivery.getByLabel('ZIP code').fill(zip);
    await expect.soft(noPrice, `ZIP "${zip}": the message of an earlier quote stays on screen`).toBeVisible();
  }
  await snap('compose-refused');

  expect(bridgeCalls()).not.toContain('printPostage');
  expect(vaultLink.sentOps().filter((op) => op === 'purchase' || op === 'indicium')).toEqual([]);
});
