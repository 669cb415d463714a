/**
 * The composition root of the core: one Session at the bottom, and the services that take it
 * (account, printers, print, support). Hosts (Electron, the web host, tests) build one AppCore
 * and reach it only through the bridge host. Never imports electron.
 */
import type { AppStatus, BridgeEvent, CallOutput } from '../shared/contract.ts';
import { AccountService } from './account/account-service.ts';
import { PrintService } from './print/print-service.ts';
import { PrinterService } from './print/printer-service.ts';
import { PrinterRegistry } from './print/printers.ts';
import type { PrintSink } from './print/sink.ts';
import { PrinterSetupStore } from './profile/printer-setup-store.ts';
import { Session } from './session.ts';
import { SupportService } from './support-service.ts';
import type { TrustBundle } from './trust.ts';
import { toUpdateStatus, verifiedUpdateCheck } from './update-link.ts';
import type { UpdateCheckResult } from './updates/update-result.ts';
import { vaultHttpUrl } from './vault/health.ts';

export interface CoreOptions {
  vaultUrl: string;
  trust: TrustBundle;
  profileDir: string;
  sinks: PrintSink[];
  appVersion?: string;
}

export class AppCore {
  readonly session: Session;
  readonly account: AccountService;
  readonly printers: PrinterService;
  readonly print: PrintService;
  readonly support: SupportService;

  constructor(readonly options: CoreOptions) {
    this.session = new Session({ vaultUrl: options.vaultUrl, trust: options.trust, profileDir: options.profileDir });
    this.printers = new PrinterService(this.session, new PrinterRegistry(options.sinks), new PrinterSetupStore(options.profileDir));
    this.print = new PrintService(this.session, this.printers);
    this.account = new AccountService(this.session, (account, applied) => this.print.recover(account, applied));
    this.support = new SupportService(this.session);
  }

  status(): AppStatus {
    return this.session.status();
  }

  onEvent(listener: (e: BridgeEvent) => void): () => void {
    return this.session.onEvent(listener);
  }

  /** The last verified feed check; the Electron shell reads it before letting electron-updater download. */
  lastUpdateCheck: UpdateCheckResult | null = null;
  /** Set by a host that can install updates (Electron): download progress and restart readiness. */
  installState: { progress: number | null; canRestart: boolean } | undefined;

  async updateStatus(): Promise<CallOutput<'updateStatus'>> {
    try {
      this.lastUpdateCheck = await verifiedUpdateCheck({
        vaultHttpUrl: vaultHttpUrl(this.session.vaultUrl),
        releasePublicKeyPem: this.options.trust.releasePem,
        currentVersion: this.options.appVersion ?? '0.1.0',
      });
      return toUpdateStatus(this.lastUpdateCheck, this.installState);
    } catch {
      return { status: 'unknown', message: 'Could not check for updates.' };
    }
  }

  emit(event: BridgeEvent): void {
    this.session.emit(event);
  }
}
