/**
 * What operators watch (Prometheus, via prom-client): connections, frames by op and result,
 * batch sizes and commit latency, queue depths, halted, and the process's own figures. Labels
 * are bounded sets (op names, error codes, reasons): never a username, meter id or address, and
 * nothing secret is ever a value.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface MetricSources {
  depths(): { queue: number; hellos: number };
  halted(): boolean;
  modules(): Array<{ state: string }>;
}

export interface VaultMetrics {
  readonly registry: Registry;
  connectionOpened(): void;
  connectionClosed(): void;
  /** A connection refused before it was served (`reason`: address-cap, capacity, handshake). */
  connectionRefused(reason: string): void;
  /** A connection the vault closed (`reason`: send-stalled, send-overflow, no-pong, idle). */
  connectionCut(reason: string): void;
  /** One frame answered: `op` (or `invalid` when it had none) and `ok` or the error code. */
  frame(op: string, result: string): void;
  batch(size: number, seconds: number): void;
}

const MODULE_STATES = ['ready', 'inhibited', 'down'] as const;

export function createVaultMetrics(sources: MetricSources): VaultMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'vbi_vault_' });
  const open = new Gauge({ name: 'vbi_connections', help: 'Open meter connections', registers: [registry] });
  const accepted = new Counter({ name: 'vbi_connections_accepted_total', help: 'Meter connections accepted', registers: [registry] });
  const refused = new Counter({ name: 'vbi_connections_refused_total', help: 'Connections refused before being served', labelNames: ['reason'], registers: [registry] });
  const cut = new Counter({ name: 'vbi_connections_closed_by_vault_total', help: 'Meter connections the vault closed', labelNames: ['reason'], registers: [registry] });
  const frames = new Counter({ name: 'vbi_frames_total', help: 'Request frames answered, by op and result', labelNames: ['op', 'result'], registers: [registry] });
  const batchSize = new Histogram({
    name: 'vbi_batch_size', help: 'Commands per committed module batch', buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512], registers: [registry],
  });
  const batchSeconds = new Histogram({
    name: 'vbi_batch_commit_seconds', help: 'From handing a batch to its module until its commit is durable',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [registry],
  });
  new Gauge({
    name: 'vbi_queue_depth', help: 'Work waiting: commands for a module (bank), hello signatures in the modules (hello)',
    labelNames: ['queue'], registers: [registry],
    collect() {
      const d = sources.depths();
      this.set({ queue: 'bank' }, d.queue);
      this.set({ queue: 'hello' }, d.hellos);
    },
  });
  new Gauge({
    name: 'vbi_halted', help: '1 when the vault takes no value transactions (SPEC §4.3)', registers: [registry],
    collect() {
      this.set(sources.halted() ? 1 : 0);
    },
  });
  new Gauge({
    name: 'vbi_modules', help: 'Modules by state', labelNames: ['state'], registers: [registry],
    collect() {
      const all = sources.modules();
      for (const state of MODULE_STATES) this.set({ state }, all.filter((m) => m.state === state).length);
    },
  });
  return {
    registry,
    connectionOpened: () => {
      open.inc();
      accepted.inc();
    },
    connectionClosed: () => open.dec(),
    connectionRefused: (reason) => refused.inc({ reason }),
    connectionCut: (reason) => cut.inc({ reason }),
    frame: (op, result) => frames.inc({ op, result }),
    batch: (size, seconds) => {
      batchSize.observe(size);
      batchSeconds.observe(seconds);
    },
  };
}
