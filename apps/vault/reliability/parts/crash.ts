/**
 * Part 1, crash: SIGKILL the vault at random moments while meters keep transacting; after each
 * restart every meter logs in and reconciles (load-meter.ts), and the database holds every
 * answered piece and refund. The log off-load runs every second meanwhile (some kills land in
 * it); after a last clean stop, `vault verify-log` must find the off-loaded chain intact and
 * holding every entry of the database's log.
 */
import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { vaultCommand } from '../cli.ts';
import type { Part } from '../context.ts';
import { harnessKeys } from '../keys.ts';
import { LoadMeter } from '../load-meter.ts';
import { vaultState } from '../db-state.ts';

export const crashPart: Part = async (h) => {
  const { crashMeters, kills } = h.figures;
  const vault = await h.vault({ startArgs: ['--log-offload-seconds', '1'] });
  const keys = harnessKeys(h, vault.dataDir);
  const meters = Array.from({ length: crashMeters }, (_, i) => new LoadMeter(h, `crash.${i}`));
  for (const m of meters) {
    await m.register(vault.url, vault.trustDir);
    await vault.credit(m.username, 1_000_000_000);
  }
  const losses: string[] = [];
  let inFlight = 0;
  for (let k = 0; k < kills && losses.length === 0; k++) {
    const running = meters.map(async (m) => {
      while (await m.step());
    });
    await sleep(randomInt(100, 900));
    await vault.kill('SIGKILL');
    await Promise.all(running);
    inFlight += meters.filter((m) => m.pending !== null).length;
    await vault.restart();
    const reasons = await Promise.all(meters.map((m) => m.reconcile(vault.url, vault.trustDir)));
    losses.push(...reasons.filter((r): r is string => r !== null));
    // The database must hold every answered piece, with its postage and refund flag.
    const state = await vaultState(vault.database, keys.backend.psd);
    for (const m of meters) {
      const f = state.meters.get(m.meterId);
      const refunded = [...m.pieces.values()].filter((p) => p.refunded).length;
      if (f === undefined || f.pieceRows !== m.pieces.size || f.refundedRows !== refunded || f.ar !== m.mirror.ar || f.dr !== m.mirror.dr) {
        losses.push(`${m.username}: database does not hold what was answered`);
      }
      if (f !== undefined && f.ar + f.dr !== m.downloads + m.refunds) losses.push(`${m.username}: AR + DR ≠ downloads + refunds`);
    }
  }
  await vault.kill('SIGTERM'); // the last off-load
  const verified = await vaultCommand(h, ['verify-log', '--data', vault.dataDir]);
  const inDb = /database log: (\d+) entries verified, chain intact/.exec(verified.out)?.[1];
  const off = /off-loaded log: (\d+) segment\(s\), (\d+) entries verified, chain intact/.exec(verified.out);
  const offloaded = off === null ? 'BROKEN' : `${off[1]} segments, ${off[2]}/${inDb ?? '?'} entries`;
  if (verified.code !== 0 || off === null || off[2] !== inDb) losses.push(`off-loaded log: ${verified.out.trim().split('\n').pop() ?? ''}`);
  const answered = meters.reduce((n, m) => n + m.answered, 0);
  const committedInFlight = meters.reduce((n, m) => n + m.committedInFlight, 0);
  const ok = losses.length === 0;
  return {
    ok,
    line: `crash: ${kills} SIGKILLs under ${crashMeters} meters, ${answered} answered transactions, ${inFlight} in flight at a kill ` +
      `(${committedInFlight} had committed), off-loaded log after a clean stop: ${offloaded}, ${losses.length} lost${ok ? '' : ` — first: ${losses[0]}`}`,
  };
};
