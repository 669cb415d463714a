/**
 * Address matching: `amsMatch` round trips over WebSockets on loopback, one request in flight,
 * with real addresses from the vault's database damaged the way people type them. Requests
 * rotate over a few connections, as several clients would send them.
 */
import { performance } from 'node:perf_hooks';
import { damagedAddressSet, listAddresses } from '@vbi/vault/services';
import { encodeRequest } from '@vbi/protocol';
import { Channel } from './channel.ts';
import { percentilesOf } from './stats.ts';

export interface AmsResult {
  p50Ms: number;
  p99Ms: number;
  addresses: number;
}

const SEED = 20261124;
const CONNECTIONS = 8;

export async function benchAms(
  vault: { url: string; dataDir: string },
  warmup: number,
  requests: number,
  log: (line: string) => void,
): Promise<AmsResult> {
  const addresses = listAddresses(vault.dataDir);
  if (addresses.length === 0) throw new Error('ams: the vault holds no addresses (vault init imports them)');
  const set = damagedAddressSet(addresses, warmup + requests, SEED);
  const channels = await Promise.all(Array.from({ length: CONNECTIONS }, () => Channel.open(vault.url)));
  const latencies = new Float64Array(requests);
  let firstRight = 0;
  try {
    for (let n = 0; n < set.length; n++) {
      const { input, expected } = set[n]!;
      const channel = channels[n % CONNECTIONS]!;
      const start = performance.now();
      const id = channel.id();
      const answer = await channel.send(id, encodeRequest(id, 'amsMatch', input));
      const end = performance.now();
      if (!answer.ok) throw new Error(`ams: amsMatch refused: ${answer.error?.code} ${answer.error?.message}`);
      if (n < warmup) continue;
      latencies[n - warmup] = end - start;
      const best = (answer.body?.candidates as Array<{ address: Record<string, string> }> | undefined)?.[0]?.address;
      if (best && best.street === expected.street && best.secondary === expected.secondary && (best.zip ?? '').startsWith(expected.zip)) firstRight++;
    }
  } finally {
    for (const channel of channels) channel.close();
  }
  log(`ams: first candidate is the undamaged address for ${((100 * firstRight) / requests).toFixed(1)}% of ${requests}`);
  const [p50, p99] = percentilesOf(latencies, [50, 99]);
  return { p50Ms: p50!, p99Ms: p99!, addresses: addresses.length };
}
