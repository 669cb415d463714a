/**
 * `pnpm screens`: the product's screens as PNG files in docs/screens/, made through the real UI
 * (web host, Debian Chromium, a real vault) by screens/screens.spec.ts. Not part of `pnpm test:e2e`.
 */
import { defineConfig } from '@playwright/test';
import base from './playwright.config.ts';
import type { Fixtures } from './harness/fixtures.ts';

export default defineConfig<Pick<Fixtures, 'host'>>({
  ...base,
  reporter: [['list']],
  projects: [{ name: 'screens', testDir: './screens', use: { host: 'web', viewport: { width: 1280, height: 900 } } }],
});
