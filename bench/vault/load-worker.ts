/**
 * Worker thread of the load generator: owns a share of the meters (one WebSocket each) and
 * drives them through the phases its parent asks for. Each meter keeps exactly one request in
 * flight; any refused or unverifiable answer ends the phase with an error.
 */
import { createPublicKey } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { MeterClient, checkIndiciumTemplate } from '../meter-client.ts';
import type { LoadCommand, LoadReply, LoadWorkerData } from './load-messages.ts';

const data = workerData as LoadWorkerData;
const port = parentPort!;
const meters: MeterClient[] = [];
/** Registrations in flight at once: the vault pays an RSA decryption and a scrypt hash for each. */
const REGISTER_CONCURRENCY = 8;

function reply(message: LoadReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

async function registerAll(): Promise<void> {
  const bankEnc = createPublicKey(data.bankEncPem);
  let next = 0;
  const lane = async () => {
    while (next < data.credentials.length) {
      const i = next++;
      const who = data.credentials[i]!;
      meters.push(await MeterClient.register(data.urls[i % data.urls.length]!, bankEnc, who));
    }
  };
  await Promise.all(Array.from({ length: REGISTER_CONCURRENCY }, lane));
}

/** Samples grow in one typed array, handed to the parent without copying. */
class Samples {
  private values = new Float64Array(1 << 16);
  count = 0;

  add(value: number): void {
    if (this.count === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.count++] = value;
  }

  take(): Float64Array {
    return this.values.slice(0, this.count);
  }
}

/** Every meter issues `indicium` back to back; latencies of answers inside the window count. */
async function run(warmupMs: number, measureMs: number): Promise<{ latencies: Float64Array; windowMs: number }> {
  const samples = new Samples();
  const measureStart = performance.now() + warmupMs;
  const measureEnd = measureStart + measureMs;
  const drive = async (meter: MeterClient) => {
    for (;;) {
      const start = performance.now();
      if (start >= measureEnd) return;
      await meter.indicium(data.postage, data.mailDate);
      const end = performance.now();
      if (end >= measureStart && end <= measureEnd) samples.add(end - start);
    }
  };
  await Promise.all(meters.map(drive));
  return { latencies: samples.take(), windowMs: measureMs };
}

async function handle(command: LoadCommand): Promise<void> {
  switch (command.type) {
    case 'register':
      await registerAll();
      return reply({ type: 'registered' });
    case 'purchase':
      await Promise.all(meters.map((m) => m.purchase(command.amount)));
      return reply({ type: 'purchased' });
    case 'run': {
      const { latencies, windowMs } = await run(command.warmupMs, command.measureMs);
      return reply({ type: 'ran', latencies, windowMs }, [latencies.buffer as ArrayBuffer]);
    }
    case 'close':
      for (const meter of meters) meter.close();
      return reply({ type: 'closed' });
  }
}

checkIndiciumTemplate();
port.on('message', (command: LoadCommand) => {
  handle(command).catch((error: unknown) => {
    reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  });
});
