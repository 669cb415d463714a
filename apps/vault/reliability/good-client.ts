/**
 * What the edge attacks are measured by: a signed-in meter on an address of its own, printing
 * postage one piece at a time, its latency recorded while an attack runs; and the vault
 * process's resident memory, sampled meanwhile.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestVault } from '../src/testing/index.ts';
import { MeterClient, today } from '../src/testing/meter-client.ts';
import type { Harness } from './context.ts';

export interface Measured {
  p99Ms: number;
  pieces: number;
  failed: number;
  peakRssMiB: number;
}

/** The vault process's resident memory in MiB (Linux /proc; the pid from DIR/run.json). */
export function vaultRssMiB(vault: TestVault): number {
  const pid = (JSON.parse(readFileSync(join(vault.dataDir, 'run.json'), 'utf8')) as { pid: number }).pid;
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb ?? 0) / 1024;
}

export class GoodClient {
  private constructor(private readonly client: MeterClient) {}

  static async start(h: Harness, vault: TestVault, username: string, localAddress: string): Promise<GoodClient> {
    const client = h.track(await MeterClient.connect(vault.url, vault.trustDir, { localAddress }));
    const passphrase = `good-${username}-passphrase`;
    h.secret(`passphrase of ${username}`, passphrase);
    const reg = await client.register(username, passphrase);
    if (!reg.ok) throw new Error(`good client: register ${reg.error?.code}`);
    h.secret(`HMK of ${username}`, client.hmk);
    await vault.credit(username, 4_000_000);
    const bought = await client.maced('purchase', { amount: 4_000_000 });
    if (!bought.ok) throw new Error(`good client: purchase ${bought.error?.code}`);
    return new GoodClient(client);
  }

  /** Prints pieces back to back while `attack` runs (and at least `minMs`); samples the vault's RSS. */
  async during(vault: TestVault, attack: Promise<unknown>, minMs = 1000): Promise<Measured> {
    let done = false;
    const finished = Promise.all([attack, new Promise((r) => setTimeout(r, minMs))]).finally(() => {
      done = true;
    });
    let peakRssMiB = vaultRssMiB(vault);
    const sampler = setInterval(() => {
      peakRssMiB = Math.max(peakRssMiB, vaultRssMiB(vault));
    }, 100);
    const latencies: number[] = [];
    let failed = 0;
    try {
      const closed = new Promise<null>((resolve) => this.client.ws.once('close', () => resolve(null)));
      while (!done) {
        const started = performance.now();
        const a = await Promise.race([this.client.maced('indicium', { kind: 'postage', postage: 1, rateCategory: 'FCLT', mailDate: today() }), closed]);
        if (a === null) throw new Error('the vault closed the good client\'s connection');
        const took = performance.now() - started;
        latencies.push(took);
        if (!a.ok) failed++;
        // A good client stays well under the per-connection rate limit (200/s): at most one request per 10 ms.
        if (took < 10) await new Promise((r) => setTimeout(r, 10 - took));
      }
      await finished;
    } finally {
      clearInterval(sampler);
    }
    latencies.sort((x, y) => x - y);
    const p99Ms = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? Infinity;
    return { p99Ms: Math.round(p99Ms), pieces: latencies.length - failed, failed, peakRssMiB: Math.round(peakRssMiB) };
  }
}
