/**
 * Part 7, the public edge (issue 14): against a vault with the production limits, a non-reading
 * flood, 5,000 silent sockets from one address, a hello flood, a register flood and a login
 * replay, each while a good client on another address prints postage; and the desktop's refusal
 * of a plain ws:// address. Passes when every attack is refused as designed, the good client's
 * p99 stays within P99_BOUND_MS and the vault's memory within RSS_GROWTH_BOUND_MIB of its start.
 */
import { checkVaultUrl } from '../../../desktop/src/core/vault/transport.ts';
import type { Harness, Part } from '../context.ts';
import { GoodClient, vaultRssMiB, type Measured } from '../good-client.ts';
import { helloFlood, idleSockets, loginReplay, nonReadingFlood, registerFlood, type Tally } from './edge-attacks.ts';

export const P99_BOUND_MS = 1000;
export const RSS_GROWTH_BOUND_MIB = 200;
/**
 * Under a register flood the bound is wider: each registration is a scrypt, an RSA decryption
 * and often a new meter, at most two per batch; the vault-wide throttle (60 a minute) ends the burst.
 */
export const REGISTER_P99_BOUND_MS = 2000;
const PRODUCTION_LIMITS = ['--max-connections-per-address', '256', '--register-per-address-per-hour', '20', '--register-per-minute', '60'];

const tallyText = (t: Tally) => [...t].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code} ${n}`).join(', ');
const figures = (m: Measured) => `good p99 ${m.p99Ms} ms over ${m.pieces} pieces${m.failed > 0 ? ` (${m.failed} refused)` : ''}, peak RSS ${m.peakRssMiB} MiB`;

function desktopRefusesPlainWs(): boolean {
  try {
    checkVaultUrl('ws://vault.invalid:7420/v1/meter');
    return false;
  } catch (err) {
    return (err as { code?: string }).code === 'INSECURE_VAULT';
  }
}

export const edgePart: Part = async (h: Harness) => {
  const f = h.figures;
  const vault = await h.vault({ startArgs: ['--log-offload-seconds', '0', '--metrics-port', '0', ...PRODUCTION_LIMITS] });
  const good = await GoodClient.start(h, vault, 'edge.good', '127.0.0.2');
  const startRss = vaultRssMiB(vault);
  const baseline = await good.during(vault, Promise.resolve(), 2000);
  const within = (m: Measured, bound = P99_BOUND_MS) => m.p99Ms <= bound && m.peakRssMiB <= startRss + RSS_GROWTH_BOUND_MIB && m.failed === 0;

  const floodRun = nonReadingFlood(vault, f.edgeFloodConnections, 30_000);
  const flood = await good.during(vault, floodRun);
  const { cut } = await floodRun;
  const refusedBefore = await refusedAtAccept(vault);
  const idleRun = idleSockets(vault, 5000, 20_000);
  const idle = await good.during(vault, idleRun);
  const silent = await idleRun;
  const refused = (await refusedAtAccept(vault)) - refusedBefore;
  const helloRun = helloFlood(h, vault, f.edgeFloodConnections, f.edgeAttackMs);
  const hello = await good.during(vault, helloRun);
  const hellos = await helloRun;
  const registerRun = registerFlood(h, vault, 10, f.edgeAttackMs);
  const register = await good.during(vault, registerRun);
  const registers = await registerRun;
  const replay = await loginReplay(h, vault);
  const plainWs = desktopRefusesPlainWs();
  h.observed.push(await (await fetch(metricsUrlOf(vault.output()))).text());

  const created = registers.get('ok') ?? 0;
  const checks = {
    flood: cut === f.edgeFloodConnections && within(flood),
    idle: silent.open === 0 && refused >= 5000 - 256 && within(idle),
    hello: !hellos.has('INTERNAL') && (hellos.get('ok') ?? 0) > 0 && within(hello),
    register: created <= 20 && (registers.get('RATE_LIMITED') ?? 0) > 0 && !registers.has('INTERNAL') && within(register, REGISTER_P99_BOUND_MS),
    replay: replay.replays.slice(0, 4).every((c) => c === 'AUTH_FAILED') && replay.replays.slice(4).every((c) => c === 'LOCKED_OUT') && replay.ownerAfter === 'LOCKED_OUT',
  };
  return {
    ok: Object.values(checks).every(Boolean) && plainWs && within(baseline),
    line: `edge (bounds: good p99 ≤ ${P99_BOUND_MS} ms, ${REGISTER_P99_BOUND_MS} ms under the register flood, RSS ≤ start ${Math.round(startRss)} MiB + ${RSS_GROWTH_BOUND_MIB}): baseline ${figures(baseline)}; ` +
      `non-reading flood: ${cut}/${f.edgeFloodConnections} connections cut, ${figures(flood)}; ` +
      `5000 silent sockets from one address: ${refused} refused at accept (cap 256), ${silent.closed - refused} closed after the handshake time, ${silent.open} left, ${figures(idle)}; ` +
      `hello flood (${f.edgeFloodConnections} connections): ${tallyText(hellos)}, ${figures(hello)}; ` +
      `register flood (10 connections, one address): ${tallyText(registers)}, ${figures(register)}; ` +
      `login replay ×6 → ${replay.replays.join(',')}, owner after → ${replay.ownerAfter}; ws:// remote refused by the desktop: ${plainWs}` +
      `${Object.entries(checks).filter(([, ok]) => !ok).map(([name]) => ` [FAILED: ${name}]`).join('')}`,
  };
};

async function refusedAtAccept(vault: { output(): string }): Promise<number> {
  const text = await (await fetch(metricsUrlOf(vault.output()))).text();
  return Number(/^vbi_connections_refused_total\{reason="address-cap"\} (\d+)$/m.exec(text)?.[1] ?? 0);
}

function metricsUrlOf(output: string): string {
  const url = /metrics on (http:\/\/\S+\/metrics)/.exec(output)?.[1];
  if (url === undefined) throw new Error('the vault did not say where its metrics are');
  return url;
}
