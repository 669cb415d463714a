/**
 * Scenario 13: what a new shipper hit (issue 15, "Defects to fix"), through the real UI. Sign-up
 * refuses a licensing ZIP that is no US ZIP and keeps the passphrases on a refusal; misspelled
 * suffixes and whole addresses typed into Street are found, with reasons that are true; a state
 * that does not agree with its ZIP never gets postage; dates are checked in words; the focus
 * follows what the person did; sign-out stays connected and offers the user who left.
 */
import { expect, test } from '../harness/fixtures.ts';
import {
  addressGroup, buyPreset, CORRECTED_RETURN, createAccount, FILE_PRINTER, fillCreateAccount, firstRunHeading, goTo, pickSuggestion,
  PASSPHRASE, passphraseField, pressPrint, RETURN_ADDRESS, signOut, typeAddress, uniqueUsername, unfold,
} from '../harness/flows.ts';

test('sign-up: an unknown licensing ZIP is refused before anything is sent; a refusal keeps the passphrases and goes with the next edit', async ({ app, vaultLink, snap }) => {
  const taken = uniqueUsername('taken');
  await createAccount(app, taken);
  await signOut(app);

  const username = uniqueUsername('zip');
  await fillCreateAccount(app, { username, licenseZip: '00000' });
  await expect(app.getByText('ZIP 00000 is not a US ZIP code.')).toBeVisible();
  await expect(app.getByRole('button', { name: 'Create account' }).last()).toBeDisabled();
  await app.getByLabel('Licensing ZIP code').fill('abcde');
  await expect(app.getByRole('button', { name: 'Create account' }).last()).toBeDisabled();
  await app.getByLabel('Licensing ZIP code').fill('94102');
  await expect(app.getByText('Post office: SAN FRANCISCO, CA.')).toBeVisible();
  expect(vaultLink.sentOps().filter((op) => op === 'register')).toHaveLength(1); // only the first account's

  // The vault refuses a taken username: both passphrases stay, the message goes with the next edit.
  await app.getByLabel('Username').fill(taken);
  await app.getByRole('button', { name: 'Create account' }).last().click();
  const refusal = app.getByRole('alert').filter({ hasText: /taken|already/i });
  await expect(refusal).toBeVisible();
  await expect(refusal).toBeFocused();
  await expect(passphraseField(app)).toHaveValue(PASSPHRASE);
  await expect(app.getByLabel('Passphrase again')).toHaveValue(PASSPHRASE);
  await snap('sign-up-refused-keeps-passphrases');
  await app.getByLabel('Username').fill(username);
  await expect(refusal).toHaveCount(0);
  await app.getByRole('button', { name: 'Create account' }).last().click();
  await expect(app.getByRole('heading', { name: 'Home', level: 1 })).toBeVisible();
});

test('compose: misspellings and whole addresses are found with true reasons; XX with 94102 gets no postage; dates in words', async ({ app, vault, vaultLink, snap }) => {
  const username = uniqueUsername('ship');
  await createAccount(app, username);
  await vault.credit(username, 20_000);
  await buyPreset(app, '$20.00');
  // Home: one balance, jargon folded away.
  await expect(app.getByText('Control total')).toBeHidden();
  await expect(app.getByText('Descending register', { exact: false })).toBeHidden();
  await expect(app.getByTestId('dr')).toHaveText('$20.00');
  await snap('home');

  await goTo(app, 'Compose');
  const from = addressGroup(app, 'Return address');
  await typeAddress(from, RETURN_ADDRESS);
  await pickSuggestion(from, CORRECTED_RETURN);
  await expect(from.getByRole('status').filter({ hasText: 'Address matched' })).toBeFocused();

  const to = addressGroup(app, 'Delivery address');
  await typeAddress(to, { name: 'Sam Turk', street: '650 turk stret', city: 'San Francisco', state: 'CA', zip: '' });
  const turk = to.getByRole('listitem').filter({ hasText: '650 TURK ST, SAN FRANCISCO CA 94102' }).first();
  await expect(turk).toContainText('ZIP code added');
  await expect(turk).toContainText('apartment or suite number missing');
  await expect(turk).not.toContainText('ZIP corrected');
  await snap('compose-suggestion-reasons');

  // A whole address typed into Street is looked up.
  await typeAddress(to, { name: 'Whole Line', street: '7 Octavia St, San Francisco, CA 94102', city: '', state: '', zip: '' });
  await expect(to.getByRole('listitem').getByRole('button', { name: /^7 OCTAVIA ST, SAN FRANCISCO CA 94102/ })).toBeVisible();

  // State XX with ZIP 94102, used as entered: said at once, and Print is refused before any postage.
  await typeAddress(to, { name: 'Wrong State', street: '7 Octavia St', city: 'San Francisco', state: 'XX', zip: '94102' });
  await expect(to.getByText('ZIP 94102 is in CA (SAN FRANCISCO), not XX.')).toBeVisible();
  await to.getByRole('button', { name: 'Use as entered' }).click();
  await app.getByLabel('Printer', { exact: true }).selectOption(FILE_PRINTER);
  await expect(app.getByText(/^Postage:/)).toBeVisible();
  await pressPrint(app, app.getByRole('alert').filter({ hasText: 'the state XX does not match ZIP 94102, which is in CA' }));
  expect(vaultLink.sentOps()).not.toContain('indicium');
  await expect(app.getByTestId('meter-balance')).toHaveText(/^Postage balance: \$20\.00/);

  // A mailing date in the past is said in words, and nothing can be printed with it.
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  await app.getByLabel('Mailing date').fill(yesterday);
  await expect(app.getByText('Pick a mailing date from today to 7 days ahead.').first()).toBeVisible();
  await expect(app.getByRole('button', { name: /^Print postage/ })).toBeDisabled();
  await snap('compose-date-refused');
});

test('sign-out stays connected, offers the user who just left, and the next user starts on Home', async ({ app }) => {
  const first = uniqueUsername('first');
  await createAccount(app, first);
  await goTo(app, 'History');
  await signOut(app);
  await expect(app.getByText('Connected to the postage service.')).toBeVisible();
  await expect(app.getByText(/Not connected/)).toHaveCount(0);
  const second = uniqueUsername('second');
  await createAccount(app, second);
  await expect(app.getByRole('heading', { name: 'Home', level: 1 })).toBeVisible();
  await signOut(app);
  await app.getByRole('group', { name: 'Account' }).getByRole('button', { name: 'Sign in' }).click();
  await expect(app.getByLabel('Username')).toHaveValue(second);
  await expect(firstRunHeading(app)).toHaveText('Sign in');
  await unfold(app, 'Advanced');
  await expect(app.getByLabel('Vault address')).toBeVisible();
});

test('a page opened without the one-time key says how to get in, not to reload', async ({ app, host, context }) => {
  test.skip(host !== 'web', 'the web host only: Electron has no address to open');
  await expect(firstRunHeading(app)).toBeVisible();
  const bare = await context.newPage(); // a new tab: its session storage holds no key
  await bare.goto(new URL('/', app.url()).href);
  await expect(bare.getByRole('alert')).toContainText('Open the address the app printed when it started');
  await expect(bare.getByRole('alert')).not.toContainText(/reload/i);
  await bare.close();
});
