/**
 * The fixtures every spec uses: a real vault (temporary data folder, port 0), a recording link
 * in front of it, the desktop app against that link with its own profile and print folders, and
 * its window. The app runs where the project says (`host`): the web host in Debian's Chromium
 * (project `web`), or Electron (project `electron`, only when ELECTRON_PATH names a binary).
 *
 * Starting a vault costs seconds, so the specs of one worker share one; each spec uses its own
 * usernames, so they cannot see each other's meters. A spec that changes the vault itself
 * (publishing a release, stopping it) asks for its own with `test.use({ ownVault: true })`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import { startTestVault } from '@vbi/vault/testing';
import { launchElectronHost } from './electron-host.ts';
import { ARTIFACTS_DIR } from './paths.ts';
import { startVaultLink, type VaultLink } from './vault-link.ts';
import { startWebHost } from './web-host.ts';

export type TestVault = Awaited<ReturnType<typeof startTestVault>>;
export type HostKind = 'web' | 'electron';

/** Where the app under test keeps its files. */
export interface AppHost {
  kind: HostKind;
  profileDir: string;
  /** The file sink's folder: the "PDF folder" printer writes one PDF per job here. */
  printDir: string;
}

interface AppSession {
  window: Page;
  /** Bridge calls the window sent, in order; null where they cannot be observed (Electron IPC). */
  calls: string[] | null;
}

export interface Fixtures {
  /** Set per project in playwright.config.ts. */
  host: HostKind;
  electronGate: void;
  ownVault: boolean;
  vault: TestVault;
  /** Between the app and the vault: records the ops sent, can drop one answer. */
  vaultLink: VaultLink;
  appHost: AppHost;
  appSession: AppSession;
  /** The app's window, open on the first screen. */
  app: Page;
  /** Names of the bridge calls the window sent to the app's core so far, in order (web host only). */
  bridgeCalls: () => string[];
  /** Saves a full-page screenshot as `e2e/artifacts/<project>--<spec>--<name>.png` and attaches it. */
  snap: (name: string) => Promise<void>;
}

interface WorkerFixtures {
  sharedVault: TestVault;
}

const ELECTRON_PATH = process.env.ELECTRON_PATH;

export const test = base.extend<Fixtures, WorkerFixtures>({
  host: ['web', { option: true }],
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
  // Automatic, so it runs before any vault or app starts for a test that cannot run.
  electronGate: [
    async ({ host }, use, testInfo) => {
      testInfo.skip(host === 'electron' && !ELECTRON_PATH, 'ELECTRON_PATH is not set: no Electron binary on this machine');
      await use();
    },
    { auto: true },
  ],
  appHost: async ({ host }, use, testInfo) => {
    const folders = { kind: host, profileDir: testInfo.outputPath('profile'), printDir: testInfo.outputPath('prints') };
    mkdirSync(folders.profileDir, { recursive: true });
    mkdirSync(folders.printDir, { recursive: true });
    await use(folders);
  },
  // The web host's window is Playwright's `page`; Electron opens its own (the `page` goes unused there).
  appSession: async ({ appHost, vault, vaultLink, page }, use, testInfo) => {
    const where = { vaultUrl: vaultLink.url, trustDir: vault.trustDir, profileDir: appHost.profileDir, printDir: appHost.printDir };
    if (appHost.kind === 'electron') {
      const electron = await launchElectronHost(ELECTRON_PATH ?? '', where);
      await use({ window: electron.window, calls: null });
      await electron.close();
      if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('electron-output', { body: electron.output() });
      return;
    }
    const webHost = await startWebHost(where);
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
    await page.goto(webHost.url);
    await use({ window: page, calls });
    await webHost.stop();
    if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('web-host-output', { body: webHost.output() });
  },
  app: async ({ appSession }, use) => {
    await use(appSession.window);
  },
  bridgeCalls: async ({ appSession }, use, testInfo) => {
    const calls = appSession.calls;
    testInfo.skip(calls === null, 'bridge calls over Electron IPC cannot be observed from the test; the web project covers this');
    await use(() => [...(calls ?? [])]);
  },
  snap: async ({ app }, use, testInfo) => {
    await use((name) => screenshot(app, testInfo, name));
  },
});

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const spec = testInfo.file.split('/').pop()?.replace(/\.spec\.ts$/, '') ?? 'spec';
  const path = join(ARTIFACTS_DIR, `${testInfo.project.name}--${spec}--${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

export { expect };
