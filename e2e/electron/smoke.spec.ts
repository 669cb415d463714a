/**
 * The same app inside Electron: the window opens, the renderer loads through the preload bridge
 * and shows the first-run screen. Runs only where ELECTRON_PATH names an Electron binary
 * (these build machines have none: Electron fetches it on first run, and there is no network).
 */
import { _electron as electron, expect, test } from '@playwright/test';
import { startTestVault } from '@vbi/vault/testing';
import { ARTIFACTS_DIR, DESKTOP_DIR } from '../harness/paths.ts';
import { firstRunHeading } from '../harness/flows.ts';

const electronPath = process.env.ELECTRON_PATH;

test.skip(!electronPath, 'ELECTRON_PATH is not set: no Electron binary on this machine, so the Electron smoke test cannot run');

test('the Electron window opens on the first-run screen', async ({}, testInfo) => {
  const vault = await startTestVault();
  try {
    const app = await electron.launch({
      executablePath: electronPath,
      args: [DESKTOP_DIR, `--user-data-dir=${testInfo.outputPath('user-data')}`],
      env: {
        ...process.env,
        VBI_VAULT_URL: vault.url,
        VBI_TRUST_DIR: vault.trustDir,
        VBI_PRINT_DIR: testInfo.outputPath('prints'),
      },
    });
    try {
      const window = await app.firstWindow();
      await expect(firstRunHeading(window)).toBeVisible();
      // The renderer is sandboxed: no Node in the page.
      expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      await window.screenshot({ path: `${ARTIFACTS_DIR}/electron--smoke--first-run.png` });
    } finally {
      await app.close();
    }
  } finally {
    await vault.stop();
  }
});
