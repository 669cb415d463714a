/**
 * Scenario 6: five wrong passphrases in a row lock the meter (SPEC §3.3: 15 minutes,
 * LOCKED_OUT). The app says so plainly, and nothing else is possible — not even the right
 * passphrase, and no screen past sign-in.
 */
import { expect, test } from '../harness/fixtures.ts';
import { createAccount, fillSignIn, firstRunHeading, PASSPHRASE, signOut, uniqueUsername } from '../harness/flows.ts';

const WRONG = 'not the passphrase at all';

test('five wrong passphrases lock the account out; nothing else is possible', async ({ app, vaultLink, snap }) => {
  const username = uniqueUsername('lock');
  await createAccount(app, username);
  await signOut(app);

  for (let attempt = 1; attempt <= 5; attempt++) {
    await fillSignIn(app, username, WRONG);
    await expect(app.getByRole('alert').first()).toBeVisible();
    await expect(app.getByRole('heading', { name: 'Home', level: 1 })).toHaveCount(0);
  }
  const lockedOut = app.getByRole('alert').filter({ hasText: /locked/i });
  const logins = vaultLink.sentOps().filter((op) => op === 'login').length;
  await expect(lockedOut.first(), `no locked-out message after five wrong passphrases (${logins} of them reached the vault)`).toBeVisible();

  // The right passphrase does not get in either while the lock lasts.
  await fillSignIn(app, username, PASSPHRASE);
  await expect(lockedOut.first()).toBeVisible();
  await expect(firstRunHeading(app)).toBeVisible();
  await expect(app.getByRole('heading', { name: 'Home', level: 1 })).toHaveCount(0);
  await expect(app.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
  await snap('locked-out');
});
