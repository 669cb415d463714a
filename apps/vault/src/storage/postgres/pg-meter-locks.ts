/**
 * SPEC §3.2 BUSY across vault processes: a meter's lock is a PostgreSQL session advisory lock,
 * held on one dedicated connection of this process. Requests of one tick are sent together (one
 * round trip takes and gives back any number of locks); a lock this process already holds is
 * refused without asking. Locks of a process that dies vanish with its session.
 *
 * When the lock connection breaks, its locks are gone on the server: a new connection first
 * takes back every lock a request of ours still holds, and only then new ones.
 */
import { createHash } from 'node:crypto';
import { ProtocolError } from '@vbi/protocol';
import type { MeterLocks } from '../../server/meter-locks.ts';
import { PgPrimary, pgMessage, within, type Sql } from './pg-client.ts';

/** A lock name as a signed 64-bit advisory key (text: int8 does not fit a JavaScript number). */
export function lockKey(name: string): string {
  return createHash('sha256').update(`vbi1:lock:${name}`).digest().readBigInt64BE(0).toString();
}

interface Ask {
  key: string;
  resolve: (ok: boolean) => void;
  reject: (err: Error) => void;
  /** The request gave up waiting (the database is away): a late grant is given back at once. */
  abandoned: boolean;
}

/** How long a request waits for its lock before the vault answers MODULE_UNAVAILABLE. */
const ACQUIRE_TIMEOUT_MS = 3000;

type Reserved = Awaited<ReturnType<Sql['reserve']>>;

export class PgMeterLocks implements MeterLocks {
  /** Names asked for or held by this process, with their keys. */
  private readonly held = new Map<string, string>();
  /** Keys the server granted and we have not given back. */
  private readonly granted = new Set<string>();
  private asks: Ask[] = [];
  private unlocks: string[] = [];
  private sending = false;
  private conn: Reserved | null = null;

  private constructor(private readonly db: PgPrimary, private readonly log: (line: string) => void) {}

  static open(url: string, log: (line: string) => void): PgMeterLocks {
    return new PgMeterLocks(new PgPrimary(url, { max: 1, applicationName: 'vbi-vault-locks' }), log);
  }

  tryAcquire(name: string): Promise<boolean> {
    if (this.held.has(name)) return Promise.resolve(false);
    const key = lockKey(name);
    this.held.set(name, key);
    return new Promise<boolean>((resolve, reject) => {
      const ask: Ask = { key, resolve, reject, abandoned: false };
      const timer = setTimeout(() => {
        ask.abandoned = true;
        reject(new Error('the lock session did not answer in time'));
      }, ACQUIRE_TIMEOUT_MS);
      ask.resolve = (ok) => {
        clearTimeout(timer);
        resolve(ok);
      };
      ask.reject = (err) => {
        clearTimeout(timer);
        reject(err);
      };
      this.asks.push(ask);
      this.kick();
    }).then(
      (ok) => {
        if (ok) this.granted.add(key);
        else this.held.delete(name);
        return ok;
      },
      (err: unknown) => {
        this.held.delete(name);
        this.log(`meter locks: ${pgMessage(err)}`);
        throw new ProtocolError('MODULE_UNAVAILABLE', 'the vault cannot reach its database right now');
      },
    );
  }

  release(name: string): void {
    const key = this.held.get(name);
    if (key === undefined) return;
    this.held.delete(name);
    this.granted.delete(key);
    this.unlocks.push(key);
    this.kick();
  }

  async close(): Promise<void> {
    this.conn?.release();
    await this.db.end();
  }

  private kick(): void {
    if (this.sending) return;
    this.sending = true;
    setImmediate(() => void this.send());
  }

  /** Sends what queued up (unlocks first, in order), then again while more arrived. */
  private async send(): Promise<void> {
    while (this.asks.length > 0 || this.unlocks.length > 0) {
      const asks = this.asks;
      const unlocks = this.unlocks;
      this.asks = [];
      this.unlocks = [];
      try {
        const conn = await this.connection();
        const [, granted] = await Promise.all([
          unlocks.length > 0 ? conn`SELECT pg_advisory_unlock(k::bigint) FROM unnest(${conn.array(unlocks)}::text[]) k` : null,
          asks.length > 0
            ? conn`SELECT pg_try_advisory_lock(k::bigint) AS ok FROM unnest(${conn.array(asks.map((a) => a.key))}::text[]) WITH ORDINALITY AS t(k, i) ORDER BY i`
            : [],
        ]);
        asks.forEach((a, i) => {
          const ok = (granted as Array<{ ok: boolean }>)[i]?.ok === true;
          if (a.abandoned && ok) this.unlocks.push(a.key);
          else a.resolve(ok);
        });
      } catch (err) {
        // The session is gone, and every lock with it (unlocks included); the primary may have changed.
        this.conn = null;
        this.db.reset();
        for (const a of asks) a.reject(err as Error);
      }
    }
    this.sending = false;
  }

  /** The lock session; a new one first takes back the locks our requests still hold. */
  private async connection(): Promise<Reserved> {
    if (this.conn !== null) return this.conn;
    const conn = await within(ACQUIRE_TIMEOUT_MS, (await this.db.sql()).reserve(), 'lock session');
    const mine = [...this.granted];
    if (mine.length > 0) {
      const back = await conn`SELECT pg_try_advisory_lock(k::bigint) AS ok FROM unnest(${conn.array(mine)}::text[]) k`;
      const lost = back.filter((r) => r.ok !== true).length;
      if (lost > 0) this.log(`meter locks: ${lost} lock(s) taken by another process while the lock session was down`);
    }
    this.conn = conn;
    return conn;
  }
}
