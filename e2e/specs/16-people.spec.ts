/**
 * Scenario 15: several people on one account (issue 15). The owner adds a clerk in Settings →
 * People; the clerk signs in on the same computer, prints, and sees no Buy (a plain line instead);
 * the owner's History names who printed each piece and filters by person; changing a passphrase
 * works and a recent one is refused in plain words. Then the meter moves to a second profile
 * ("Move my meter to this computer") and keeps printing there, while the first is refused.
 */
import { expect, test } from '../harness/fixtures.ts';
import { buyPreset, composeLetter, createAccount, fillSignIn, goTo, PASSPHRASE, printComposed, signIn, signOut, uniqueUsername } from '../harness/flows.ts';
import { startWebHost } from '../harness/web-host.ts';

const CLERK_PASSPHRASE = 'clerk counter passphrase 7';

test('an admin adds a clerk who prints but cannot buy; the owner sees who printed; a recent passphrase is refused', async ({ app, vault }) => {
  const owner = uniqueUsername('own');
  const clerk = uniqueUsername('clk');
  await createAccount(app, owner);
  await vault.credit(owner, 50_000);
  await buyPreset(app, '$10.00');

  await goTo(app, 'Settings');
  const people = app.getByRole('region', { name: 'People' });
  await people.getByLabel('Their username').fill(clerk);
  await people.getByLabel('Clerk: prints only').check();
  await people.getByLabel('Their passphrase', { exact: true }).fill(CLERK_PASSPHRASE);
  await people.getByLabel('Their passphrase again').fill(CLERK_PASSPHRASE);
  await people.getByRole('button', { name: 'Add person' }).click();
  await expect(app.getByRole('status').filter({ hasText: `${clerk} can now sign in on this computer.` })).toBeVisible();
  await expect(people.getByRole('list', { name: 'People on this account' })).toContainText(`${clerk} · Clerk`);
  await signOut(app);

  await signIn(app, clerk, CLERK_PASSPHRASE);
  await expect(app.getByTestId('clerk-no-buy')).toContainText('Buying postage and refunds are for this account’s admins');
  await expect(app.getByRole('button', { name: 'Buy' })).toHaveCount(0);
  await composeLetter(app);
  const clerkPiece = await printComposed(app);
  await goTo(app, 'Settings');
  await expect(app.getByRole('region', { name: 'People' })).toHaveCount(0);
  await signOut(app);

  await signIn(app, owner);
  await goTo(app, 'History');
  const row = app.getByRole('row').filter({ has: app.getByRole('cell', { name: String(clerkPiece), exact: true }) });
  await expect(row.getByRole('cell', { name: clerk })).toBeVisible();

  await goTo(app, 'Settings');
  const change = app.getByRole('region', { name: 'Change passphrase' });
  const NEXT = 'owner second passphrase 8';
  await change.getByLabel('Current passphrase').fill(PASSPHRASE);
  await change.getByLabel('New passphrase', { exact: true }).fill(NEXT);
  await change.getByLabel('New passphrase again').fill(NEXT);
  await change.getByRole('button', { name: 'Change passphrase' }).click();
  await expect(app.getByRole('status').filter({ hasText: 'Your passphrase is changed' })).toBeVisible();
  await change.getByLabel('Current passphrase').fill(NEXT);
  await change.getByLabel('New passphrase', { exact: true }).fill(PASSPHRASE);
  await change.getByLabel('New passphrase again').fill(PASSPHRASE);
  await change.getByRole('button', { name: 'Change passphrase' }).click();
  await expect(app.getByRole('alert').filter({ hasText: 'That is one of your last 5 passphrases. Choose one you have not used before.' })).toBeVisible();
  await signOut(app);
  await signIn(app, owner, NEXT);
});

test('the meter moves to a second computer and keeps printing there; the first computer is told it moved', async ({ app, vault, vaultLink, host, browser }, testInfo) => {
  test.skip(host !== 'web', 'the second computer is a second web host');
  const owner = uniqueUsername('mov');
  await createAccount(app, owner);
  await vault.credit(owner, 50_000);
  await buyPreset(app, '$10.00');
  await composeLetter(app);
  const first = await printComposed(app);
  await signOut(app);

  const second = await startWebHost({ vaultUrl: vaultLink.url, trustDir: vault.trustDir, profileDir: testInfo.outputPath('profile-2'), printDir: testInfo.outputPath('prints-2') });
  const page = await browser.newPage();
  try {
    await page.goto(second.url);
    await page.getByText('Move my meter to this computer').click();
    await page.getByLabel('Your username').fill(owner);
    await page.getByLabel('Your passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Move meter here' }).click();
    await expect(page.getByRole('heading', { name: 'Home', level: 1 })).toBeVisible();
    await composeLetter(page);
    expect(await printComposed(page)).toBe(first + 1);
  } finally {
    await page.close();
    await second.stop();
  }

  await fillSignIn(app, owner, PASSPHRASE);
  await expect(app.getByRole('alert').filter({ hasText: 'If the meter was moved to another computer, sign in there.' })).toBeVisible();
});
