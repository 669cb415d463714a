/**
 * The app's core behind the bridge: connection, account (register/login/logout with
 * reconciliation), postage purchase, the vault's public services, and state pushed as events.
 * Printing lives in print-desk.ts. Never imports electron.
 */
import { rmSync } from 'node:fs';
import { formatDeviceId } from '@vbi/indicia';
import type { AppStatus, BridgeEvent, CallInput, CallOutput } from '../shared/contract.ts';
import { MeterAccount } from './account/meter-account.ts';
import { localKeyUnreadable, noLocalKey, signInError } from './account/sign-in-errors.ts';
import { AppError, toAppError } from './errors.ts';
import { quoteNote } from './mail-classes.ts';
import { PrintDesk } from './print-desk.ts';
import { PrinterRegistry } from './print/printers.ts';
import type { PrintSink } from './print/sink.ts';
import { CONNECTION_LOST, OFFLINE, VAULT_HALTED, type Problem } from './problems.ts';
import { PrinterSetupStore } from './profile/printer-setup-store.ts';
import { AccountStore } from './profile/account-store.ts';
import { HistoryStore } from './profile/history-store.ts';
import { hasHmk, loadHmk, saveHmk } from './profile/hmk-store.ts';
import { knownUsernames } from './profile/paths.ts';
import { reconcile } from './reconcile.ts';
import type { TrustBundle } from './trust.ts';
import { toUpdateStatus, verifiedUpdateCheck } from './update-link.ts';
import type { UpdateCheckResult } from './updates/update-result.ts';
import { newHmk, VaultClient } from './vault/client.ts';
import { VaultConnection } from './vault/connection.ts';
import { checkVaultUrl, vaultTransport, type VaultTransport } from './vault/transport.ts';
import { vaultHalted, vaultHttpUrl } from './vault/health.ts';

export interface CoreOptions {
  vaultUrl: string;
  trust: TrustBundle;
  profileDir: string;
  sinks: PrintSink[];
  appVersion?: string;
}

export class AppCore {
  private vaultUrl: string;
  private client: VaultClient | null = null;
  private account: MeterAccount | null = null;
  private problem: Problem | null = null;
  private readonly listeners = new Set<(e: BridgeEvent) => void>();
  readonly desk: PrintDesk;
  private readonly transport: VaultTransport;

  constructor(readonly options: CoreOptions) {
    this.vaultUrl = options.vaultUrl;
    this.transport = vaultTransport(options.trust);
    this.desk = new PrintDesk(this, new PrinterRegistry(options.sinks), new PrinterSetupStore(options.profileDir));
  }

  onEvent(listener: (e: BridgeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: BridgeEvent): void {
    for (const l of this.listeners) l(event);
  }

  /** The signed-in account, or a clear error. */
  requireAccount(): MeterAccount {
    if (!this.account) throw new AppError('AUTH_FAILED', 'Sign in first.');
    return this.account;
  }

  historyOf(account: MeterAccount): HistoryStore {
    return new HistoryStore(account.store.dir);
  }

  status(): AppStatus {
    const a = this.account;
    const online = this.client?.connection.isOpen ?? false;
    const blocked = a?.blocked ?? null;
    const problem = blocked ?? this.problem ?? (a && !online ? OFFLINE : null);
    return {
      vaultUrl: this.vaultUrl,
      online,
      signedIn: a !== null,
      username: a?.account.username ?? null,
      knownUsers: knownUsernames(this.options.profileDir),
      registers: a ? { ...a.registers } : null,
      pieces: a ? a.mirror.pieces : null,
      funds: a?.funds ?? null,
      licenseZip: a?.account.licenseZip ?? null,
      deviceId: a ? formatDeviceId(a.account.deviceId.vendor, a.account.deviceId.model, a.account.deviceId.serial) : null,
      valueOpsBlocked: blocked !== null,
      problem,
      pendingPiece: a ? this.desk.pendingPiece(a) : null,
    };
  }

  pushStatus(): AppStatus {
    const status = this.status();
    this.emit({ type: 'status', status });
    return status;
  }

  /** Opens the socket and checks the vault's identity (hello) against the pinned key. */
  async connect(input: CallInput<'connect'>): Promise<AppStatus> {
    if (input.vaultUrl && input.vaultUrl !== this.vaultUrl) {
      checkVaultUrl(input.vaultUrl);
      this.dropSession();
      this.vaultUrl = input.vaultUrl;
    }
    await this.ensureClient();
    return this.pushStatus();
  }

  async register(input: CallInput<'register'>): Promise<AppStatus> {
    const { profileDir } = this.options;
    if (hasHmk(profileDir, input.username)) {
      throw new AppError('ALREADY_EXISTS', `An account named "${input.username}" is already set up on this computer. Sign in instead.`);
    }
    const client = await this.ensureClient();
    const hmk = newHmk();
    // The key is on disk (sealed) before the vault can act on it: a lost answer cannot strand the meter.
    saveHmk(profileDir, input.username, input.passphrase, hmk);
    const store = new AccountStore(profileDir, input.username);
    let body;
    try {
      body = await this.track(client.register({ ...input, hmk }));
    } catch (err) {
      if (err instanceof AppError && err.code !== 'LOST_ANSWER' && err.code !== 'OFFLINE') {
        // The vault refused: no account exists with this key, so the sealed key goes too.
        rmSync(store.dir, { recursive: true, force: true });
      }
      throw err;
    }
    const account = { username: input.username, meterId: body.meterId, deviceId: body.deviceId, licenseZip: input.licenseZip, certificate: body.certificate };
    store.writeAccount(account);
    const mirror = { meterId: body.meterId, registers: body.registers, pieces: 0, pending: null };
    store.writeMirror(mirror);
    this.account = new MeterAccount(client, hmk, account, store, mirror);
    this.problem = await this.haltedProblem();
    return this.pushStatus();
  }

  async login(input: CallInput<'login'>): Promise<AppStatus> {
    const { profileDir } = this.options;
    // Only what needs no passphrase is checked here: the passphrase is the vault's to judge.
    if (!hasHmk(profileDir, input.username)) throw noLocalKey(input.username);
    const store = new AccountStore(profileDir, input.username);
    const account = store.readAccount();
    const mirror = store.readMirror();
    if (!account || !mirror) {
      throw new AppError('NO_LOCAL_ACCOUNT', `The account "${input.username}" is not complete on this computer. Create a new account instead.`);
    }
    if (this.account) await this.logout();
    if (this.problem?.code === 'LOCKED_OUT') this.problem = null; // the vault says again if it still is
    const client = await this.ensureClient();
    const unlock = () => {
      try {
        return loadHmk(profileDir, input.username, input.passphrase);
      } catch {
        throw localKeyUnreadable();
      }
    };
    let signedIn;
    try {
      signedIn = await this.track(client.login({ username: input.username, passphrase: input.passphrase }, unlock).catch((err: unknown) => {
        throw signInError(err);
      }));
    } catch (err) {
      // An accepted login bound this connection at the vault; a refused answer must not keep it.
      const code = toAppError(err).code;
      if (code === 'ANSWER_REFUSED' || code === 'LOCAL_KEY_UNREADABLE') {
        this.dropSession();
        this.pushStatus();
      }
      throw err;
    }
    const { body, hmk } = signedIn;
    const meter = new MeterAccount(client, hmk, account, store, mirror);
    this.account = meter;
    this.problem = await this.haltedProblem();
    if (body.meterId !== account.meterId) {
      meter.blocked = { code: 'REGISTER_MISMATCH', message: 'The vault answered for a different meter than this computer knows. Value operations are stopped.' };
      return this.pushStatus();
    }
    const result = reconcile(mirror, body);
    if (result.kind === 'mismatch') {
      meter.blocked = { code: 'REGISTER_MISMATCH', message: result.message };
    } else if (result.kind !== 'in-step') {
      meter.settle(body.registers, body.pieces);
      if (result.kind === 'applied') await this.desk.recover(meter, result.pending, result.fetchPiece);
    }
    return this.pushStatus();
  }

  async logout(): Promise<AppStatus> {
    const a = this.account;
    this.account = null;
    this.client = null;
    if (a) {
      try {
        await a.logout();
      } catch {
        // Signing out locally always succeeds; the vault unbinds a closed connection anyway.
      }
    }
    return this.pushStatus();
  }

  async buyPostage(input: CallInput<'buyPostage'>): Promise<AppStatus> {
    const a = this.requireAccount();
    await this.track(a.buy(input.amountMills));
    return this.pushStatus();
  }

  async quote(input: CallInput<'quote'>): Promise<CallOutput<'quote'>> {
    const client = await this.ensureClient();
    const body = await this.track(client.unmaced('ratesQuote', input));
    return { ...body, ...quoteNote(input.mailClass) };
  }

  async matchAddress(input: CallInput<'matchAddress'>): Promise<CallOutput<'matchAddress'>> {
    const client = await this.ensureClient();
    return this.track(client.unmaced('amsMatch', input));
  }

  /** The last verified feed check; the Electron shell reads it before letting electron-updater download. */
  lastUpdateCheck: UpdateCheckResult | null = null;
  /** Set by a host that can install updates (Electron): download progress and restart readiness. */
  installState: { progress: number | null; canRestart: boolean } | undefined;

  async updateStatus(): Promise<CallOutput<'updateStatus'>> {
    try {
      this.lastUpdateCheck = await verifiedUpdateCheck({
        vaultHttpUrl: vaultHttpUrl(this.vaultUrl),
        releasePublicKeyPem: this.options.trust.releasePem,
        fetch: this.transport.fetch,
        currentVersion: this.options.appVersion ?? '0.1.0',
      });
      return toUpdateStatus(this.lastUpdateCheck, this.installState);
    } catch {
      return { status: 'unknown', message: 'Could not check for updates.' };
    }
  }

  /** A client with a live, verified connection; reconnects when the socket is gone. */
  async ensureClient(): Promise<VaultClient> {
    if (this.client?.connection.isOpen) return this.client;
    if (this.account) {
      // The session died with the socket; the HMK goes with it. Sign in again to go on.
      this.dropSession();
      throw new AppError('OFFLINE', 'The connection to the vault was lost. Sign in again.');
    }
    try {
      checkVaultUrl(this.vaultUrl);
      const conn = await VaultConnection.open(this.vaultUrl, this.transport.wsOptions);
      const client = new VaultClient(conn, this.options.trust);
      await client.hello();
      conn.onClose(() => {
        if (this.client !== client) return; // closed on purpose: sign-out, another vault, a lost answer
        if (this.account) this.problem = CONNECTION_LOST; // the session dies with the socket
        this.dropSession();
        this.pushStatus();
      });
      this.client = client;
      this.problem = null;
      return client;
    } catch (err) {
      const e = toAppError(err);
      this.problem = { code: e.code === 'UNTRUSTED_VAULT' || e.code === 'INSECURE_VAULT' ? e.code : 'OFFLINE', message: e.message };
      this.pushStatus();
      throw e;
    }
  }

  /** Runs a vault call and turns state-like failures into the status problem. */
  async track<T>(p: Promise<T>): Promise<T> {
    try {
      return await p;
    } catch (err) {
      let e = toAppError(err);
      if (e.code === 'LOCKED_OUT') this.problem = { code: e.code, message: e.message };
      if (e.code === 'VAULT_HALTED') {
        this.problem = VAULT_HALTED;
        e = new AppError(VAULT_HALTED.code, VAULT_HALTED.message);
      }
      if (e.code === 'LOST_ANSWER' || e.code === 'OFFLINE') {
        this.problem = CONNECTION_LOST;
        this.dropSession();
      }
      this.pushStatus();
      throw e;
    }
  }

  /** Said up front after signing in, not only when a value operation is refused. */
  private async haltedProblem(): Promise<Problem | null> {
    return (await vaultHalted(this.vaultUrl, this.transport.fetch)) ? VAULT_HALTED : null;
  }

  private dropSession(): void {
    this.account?.wipe();
    this.account = null;
    this.client?.connection.close();
    this.client = null;
  }
}
