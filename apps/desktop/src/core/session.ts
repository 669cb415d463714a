/**
 * The bottom of the core: the vault connection (client), the signed-in account, the problem
 * shown as a banner, and change events. Services above it (account, print, support) take the
 * session; the session knows none of them.
 */
import type { AppStatus, BridgeEvent } from '../shared/contract.ts';
import type { SignedInAccount } from './account/signed-in.ts';
import { bannerOf, meaningOf } from './error-meanings.ts';
import { AppError, toAppError } from './errors.ts';
import type { Log } from './log.ts';
import { CONNECTION_LOST, VAULT_HALTED, type Problem } from './problems.ts';
import { knownUsernames } from './profile/paths.ts';
import { statusOf } from './status.ts';
import type { TrustBundle } from './trust.ts';
import { VaultClient } from './vault/client.ts';
import { VaultConnection } from './vault/connection.ts';
import { vaultHalted } from './vault/health.ts';
import { checkVaultUrl, vaultTransport, type VaultTransport } from './vault/transport.ts';

export interface SessionOptions {
  vaultUrl: string;
  trust: TrustBundle;
  profileDir: string;
  log: Log;
}

export class Session {
  private url: string;
  private client: VaultClient | null = null;
  private signedIn: SignedInAccount | null = null;
  problem: Problem | null = null;
  private readonly listeners = new Set<(e: BridgeEvent) => void>();
  /** How the vault is reached: TLS trust of the bundle's pinned development certificate, if any. */
  readonly transport: VaultTransport;

  constructor(readonly options: SessionOptions) {
    this.url = options.vaultUrl;
    this.transport = vaultTransport(options.trust);
  }

  get log(): Log {
    return this.options.log;
  }

  get vaultUrl(): string {
    return this.url;
  }

  get account(): SignedInAccount | null {
    return this.signedIn;
  }

  onEvent(listener: (e: BridgeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: BridgeEvent): void {
    for (const l of this.listeners) l(event);
  }

  status(): AppStatus {
    const a = this.signedIn;
    return statusOf({
      vaultUrl: this.url,
      online: this.client?.connection.isOpen ?? false,
      problem: this.problem,
      knownUsers: knownUsernames(this.options.profileDir, this.log),
      meter: a?.meter ?? null,
      waitingPiece: a?.history.waiting() ?? null,
    });
  }

  /** Tells every listener the status changed, and returns it. */
  changed(): AppStatus {
    const status = this.status();
    this.emit({ type: 'status', status });
    return status;
  }

  /** The signed-in account, or a clear error. */
  requireAccount(): SignedInAccount {
    if (!this.signedIn) throw new AppError('AUTH_FAILED', 'Sign in first.');
    return this.signedIn;
  }

  /** Starts the account's session; the vault's halted state is said up front, not only when a value op is refused. */
  async begin(account: SignedInAccount): Promise<void> {
    this.signedIn = account;
    this.problem = (await vaultHalted(this.url, this.log, this.transport.fetch)) ? VAULT_HALTED : null;
  }

  /** Ends the account's session without a word to the vault (sign-out tells it first). */
  end(): SignedInAccount | null {
    const a = this.signedIn;
    this.signedIn = null;
    this.client = null;
    return a;
  }

  /** Points the session at another vault; any session with the old one ends. */
  moveTo(vaultUrl: string): void {
    checkVaultUrl(vaultUrl);
    this.drop();
    this.url = vaultUrl;
  }

  /** A client with a live, verified connection; reconnects when the socket is gone. */
  async ensureClient(): Promise<VaultClient> {
    if (this.client?.connection.isOpen) return this.client;
    if (this.signedIn) {
      // The session died with the socket; the HMK goes with it. Sign in again to go on.
      this.drop();
      throw new AppError('OFFLINE', 'The connection to the vault was lost. Sign in again.');
    }
    try {
      checkVaultUrl(this.url);
      const conn = await VaultConnection.open(this.url, this.log, this.transport.wsOptions);
      const client = new VaultClient(conn, this.options.trust);
      await client.hello();
      conn.onClose(() => {
        if (this.client !== client) return; // closed on purpose: sign-out, another vault, a lost answer
        if (this.signedIn) this.problem = CONNECTION_LOST; // the session dies with the socket
        this.drop();
        this.changed();
      });
      this.client = client;
      this.problem = null;
      return client;
    } catch (err) {
      const e = toAppError(err);
      this.problem = { code: e.code === 'UNTRUSTED_VAULT' || e.code === 'INSECURE_VAULT' ? e.code : 'OFFLINE', message: e.message };
      this.changed();
      throw e;
    }
  }

  /** Runs a vault call and does what its failure means for the session (error-meanings.ts). */
  async track<T>(p: Promise<T>): Promise<T> {
    try {
      return await p;
    } catch (err) {
      let e = toAppError(err);
      switch (meaningOf(e.code).session) {
        case 'show-problem':
          this.problem = bannerOf(e);
          break;
        case 'vault-halted':
          this.problem = bannerOf(e);
          e = new AppError(this.problem.code, this.problem.message);
          break;
        case 'end-session':
          this.problem = bannerOf(e);
          this.drop();
          break;
        default:
          break; // value ops are stopped by the meter account, which saw the answer
      }
      this.changed();
      throw e;
    }
  }

  /** Forgets the account (wiping its HMK) and closes the connection. */
  drop(): void {
    this.signedIn?.meter.wipe();
    this.signedIn = null;
    this.client?.connection.close();
    this.client = null;
  }
}
