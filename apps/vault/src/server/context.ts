/** What every op handler of the meter socket works with: the vault's parts, and the connection's session. */
import type { ModuleBank } from '../bank/module-bank.ts';
import type { MeterPool } from '../bank/meter-pool.ts';
import type { Storage } from '../storage/storage.ts';
import type { VaultLog } from '../log/vault-log.ts';
import type { VaultMetrics } from '../metrics/vault-metrics.ts';
import type { LoginNonce } from './login-nonce.ts';
import type { MeterLocks } from './meter-locks.ts';
import type { RegisterThrottle } from './register-throttle.ts';
import type { SupportServices } from './support-services.ts';

export interface VaultContext {
  storage: Storage;
  bank: ModuleBank;
  pool: MeterPool;
  services: SupportServices;
  /**
   * One request per meter at a time, across all connections and vault processes (SPEC §3.2:
   * BUSY); also one registration per username at a time (`username:<lower-cased name>`).
   */
  locks: MeterLocks;
  /** `register` per client address and in total. */
  registerThrottle: RegisterThrottle;
  metrics: VaultMetrics;
  /** Time zone of "today" for mail dates. */
  timeZone: string;
  log: VaultLog;
  /** Set during shutdown: new requests are refused while the batch in flight finishes. */
  closing: boolean;
  /** Called once an account is registered and answered (the composition root credits demo funds here). */
  onRegistered: (username: string) => Promise<void>;
}

/** Per-connection state: the meter bound by register/login (docs/protocol.md), and the latest unused hello nonce. */
export interface Session {
  /** The client's address (the peer, or the client a trusted proxy names). */
  readonly address: string;
  meterId: string | null;
  loginNonce: LoginNonce | null;
}

/** An answer body as a plain object (support services) or as the module's JCS text with its MAC. */
export type Answer = { body: object } | { bodyJson: string; mac: string };
