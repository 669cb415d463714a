/**
 * Scenario 4: the connection drops after the vault committed a piece, before its answer reached
 * the app (the link in front of the vault swallows the answer and closes both sides). On the
 * next sign-in the app reconciles, offers to print the piece, and prints exactly the indicium
 * the vault stored; the postage was charged once.
 */
import { expect, test } from '../harness/fixtures.ts';
import { buyPreset, composeLetter, createAccount, expectRegisters, FILE_PRINTER, firstRunHeading, goTo, pressPrint, printSkippingSetup, signIn, uniqueUsername } from '../harness/flows.ts';
import { verifyAgainstVault } from '../harness/indicium-check.ts';
import { scanIndicium } from '../harness/pdf-scan.ts';
import { printedPdfs, waitForPdfCount } from '../harness/prints.ts';

test('a lost answer is recovered at sign-in and re-prints the stored indicium, charged once', async ({ app, vault, vaultLink, appHost, snap }) => {
  const username = uniqueUsername('lost');
  await createAccount(app, username);
  await vault.credit(username, 20_000);
  await buyPreset(app, '$20.00');
  await composeLetter(app);

  const lostAnswer = vaultLink.dropNextAnswer(/"indicium":"([A-Za-z0-9_-]+)"/);
  // The app lost the answer: it says so, prints nothing, and asks to sign in again.
  await pressPrint(app, app.getByRole('alert').filter({ hasText: /sign in again/i }));
  const stored = Buffer.from(await lostAnswer, 'base64url');
  expect(stored).toHaveLength(113);
  await expect(firstRunHeading(app)).toBeVisible();
  expect(printedPdfs(appHost.printDir)).toEqual([]);

  await signIn(app, username);
  const waiting = app.getByRole('region', { name: 'Piece waiting to print' });
  await expect(waiting).toContainText('is paid for but was not printed');
  await snap('reprint-offered');
  await waiting.getByRole('button', { name: 'Print it now' }).click();
  await expect(app.getByRole('heading', { name: 'History', level: 1 })).toBeVisible();
  await app.getByLabel('Printer for re-prints').selectOption(FILE_PRINTER);
  await printSkippingSetup(app, app.getByRole('button', { name: 'Print piece 1' }), app.getByRole('status').filter({ hasText: 'Piece 1 sent to the printer.' }));

  const reprinted = await scanIndicium(await waitForPdfCount(appHost.printDir, 1));
  expect(reprinted.equals(stored), 'the re-printed indicium is the one the vault stored').toBe(true);
  const { fields } = await verifyAgainstVault(vault.httpUrl, reprinted);
  await expect(waiting).toHaveCount(0);

  // Charged once: one indicium request ever reached the vault, and the registers moved once.
  expect(vaultLink.sentOps().filter((op) => op === 'indicium')).toHaveLength(1);
  await goTo(app, 'Home');
  await expectRegisters(app, { ar: fields.postage, dr: 20_000 - fields.postage, pieces: 1 });
});
