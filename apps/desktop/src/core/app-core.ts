/**
 * The composition root of the core: one Session at the bottom, and the services that take it
 * (account, printers, print, support). Hosts (Electron, the web host, tests) build one AppCore
 * and reach it only through the bridge host. Never imports electron.
 */
import type { AppStatus, BridgeEvent } from '../shared/contract.ts';
import { AccountService } from './account/account-service.ts';
import { PeopleService } from './account/people-service.ts';
import { AddressBookService } from './address-book-service.ts';
import { BatchPrinter } from './batch/batch-print.ts';
import { BatchService } from './batch/batch-service.ts';
import { PrintService } from './print/print-service.ts';
import { PrinterService } from './print/printer-service.ts';
import { PrinterRegistry } from './print/printers.ts';
import type { PrintSink } from './print/sink.ts';
import { silentLog, type Log } from './log.ts';
import { PrinterSetupStore } from './profile/printer-setup-store.ts';
import { Session } from './session.ts';
import { SupportService } from './support-service.ts';
import type { TrustBundle } from './trust.ts';
import { UpdateService, type InstallerFactory } from './updates/update-service.ts';
import { vaultHttpUrl } from './vault/health.ts';

export interface CoreOptions {
  vaultUrl: string;
  trust: TrustBundle;
  profileDir: string;
  sinks: PrintSink[];
  appVersion?: string;
  /** Where the host can install updates (Electron): the gated installer. */
  installer?: InstallerFactory;
  /** Where the core writes what it handled without telling the person (default: nowhere). */
  log?: Log;
}

export class AppCore {
  readonly session: Session;
  readonly account: AccountService;
  readonly people: PeopleService;
  readonly printers: PrinterService;
  readonly print: PrintService;
  readonly support: SupportService;
  readonly addressBook: AddressBookService;
  readonly batch: BatchService;
  readonly batchPrinter: BatchPrinter;
  readonly updates: UpdateService;

  constructor(readonly options: CoreOptions) {
    this.session = new Session({ vaultUrl: options.vaultUrl, trust: options.trust, profileDir: options.profileDir, log: options.log ?? silentLog });
    this.printers = new PrinterService(this.session, new PrinterRegistry(options.sinks), new PrinterSetupStore(options.profileDir));
    this.support = new SupportService(this.session);
    this.print = new PrintService(this.session, this.printers, this.support);
    this.people = new PeopleService(this.session);
    this.batch = new BatchService(this.session, this.print, this.support);
    this.batchPrinter = new BatchPrinter(this.session, this.print, this.printers, this.support);
    this.account = new AccountService(
      this.session,
      async (account, reconciled) => {
        if (reconciled.kind === 'applied') await this.print.recover(account, reconciled);
        this.batch.reconcile(account);
      },
      (zip) => this.support.lookupZip({ zip }),
      (account) => this.people.learnWhoIsSignedIn(account),
    );
    this.addressBook = new AddressBookService(this.session);
    this.updates = new UpdateService({
      feedBaseUrl: () => `${vaultHttpUrl(this.session.vaultUrl)}/updates/stable/`,
      releasePublicKeyPem: options.trust.releasePem,
      fetch: this.session.transport.fetch,
      currentVersion: options.appVersion ?? '0.1.0',
      ...(options.installer ? { installer: options.installer } : {}),
      emit: (event) => this.session.emit(event),
      log: this.session.log,
    });
  }

  status(): AppStatus {
    return this.session.status();
  }

  onEvent(listener: (e: BridgeEvent) => void): () => void {
    return this.session.onEvent(listener);
  }
}
