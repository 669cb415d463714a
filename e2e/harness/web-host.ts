/**
 * The desktop web host as a child process: the real core and bridge, serving the built renderer
 * on 127.0.0.1 with a per-launch token. `restart()` starts it again on the same profile (what a
 * person does after the app died), with a new port and token.
 */
import { startReadyChild, type ReadyChild } from './child.ts';
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
  readonly options: WebHostOptions;
  output(): string;
  stop(): Promise<void>;
  /** Ends the process at once (SIGKILL), as a crash would. */
  kill(): Promise<void>;
  restart(): Promise<void>;
}

const READY = /web host: (http:\/\/127\.0\.0\.1:\d+\/\S*)/;

function launch(options: WebHostOptions): Promise<ReadyChild> {
  const args = [
    '--import', 'tsx',
    'apps/desktop/src/web-host/main.ts',
    '--vault', options.vaultUrl,
    '--trust', options.trustDir,
    '--profile', options.profileDir,
    '--print-dir', options.printDir,
    '--port', '0',
  ];
  return startReadyChild('web host', process.execPath, args, {
    cwd: ROOT,
    env: { VBI_PRINT_DIR: options.printDir },
    ready: READY,
    timeoutMs: 60_000,
  });
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  let current = await launch(options);
  return {
    get url() {
      return current.match[1] ?? '';
    },
    options,
    output: () => current.output(),
    stop: () => current.stop(),
    kill: () => current.kill(),
    async restart() {
      await current.stop();
      current = await launch(options);
    },
  };
}
