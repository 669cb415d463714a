/** Manufacturing meters and the pool of unassigned ones that `register` draws from. */
import { errorText, type VaultLog } from '../log/vault-log.ts';
import { randomUUID } from 'node:crypto';
import type { Storage } from '../storage/storage.ts';
import type { ModuleBank } from './module-bank.ts';

/** Mints one meter in a module (keys, certificate, sealed package) and stores it. */
export async function mintMeter(storage: Storage, bank: ModuleBank): Promise<string> {
  const [serials] = await storage.allocateSerials(1);
  if (serials === undefined) throw new Error('could not allocate serials');
  const meterId = randomUUID();
  const minted = await bank.mint({ meterId, ...serials });
  await storage.insertMeter({
    id: meterId,
    state: 'manufactured',
    psdSerial: serials.psdSerial,
    certSerial: serials.certSerial,
    certificatePem: minted.certificatePem,
    sealedPackage: Buffer.from(minted.sealedPackage),
  });
  return meterId;
}

const QUIET_RETRY_MS = 200;

/**
 * The unassigned meters of this vault process. `take` reserves one (minting on demand when the
 * pool is empty); `topUp` refills in the background, one meter at a time and only while
 * no batch is waiting, so minting never holds up value transactions.
 */
export class MeterPool {
  private readonly free: string[] = [];
  private readonly reserved = new Set<string>();
  private filling: Promise<void> | null = null;
  private stopped = false;

  private constructor(
    private readonly storage: Storage,
    private readonly bank: ModuleBank,
    private readonly target: number,
    private readonly log: VaultLog,
  ) {}

  /** A pool with the unassigned meters the database holds now. */
  static async open(storage: Storage, bank: ModuleBank, target: number, log: VaultLog): Promise<MeterPool> {
    const pool = new MeterPool(storage, bank, target, log);
    await pool.reload();
    return pool;
  }

  get size(): number {
    return this.free.length;
  }

  async take(): Promise<string> {
    if (this.free.length === 0) await this.reload();
    const id = this.free.shift() ?? (await mintMeter(this.storage, this.bank));
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
          if (!this.bank.quiet) {
            await new Promise<void>((resolve) => setTimeout(resolve, QUIET_RETRY_MS).unref());
            continue;
          }
          this.free.push(await mintMeter(this.storage, this.bank));
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
    const ids = await this.storage.unassignedMeterIds(Math.max(this.target, 1) * 2);
    const known = new Set([...this.free, ...this.reserved]);
    for (const id of ids) {
      if (!known.has(id)) this.free.push(id);
    }
  }
}
