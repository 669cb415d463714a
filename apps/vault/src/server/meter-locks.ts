/**
 * SPEC §3.2: a meter's requests are serialised; a second concurrent one gets BUSY. The caller
 * holds a meter's lock from before the bank reads its package until the answer is committed, so
 * the package a module gets is always the meter's current one.
 */
import { ProtocolError } from '@vbi/protocol';

export interface MeterLocks {
  /** Takes the meter's lock, or returns false when a request for it is in flight. */
  tryAcquire(meterId: string): Promise<boolean>;
  release(meterId: string): void;
}

/** The locks of a vault that is the only process serving its meters. */
export class ProcessMeterLocks implements MeterLocks {
  private readonly held = new Set<string>();

  tryAcquire(meterId: string): Promise<boolean> {
    if (this.held.has(meterId)) return Promise.resolve(false);
    this.held.add(meterId);
    return Promise.resolve(true);
  }

  release(meterId: string): void {
    this.held.delete(meterId);
  }
}

/** Runs `work` holding the meter's lock; BUSY when another request for the meter is in flight. */
export async function exclusive<T>(locks: MeterLocks, meterId: string, work: () => Promise<T>): Promise<T> {
  if (!(await locks.tryAcquire(meterId))) throw new ProtocolError('BUSY', 'another request for this meter is in progress');
  try {
    return await work();
  } finally {
    locks.release(meterId);
  }
}
