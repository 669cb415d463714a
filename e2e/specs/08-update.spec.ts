/**
 * Scenario 8: a newer release published on the vault is offered in an unobtrusive banner with
 * its version and notes; once the feed is tampered with (the yml edited after it was signed),
 * the app refuses it and says so — it never offers a release it could not verify.
 */
import { writeFileSync } from 'node:fs';
import { expect, test } from '../harness/fixtures.ts';
import { callBridge } from '../harness/bridge-call.ts';
import { firstRunHeading } from '../harness/flows.ts';
import { feedFile, publishRelease, tamperFeed } from '../harness/release.ts';

test.use({ ownVault: true }); // the feed is the vault's: other specs must not see this release

const NOTES = 'End-to-end test release.';

test('a published release shows the update banner; a tampered feed is refused', async ({ app, vault, snap }, testInfo) => {
  await expect(firstRunHeading(app)).toBeVisible();
  const banner = app.getByRole('region', { name: 'Update' });
  await expect(banner).toHaveCount(0);

  const artifact = testInfo.outputPath('VBI-Meter-9.9.9.AppImage');
  writeFileSync(artifact, `not really an AppImage ${Date.now()}\n`);
  await publishRelease({ dataDir: vault.dataDir, channel: 'stable', version: '9.9.9', file: artifact, notes: NOTES });

  // The app checks its feed when it starts; a reload is a fresh start of the window.
  await app.reload();
  await expect(banner).toContainText('Version 9.9.9 available.');
  await expect(banner).toContainText(NOTES);
  await snap('update-banner');

  tamperFeed(feedFile(vault.dataDir, 'stable', 'latest-linux.yml'), (yml) => yml.replace(/size: \d+/, 'size: 1'));
  await app.reload();
  await expect(firstRunHeading(app)).toBeVisible();
  await expect(app.getByText('Version 9.9.9 available.')).toHaveCount(0);
  // The core refused the feed (checked past the UI) …
  const check = await callBridge(app, 'updateStatus', {});
  expect(check.ok ? (check.value as { status: string }).status : check.error.code).toBe('refused');
  // … and the person is told.
  await expect(app.getByText(/refused|could not be verified|signature/i).first(), 'the app says the feed was refused').toBeVisible();
  await snap('tampered-feed-refused');
});
