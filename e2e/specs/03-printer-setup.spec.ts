/**
 * Scenario 3: printer setup — choose a printer, check it with the vault, print the test envelope
 * (a kind-2 sample, not postage), nudge the offsets, save; the next postage print uses them:
 * its symbol lands exactly that far from where it landed before setup.
 */
import { expect, test } from '../harness/fixtures.ts';
import { buyPreset, composeLetter, createAccount, FILE_PRINTER, goTo, printComposed, uniqueUsername } from '../harness/flows.ts';
import { scanIndicium, symbolPositionMm } from '../harness/pdf-scan.ts';
import { waitForPdfCount } from '../harness/prints.ts';

const OFFSET = { x: 2, y: 1 }; // mm: 4 nudges right, 2 down, half a millimetre each
/** Corner detection on a 200 dpi raster is good to about a pixel (0.13 mm) per corner. */
const TOLERANCE_MM = 0.4;

test('printer setup stores offsets that the next print uses', async ({ app, vault, appHost, snap }) => {
  const { printDir } = appHost;
  const username = uniqueUsername('setup');
  await createAccount(app, username);
  await vault.credit(username, 20_000);
  await buyPreset(app, '$20.00');

  // A piece before setup (offsets 0), as the reference position.
  await composeLetter(app);
  await printComposed(app);
  const before = await symbolPositionMm(await waitForPdfCount(printDir, 1));

  await goTo(app, 'Printer setup');
  await app.getByLabel('Printer', { exact: true }).selectOption(FILE_PRINTER);
  await expect(app.getByText('Not set up yet.')).toBeVisible();
  await app.getByRole('button', { name: '1. Check with the vault' }).click();
  await expect(app.getByRole('status').filter({ hasText: /Supported|Not in the printer database/ })).toBeVisible();

  await app.getByRole('button', { name: 'Print test envelope' }).click();
  await expect(app.getByRole('status').filter({ hasText: 'Test envelope sent.' })).toBeVisible();
  const sample = await scanIndicium(await waitForPdfCount(printDir, 2));
  expect(sample[48], 'the test envelope carries a kind-2 sample, not postage').toBe(2);

  const nudgeX = app.getByRole('group', { name: 'Nudge X' });
  const nudgeY = app.getByRole('group', { name: 'Nudge Y' });
  for (let i = 0; i < OFFSET.x * 2; i++) await nudgeX.getByRole('button', { name: 'right', exact: true }).click();
  for (let i = 0; i < OFFSET.y * 2; i++) await nudgeY.getByRole('button', { name: 'down', exact: true }).click();
  await expect(app.getByLabel('Horizontal offset X (mm, + moves right)')).toHaveValue(String(OFFSET.x));
  await expect(app.getByLabel('Vertical offset Y (mm, + moves down)')).toHaveValue(String(OFFSET.y));
  await app.getByRole('button', { name: 'The marks line up — save' }).click();
  await expect(app.getByRole('status').filter({ hasText: 'Printer setup saved' })).toBeVisible();
  await expect(app.getByText(`Set up: offsets X ${OFFSET.x} mm, Y ${OFFSET.y} mm.`)).toBeVisible();
  await snap('printer-setup-saved');

  // The next print: no setup prompt any more, and the symbol moved by the saved offsets.
  await composeLetter(app);
  await printComposed(app);
  const after = await symbolPositionMm(await waitForPdfCount(printDir, 3));
  expect(Math.abs(after.x - before.x - OFFSET.x), `moved ${after.x - before.x} mm right`).toBeLessThan(TOLERANCE_MM);
  expect(Math.abs(after.y - before.y - OFFSET.y), `moved ${after.y - before.y} mm down`).toBeLessThan(TOLERANCE_MM);
});
