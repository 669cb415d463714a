/**
 * The fixtures every spec uses: a real vault (temporary data folder, port 0), a recording link
 * in front of it, the desktop web host against that link (its own profile and print folders),
 * and a Chromium page on the app.
 *
 * Starting a vault costs seconds, so the specs of one worker share one; each spec uses its own
 * usernames, so they cannot see each other's meters. A spec that changes the vault itself
 * (publishing a release, stopping it) asks for its own with `test.use({ ownVault: true })`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import { startTestVault } from '@vbi/vault/testing';
import { ARTIFACTS_DIR } from './paths.ts';
import { startVaultLink, type VaultLink } from './vault-link.ts';
import { startWebHost, type WebHost } from './web-host.ts';

export type TestVault = Awaited<ReturnType<typeof startTestVault>>;

export interface Fixtures {
  ownVault: boolean;
  vault: TestVault;
  /** Between the web host and the vault: records the ops sent, can drop one answer. */
  vaultLink: VaultLink;
  webHost: WebHost;
  /** The page, opened on the web host's URL. */
  app: Page;
  /** Names of the bridge calls the page sent to the app's core so far, in order. */
  bridgeCalls: () => string[];
  /** Saves a full-page screenshot as `e2e/artifacts/<project>--<spec>--<name>.png` and attaches it. */
  snap: (name: string) => Promise<void>;
}

interface WorkerFixtures {
  sharedVault: TestVault;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  sharedVault: [
    async ({}, use) => {
      const vault = await startTestVault();
      await use(vault);
      await vault.stop();
    },
    // The first vault of a process also initialises its template (keys, CA, meters).
    { scope: 'worker', timeout: 180_000 },
  ],
  ownVault: [false, { option: true }],
  vault: async ({ ownVault, sharedVault }, use) => {
    if (!ownVault) {
      await use(sharedVault);
      return;
    }
    const vault = await startTestVault();
    await use(vault);
    await vault.stop();
  },
  vaultLink: async ({ vault }, use) => {
    const link = await startVaultLink(vault.url);
    await use(link);
    await link.close();
  },
  webHost: async ({ vault, vaultLink }, use, testInfo) => {
    const profileDir = testInfo.outputPath('profile');
    const printDir = testInfo.outputPath('prints');
    mkdirSync(profileDir, { recursive: true });
    mkdirSync(printDir, { recursive: true });
    const host = await startWebHost({ vaultUrl: vaultLink.url, trustDir: vault.trustDir, profileDir, printDir });
    await use(host);
    await host.stop();
    if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('web-host-output', { body: host.output() });
  },
  bridgeCalls: async ({ page }, use) => {
    const calls: string[] = [];
    page.on('websocket', (ws) =>
      ws.on('framesent', ({ payload }) => {
        try {
          const call = (JSON.parse(String(payload)) as { call?: unknown }).call;
          if (typeof call === 'string') calls.push(call);
        } catch {
          calls.push('(not JSON)');
        }
      }),
    );
    await use(() => [...calls]);
  },
  app: async ({ page, webHost, bridgeCalls }, use) => {
    void bridgeCalls; // recording must start before the page opens its socket
    await page.goto(webHost.url);
    await use(page);
  },
  snap: async ({ page }, use, testInfo) => {
    await use((name) => screenshot(page, testInfo, name));
  },
});

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const spec = testInfo.file.split('/').pop()?.replace(/\.spec\.ts$/, '') ?? 'spec';
  const path = join(ARTIFACTS_DIR, `${testInfo.project.name}--${spec}--${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

export { expect };
