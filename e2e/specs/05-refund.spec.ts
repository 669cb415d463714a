/**
 * Scenario 5: refund a printed piece from the history; the descending register goes back up by
 * its postage; a second refund of the same piece is refused (the UI no longer offers it, and
 * the core refuses it when asked anyway) and changes nothing. Before that, the piece is
 * re-printed from the history: the same indicium again, nothing charged, marked re-printed.
 */
import { expect, test } from '../harness/fixtures.ts';
import { callBridge } from '../harness/bridge-call.ts';
import { buyPreset, composeLetter, createAccount, expectRegisters, FILE_PRINTER, goTo, printComposed, printSkippingSetup, uniqueUsername } from '../harness/flows.ts';
import { scanIndicium } from '../harness/pdf-scan.ts';
import { waitForPdfCount } from '../harness/prints.ts';

const POSTAGE = 740; // First-Class letter, 1 oz (RATES.md)

test('re-print and refund a piece: same indicium, then DR goes back up; a second refund is refused', async ({ app, vault, vaultLink, appHost, snap }) => {
  const username = uniqueUsername('refund');
  await createAccount(app, username);
  await vault.credit(username, 20_000);
  await buyPreset(app, '$20.00');
  await composeLetter(app);
  const piece = await printComposed(app);

  await goTo(app, 'History');
  const row = app.getByRole('row').filter({ has: app.getByRole('cell', { name: String(piece), exact: true }) });
  await expect(row.getByRole('cell', { name: 'printed', exact: true })).toBeVisible();
  const printed = await scanIndicium(await waitForPdfCount(appHost.printDir, 1));

  await app.getByLabel('Printer for re-prints').selectOption(FILE_PRINTER);
  const indiciaBefore = vaultLink.sentOps().filter((op) => op === 'indicium').length;
  await printSkippingSetup(app, row.getByRole('button', { name: `Re-print piece ${piece}` }), app.getByRole('status').filter({ hasText: `Piece ${piece} sent to the printer.` }));
  await expect(row.getByRole('cell', { name: 're-printed', exact: true })).toBeVisible();
  const reprinted = await scanIndicium(await waitForPdfCount(appHost.printDir, 2));
  expect(reprinted.equals(printed), 'a re-print carries the very indicium printed first').toBe(true);
  expect(vaultLink.sentOps().filter((op) => op === 'indicium').length, 'a re-print issues no new indicium').toBe(indiciaBefore);

  app.once('dialog', (dialog) => void dialog.accept());
  await row.getByRole('button', { name: `Refund piece ${piece}` }).click();
  await expect(app.getByRole('status').filter({ hasText: 'Refunded $0.74 to your postage balance.' })).toBeVisible();
  await expect(row.getByRole('cell', { name: 'refunded', exact: true })).toBeVisible();
  await expect(row.getByRole('button', { name: `Refund piece ${piece}` })).toHaveCount(0);
  await snap('history-refunded');

  await goTo(app, 'Home');
  await expectRegisters(app, { ar: POSTAGE, dr: 20_000, pieces: 1 });

  // Asked anyway (past the UI, straight to the core), it is refused and nothing moves.
  const second = await callBridge(app, 'refund', { pieceNumber: piece });
  expect(second.ok).toBe(false);
  expect(second.ok ? null : second.error.code).toBe('NOT_REFUNDABLE');
  await app.reload();
  await expectRegisters(app, { ar: POSTAGE, dr: 20_000, pieces: 1 });
});
