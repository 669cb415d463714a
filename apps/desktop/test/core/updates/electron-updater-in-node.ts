/**
 * The real electron-updater, run in plain Node: its own classes (AppImageUpdater, its provider, the
 * js-yaml it reads feeds with), loaded from its package, with only the two Electron-bound parts
 * swapped for Node ones, as electron-updater allows: the app adapter (its constructor takes one)
 * and the HTTP executor (node:http instead of Electron's `net`). Nothing here loads `electron`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { request, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { AppUpdater } from 'electron-updater';

const fromUpdater = createRequire(createRequire(import.meta.url).resolve('electron-updater'));

interface DownloadCallOptions {
  headers?: Record<string, string> | null;
  cancellationToken: { createPromise<T>(run: (resolve: (v: T) => void, reject: (e: Error) => void, onCancel: (cb: () => void) => void) => void): Promise<T> };
}

interface BuilderUtilRuntime {
  HttpExecutor: new () => {
    doDownload(options: RequestOptions, call: object, redirectCount: number): void;
  };
  configureRequestUrl(url: URL, options: RequestOptions): void;
  configureRequestOptions(options: RequestOptions): RequestOptions;
}

const runtime = fromUpdater('builder-util-runtime') as BuilderUtilRuntime;

/** builder-util-runtime's HttpExecutor over node:http, the way electron-builder's own Node executor does it. */
class NodeHttpExecutor extends runtime.HttpExecutor {
  createRequest(options: RequestOptions, callback: (response: IncomingMessage) => void): ClientRequest {
    // A fresh socket per request: electron-updater adds a timeout listener to each request's socket.
    return request({ ...options, agent: false }, callback);
  }

  download(url: URL, destination: string, options: DownloadCallOptions): Promise<string> {
    return options.cancellationToken.createPromise<string>((resolve, reject, onCancel) => {
      const requestOptions: RequestOptions = { headers: options.headers ?? undefined };
      runtime.configureRequestUrl(url, requestOptions);
      runtime.configureRequestOptions(requestOptions);
      this.doDownload(
        requestOptions,
        { destination, options, onCancel, callback: (error: Error | null) => (error ? reject(error) : resolve(destination)), responseHandler: null },
        0,
      );
    });
  }
}

/** js-yaml as electron-updater loads it, and electron-builder's `serializeToYaml` over it. */
export const jsYaml = fromUpdater('js-yaml') as { load(text: string): unknown; dump(value: unknown, options: object): string };
export const serializeToYaml = (value: unknown): string => jsYaml.dump(value, { lineWidth: 8000, skipInvalid: false, noRefs: true });

/** electron-updater's generic provider's reading of an update-info text (`parseUpdateInfo`). */
export const parseUpdateInfo = (fromUpdater('./providers/Provider') as { parseUpdateInfo(raw: string, file: string, url: URL): unknown }).parseUpdateInfo;

/**
 * The AppImageUpdater (what the Linux build, an AppImage, gets) of an installed app of `version`,
 * reading the generic feed at `feedUrl`, with its cache and user data under `dir`. Sets
 * `APPIMAGE` (the running AppImage's path, which it reads) for this test process.
 */
export async function nodeAppImageUpdater(opts: { version: string; feedUrl: string; dir: string }): Promise<AppUpdater> {
  await mkdir(opts.dir, { recursive: true });
  process.env.APPIMAGE = join(opts.dir, `VBI-Meter-${opts.version}.AppImage`);
  // What electron-builder writes into resources/app-update.yml for a generic publish config.
  const appUpdateConfigPath = join(opts.dir, 'app-update.yml');
  await writeFile(appUpdateConfigPath, `provider: generic\nurl: ${opts.feedUrl}\nupdaterCacheDirName: vbi-meter-updater\n`);
  const app = {
    version: opts.version,
    name: 'VBI Meter',
    isPackaged: true,
    appUpdateConfigPath,
    userDataPath: join(opts.dir, 'user-data'),
    baseCachePath: join(opts.dir, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => {},
    quit: () => {},
    onQuit: () => {},
  };
  const { AppImageUpdater } = fromUpdater('./AppImageUpdater') as { AppImageUpdater: new (options: null, app: object) => AppUpdater };
  const updater = new AppImageUpdater(null, app);
  (updater as unknown as { httpExecutor: NodeHttpExecutor }).httpExecutor = new NodeHttpExecutor();
  updater.logger = null;
  updater.setFeedURL({ provider: 'generic', url: opts.feedUrl });
  return updater;
}
