/**
 * The desktop app inside Electron (`_electron.launch` of apps/desktop, the built main and
 * preload), on its own profile and print folders: the host of the `electron` project. Needs
 * ELECTRON_PATH (these build machines have no Electron binary).
 */
import { _electron as electron, type ElectronApplication, type Page } from '@playwright/test';
import { DESKTOP_DIR } from './paths.ts';

export interface ElectronHostOptions {
  vaultUrl: string;
  trustDir: string;
  profileDir: string;
  printDir: string;
}

export interface ElectronHost {
  window: Page;
  output(): string;
  close(): Promise<void>;
}

const OUTPUT_LIMIT = 20_000;

export async function launchElectronHost(executablePath: string, o: ElectronHostOptions): Promise<ElectronHost> {
  const app: ElectronApplication = await electron.launch({
    executablePath,
    args: [DESKTOP_DIR],
    env: {
      ...process.env,
      VBI_VAULT_URL: o.vaultUrl,
      VBI_TRUST_DIR: o.trustDir,
      VBI_PROFILE_DIR: o.profileDir,
      VBI_PRINT_DIR: o.printDir,
    },
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_LIMIT);
  };
  app.process().stdout?.on('data', keep);
  app.process().stderr?.on('data', keep);
  return { window: await app.firstWindow(), output: () => output, close: () => app.close() };
}
