/**
 * Part 6, failover (docs/scale.md): two vault processes on PostgreSQL with a synchronous standby,
 * meters printing on both; the primary's postmaster is SIGKILLed, the standby promoted, and a
 * new standby made where the primary was — `failovers` times. Passes when every meter is served
 * again after each failover, only "try again" refusals were seen, and no answered piece is
 * missing from the database (lost = 0), every meter's registers equal its client's mirror.
 */
import { FAILOVER_PASSPHRASE, lostPieces, printLoops, startFailoverCluster } from '../../src/testing/failover.ts';
import { MeterClient } from '../../src/testing/meter-client.ts';
import type { Part } from '../context.ts';

const RETRYABLE = new Set(['MODULE_UNAVAILABLE', 'INTERNAL', 'BUSY']);

export const failoverPart: Part = async (h) => {
  const { failovers, failoverMeters } = h.figures;
  const cluster = await startFailoverCluster({ vaults: 2, poolSize: Math.min(failoverMeters, 20) });
  try {
    const meters = await Promise.all(Array.from({ length: failoverMeters }, (_, i) => cluster.meter(i, `failover.${i}`, 100_000_000)));
    for (const m of meters) h.track(m);
    const load = printLoops(meters, 100);
    let servedEveryTime = await load.servedAll(3, 60_000);
    for (let k = 0; k < failovers; k++) {
      await cluster.failover(2000);
      load.mark();
      servedEveryTime &&= await load.servedAll(3, 90_000);
      if (k < failovers - 1) await cluster.rebuildStandby();
    }
    const records = await load.stop();
    const [a] = cluster.vaults;
    const lost = a === undefined ? -1 : await lostPieces(a, meters, records);
    let mirrorsAgree = true;
    for (const [i, m] of meters.entries()) {
      const v = cluster.vaults[(i + 1) % cluster.vaults.length];
      if (v === undefined) continue;
      const again = h.track(await MeterClient.connect(v.url, v.trustDir));
      const ok = (await again.login(`failover.${i}`, FAILOVER_PASSPHRASE, m.hmk)).ok;
      mirrorsAgree &&= ok && again.registers.ar === m.registers.ar && again.registers.dr === m.registers.dr;
    }
    const answered = records.reduce((n, r) => n + r.answered.length, 0);
    const refusals: Record<string, number> = {};
    for (const r of records) for (const [code, n] of Object.entries(r.refused)) refusals[code] = (refusals[code] ?? 0) + n;
    const onlyRetryable = Object.keys(refusals).every((c) => RETRYABLE.has(c));
    const ok = servedEveryTime && lost === 0 && mirrorsAgree && onlyRetryable;
    return {
      ok,
      line: `failover: ${failovers} primary kill(s) under ${failoverMeters} meters on 2 vault processes, ${answered} answered, lost ${lost}; ` +
        `served again after each: ${servedEveryTime}; registers = mirrors after login: ${mirrorsAgree}; refusals ${JSON.stringify(refusals)}`,
    };
  } finally {
    for (const v of cluster.vaults) h.commandOutput.push(v.output());
    await cluster.stop();
  }
};
