/** Manufacturing meters and the pool of unassigned ones that `register` draws from. */
import { errorText, type VaultLog } from '../log/vault-log.ts';
import { randomUUID } from 'node:crypto';
import type { Storage } from '../storage/storage.ts';
import type { MintRequest, MintResult } from './messages.ts';

/** A minting module bank: the only modules that hold the CA key. */
export interface Minter {
  mint(request: MintRequest): Promise<MintResult>;
}

/** Mints one meter in a minting module (keys, certificate, sealed package) and stores it, claimed by `poolOwner` when given. */
export async function mintMeter(storage: Storage, bank: Minter, poolOwner?: string): Promise<string> {
  const [serials] = await storage.allocateSerials(1);
  if (serials === undefined) throw new Error('could not allocate serials');
  const meterId = storage.newMeterId?.() ?? randomUUID();
  const minted = await bank.mint({ meterId, ...serials });
  await storage.insertMeter({
    id: meterId,
    state: 'manufactured',
    psdSerial: serials.psdSerial,
    certSerial: serials.certSerial,
    certificatePem: minted.certificatePem,
    sealedPackage: Buffer.from(minted.sealedPackage),
  }, poolOwner);
  return meterId;
}

const QUIET_RETRY_MS = 200;

/**
 * The unassigned meters of this vault process, claimed in the database in its name (so two
 * processes never hand out the same meter). `take` reserves one (minting on demand when the
 * pool is empty); `topUp` refills in the background, one meter at a time and only while the
 * serving bank is quiet (`quiet()`), so minting never holds up value transactions.
 */
export class MeterPool {
  private readonly free: string[] = [];
  private readonly reserved = new Set<string>();
  private filling: Promise<void> | null = null;
  private stopped = false;

  private constructor(
    private readonly storage: Storage,
    private readonly minter: Minter,
    private readonly quiet: () => boolean,
    private readonly target: number,
    /** This vault process (several may share the database): the pool's meters are claimed in its name. */
    private readonly owner: string,
    private readonly log: VaultLog,
  ) {}

  /** A pool with the unassigned meters this process claims in the database now. */
  static async open(o: {
    storage: Storage; minter: Minter; quiet: () => boolean; target: number; owner: string; log: VaultLog;
  }): Promise<MeterPool> {
    const pool = new MeterPool(o.storage, o.minter, o.quiet, o.target, o.owner, o.log);
    await pool.reload();
    return pool;
  }

  get size(): number {
    return this.free.length;
  }

  async take(): Promise<string> {
    if (this.free.length === 0) await this.reload();
    const id = this.free.shift() ?? (await mintMeter(this.storage, this.minter, this.owner));
    // A reload while it was minted may have found it in the database already.
    const twin = this.free.indexOf(id);
    if (twin >= 0) this.free.splice(twin, 1);
    this.reserved.add(id);
    this.topUp();
    return id;
  }

  /** Gives back a meter whose registration did not happen. */
  release(id: string, assigned: boolean): void {
    this.reserved.delete(id);
    if (!assigned) this.free.unshift(id);
  }

  topUp(): void {
    if (this.filling !== null || this.stopped || this.free.length >= this.target) return;
    const step = async (): Promise<void> => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      try {
        while (!this.stopped && this.free.length < this.target) {
          // Mint only while the bank has no batch to run: minting never stalls value transactions.
          if (!this.quiet()) {
            await new Promise<void>((resolve) => setTimeout(resolve, QUIET_RETRY_MS).unref());
            continue;
          }
          this.add(await mintMeter(this.storage, this.minter, this.owner));
        }
      } catch (err) {
        if (!this.stopped) this.log.warn('meter pool: minting failed', { error: errorText(err) });
      } finally {
        this.filling = null;
      }
    };
    this.filling = step();
  }

  /** Stops topping up; resolves when a mint in progress has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.filling;
  }

  private async reload(): Promise<void> {
    const ids = await this.storage.claimPoolMeters(this.owner, Math.max(this.target, 1) * 2);
    for (const id of ids) this.add(id);
  }

  /** Adds a meter to the free list once: a reload and a mint in progress may both bring the same one. */
  private add(id: string): void {
    if (!this.reserved.has(id) && !this.free.includes(id)) this.free.push(id);
  }
}
