/**
 * The real UI against a real vault: each spec starts a vault (temporary data folder, port 0)
 * and the desktop web host, and drives Debian's Chromium (Playwright cannot download browsers
 * here). The `electron` project runs the same specs in Electron when ELECTRON_PATH names an
 * Electron binary, and skips them otherwise.
 */
import { defineConfig } from '@playwright/test';
import type { Fixtures } from './harness/fixtures.ts';
import { ARTIFACTS_DIR } from './harness/paths.ts';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig<Pick<Fixtures, 'host'>>({
  globalSetup: './harness/global-setup.ts',
  outputDir: `${ARTIFACTS_DIR}/test-results`,
  // One worker: each spec runs a vault, a web host and Chromium; on 2 cores two at once starve each other.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  // The whole suite must stay under 10 minutes.
  globalTimeout: 9.5 * 60_000,
  reporter: [['list'], ['./reporter.ts']],
  use: {
    headless: true,
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS },
  },
  projects: [
    { name: 'web', testDir: './specs', use: { host: 'web' } },
    // The same specs in Electron, plus Electron's own checks; every test skips without ELECTRON_PATH.
    { name: 'electron', testDir: '.', testMatch: ['specs/**/*.spec.ts', 'electron/**/*.spec.ts'], use: { host: 'electron' } },
  ],
});
