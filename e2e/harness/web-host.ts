/**
 * The desktop web host as a child process: the real core and bridge, serving the built renderer
 * on 127.0.0.1 with a per-launch token.
 */
import { startReadyChild } from './child.ts';
import { ROOT } from './paths.ts';

export interface WebHostOptions {
  vaultUrl: string;
  trustDir: string;
  profileDir: string;
  printDir: string;
}

export interface WebHost {
  /** `http://127.0.0.1:PORT/?token=...` of the running process. */
  readonly url: string;
  output(): string;
  stop(): Promise<void>;
}

const READY = /web host: (http:\/\/127\.0\.0\.1:\d+\/\S*)/;

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const args = [
    '--import', 'tsx',
    'apps/desktop/src/web-host/main.ts',
    '--vault', options.vaultUrl,
    '--trust', options.trustDir,
    '--profile', options.profileDir,
    '--print-dir', options.printDir,
    '--port', '0',
  ];
  const child = await startReadyChild('web host', process.execPath, args, {
    cwd: ROOT,
    env: { VBI_PRINT_DIR: options.printDir },
    ready: READY,
    timeoutMs: 60_000,
  });
  return { url: child.match[1] ?? '', output: child.output, stop: child.stop };
}
