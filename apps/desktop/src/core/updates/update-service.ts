/**
 * The one owner of the update status: the last verified feed check (checkForUpdate, the pinned
 * release key) and, where the host can install (Electron), the gated installer behind a port.
 * Hosts without an installer (the web host, tests) only check and report.
 */
import { platform } from 'node:os';
import type { BridgeEvent, UpdateStatus } from '../../shared/contract.ts';
import { describeError, type Log } from '../log.ts';
import { checkForUpdate } from './check-for-update.ts';
import type { UpdatePlatform } from './feed-info.ts';
import type { InstallState } from './gated-installer.ts';
import type { AvailableUpdate, UpdateCheckResult } from './update-result.ts';
import { toUpdateStatus, type InstallProgress } from './update-status.ts';

/** What the service needs of an installer (createGatedInstaller gives one). */
export interface InstallerPort {
  install(verified: AvailableUpdate): Promise<InstallState>;
  restart(): boolean;
}

/** Builds the installer, handing it the listener for its state changes. */
export type InstallerFactory = (onChange: (state: InstallState) => void) => InstallerPort;

export interface UpdateServiceOptions {
  /** The channel folder of the feed, e.g. `http://127.0.0.1:7420/updates/stable/` (the vault may change). */
  feedBaseUrl: () => string;
  releasePublicKeyPem: string;
  currentVersion: string;
  /** The vault transport's fetch (TLS trust of a pinned development certificate). */
  fetch?: typeof fetch;
  installer?: InstallerFactory;
  emit: (event: BridgeEvent) => void;
  log: Log;
}

function hostPlatform(): UpdatePlatform {
  const os = platform();
  return os === 'darwin' || os === 'win32' ? os : 'linux';
}

export class UpdateService {
  private lastCheck: UpdateCheckResult | null = null;
  private install: InstallProgress | undefined;
  private readonly installer: InstallerPort | null;

  constructor(private readonly options: UpdateServiceOptions) {
    this.installer = options.installer ? options.installer((state) => this.installChanged(state)) : null;
    if (this.installer) this.install = { progress: null, canRestart: false };
  }

  /** Checks the signed feed now and says what it found. */
  async status(): Promise<UpdateStatus> {
    try {
      this.lastCheck = await checkForUpdate({
        feedBaseUrl: this.options.feedBaseUrl(),
        platform: hostPlatform(),
        currentVersion: this.options.currentVersion,
        releasePublicKeyPem: this.options.releasePublicKeyPem,
        ...(this.options.fetch === undefined ? {} : { fetch: this.options.fetch }),
      });
      return toUpdateStatus(this.lastCheck, this.install);
    } catch (err) {
      this.options.log.warn('update-check-failed', describeError(err));
      return { status: 'unknown', message: 'Could not check for updates.' };
    }
  }

  /** Checks, tells the UI, and lets the installer fetch a verified release. */
  async checkAndInstall(): Promise<void> {
    this.options.emit({ type: 'update', update: await this.status() });
    const verified = this.lastCheck;
    if (this.installer && verified?.status === 'available') await this.installer.install(verified);
  }

  /** Checks now and then every `everyMs`; returns the function that stops the checks. */
  startChecks(everyMs: number): () => void {
    void this.checkAndInstall();
    const timer = setInterval(() => void this.checkAndInstall(), everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Quits and installs a verified download; false where there is none (or no installer). */
  async restart(): Promise<boolean> {
    return this.installer?.restart() ?? false;
  }

  private installChanged(state: InstallState): void {
    const update = this.statusOfInstall(state);
    if (update) this.options.emit({ type: 'update', update });
  }

  private statusOfInstall(state: InstallState): UpdateStatus | null {
    switch (state.phase) {
      case 'downloading':
      case 'ready':
        this.install = { progress: state.phase === 'ready' ? 1 : state.percent / 100, canRestart: state.phase === 'ready' };
        return this.lastCheck ? toUpdateStatus(this.lastCheck, this.install) : null;
      case 'refused':
        this.install = { progress: null, canRestart: false };
        return { status: 'refused', message: state.reason };
      case 'failed':
        this.install = { progress: null, canRestart: false };
        return { status: 'unknown', message: `The update could not be installed: ${state.reason}.` };
      default:
        return null;
    }
  }
}
