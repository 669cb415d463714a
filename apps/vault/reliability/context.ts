/** What every part of the harness shares: the figures, the vaults it started, and the secrets it knows. */
import { startTestVault, type TestVault, type TestVaultOptions } from '../src/testing/index.ts';
import type { MeterClient } from '../src/testing/meter-client.ts';

export interface Figures {
  crashMeters: number;
  kills: number;
  tamperTrials: number;
  hostileFrames: number;
  recoveryMeters: number;
  /** PostgreSQL primary SIGKILLs, each followed by a promotion and a new standby. */
  failovers: number;
  failoverMeters: number;
  /** Connections of the non-reading and hello floods (edge part). */
  edgeFloodConnections: number;
  /** How long the hello and register floods last. */
  edgeAttackMs: number;
}

export const SHORT: Figures = {
  crashMeters: 10, kills: 8, tamperTrials: 100, hostileFrames: 5000, recoveryMeters: 5, failovers: 1, failoverMeters: 6,
  edgeFloodConnections: 10, edgeAttackMs: 3000,
};
export const FULL: Figures = {
  crashMeters: 100, kills: 100, tamperTrials: 1000, hostileFrames: 100_000, recoveryMeters: 20, failovers: 3, failoverMeters: 20,
  edgeFloodConnections: 50, edgeAttackMs: 15_000,
};

export class Harness {
  private readonly vaults: TestVault[] = [];
  private readonly clients: MeterClient[] = [];
  /** Output of operator commands the harness ran (backup, recover). */
  readonly commandOutput: string[] = [];
  /** What else the vaults showed (their /metrics text), scanned for secrets too. */
  readonly observed: string[] = [];
  /** Secret strings (passphrases, HMKs, keys in their usual encodings) that must never appear. */
  readonly secrets = new Map<string, string>();

  constructor(readonly figures: Figures) {}

  async vault(opts: TestVaultOptions = {}): Promise<TestVault> {
    const v = await startTestVault({ modules: 2, ...opts });
    this.vaults.push(v);
    return v;
  }

  track(client: MeterClient): MeterClient {
    this.clients.push(client);
    return client;
  }

  /** Registers a secret under a label, in the encodings it could leak as. */
  secret(label: string, value: string | Buffer): void {
    if (typeof value === 'string') {
      if (value.length >= 8) this.secrets.set(value, label);
      return;
    }
    for (const text of [value.toString('base64url'), value.toString('base64').replace(/=+$/, ''), value.toString('hex')]) {
      if (text.length >= 16) this.secrets.set(text, label);
    }
  }

  /** Every line the vault processes wrote, the operator commands' output and every answer received. */
  everything(): string {
    return [
      ...this.vaults.map((v) => v.output()),
      ...this.commandOutput,
      ...this.observed,
      ...this.clients.map((c) => c.received.map((a) => JSON.stringify(a)).join('\n')),
    ].join('\n');
  }

  async close(): Promise<void> {
    for (const c of this.clients) c.close();
    for (const v of this.vaults) await v.stop().catch(() => {});
  }
}

/** What one part reports: its line of figures and whether anything was lost. */
export interface PartResult {
  ok: boolean;
  line: string;
}
export type Part = (h: Harness) => Promise<PartResult>;
