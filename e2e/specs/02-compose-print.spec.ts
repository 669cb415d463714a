/**
 * Scenario 2: compose with a misspelled delivery address, take the suggested correction, see
 * the quote, preview, print to the file sink; then read the printed PDF back like a post office
 * (rasterise, decode the Data Matrix with dmtxread), verify the signature with the certificate
 * the vault publishes, and check the UI's registers equal the indicium's.
 */
import { expect, test } from '../harness/fixtures.ts';
import { buyPreset, composeLetter, createAccount, expectRegisters, goTo, LICENSE_ZIP, moneyText, printComposed, shownQuote, uniqueUsername } from '../harness/flows.ts';
import { verifyAgainstVault } from '../harness/indicium-check.ts';
import { scanIndicium } from '../harness/pdf-scan.ts';
import { waitForPdfCount } from '../harness/prints.ts';

test('compose, correct the address, preview, print; the printed indicium verifies', async ({ app, vault, appHost, snap }) => {
  const username = uniqueUsername('print');
  await createAccount(app, username);
  await vault.credit(username, 20_000);
  await buyPreset(app, '$20.00');

  await composeLetter(app);
  const quote = await shownQuote(app);
  await app.getByRole('button', { name: 'Preview' }).click();
  await expect(app.getByRole('img', { name: 'Preview of page 1 of the postage PDF' })).toBeVisible();
  await snap('preview-before-print');

  const piece = await printComposed(app);
  expect(piece).toBe(1);
  const pdf = await waitForPdfCount(appHost.printDir, 1);

  const indicium = await scanIndicium(pdf);
  const { fields } = await verifyAgainstVault(vault.httpUrl, indicium);
  expect(fields.kind).toBe(1);
  expect(fields.pieceNumber).toBe(1);
  expect(fields.rateCategory).toBe('FCLT');
  expect(fields.originZip).toBe(Number(LICENSE_ZIP));
  expect(Math.floor(fields.destinationZip / 10_000)).toBe(94704);
  expect(quote).toMatch(moneyText(fields.postage));
  expect(fields.ar).toBe(fields.postage);
  expect(fields.dr).toBe(20_000 - fields.postage);

  await goTo(app, 'Home');
  await expectRegisters(app, { ar: fields.ar, dr: fields.dr, pieces: 1 });
  await snap('registers-equal-indicium');
});
