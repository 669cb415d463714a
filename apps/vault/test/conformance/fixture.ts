/** One real vault per test file (started with the CLI on port 0), its trust bundle, and cleanup. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { startTestVault, testKeyBackend, type TestVault, type TestVaultOptions } from '../../src/testing/index.ts';
import { assertOk, Meter, today } from './meter.ts';
import { loadTrust, type Trust } from './spec-crypto.ts';
import { Wire } from './wire.ts';

export const PASS = 'a passphrase long enough';

export interface Fixture {
  readonly vault: TestVault;
  /** The vault's time zone (`--time-zone`, default UTC). */
  readonly timeZone: string;
  /** `today(offsetDays)` in the vault's time zone, as YYYY-MM-DD. */
  today(offsetDays?: number): string;
  readonly trust: Trust;
  wire(): Promise<Wire>;
  meter(): Promise<Meter>;
  /** A registered meter (on its own connection), with `funds` bought into DR when > 0. */
  signedUp(username: string, funds?: number): Promise<Meter>;
  /** Everything the database holds about one meter and its account, as text. */
  meterRows(meterId: string): Promise<string>;
}

/** Registers before/after hooks on the calling test file and returns the fixture. */
export function useVault(opts: TestVaultOptions = {}): Fixture {
  const args = opts.startArgs ?? [];
  const zoneAt = args.indexOf('--time-zone');
  const timeZone = zoneAt >= 0 ? (args[zoneAt + 1] as string) : 'UTC';
  let vault: TestVault | undefined;
  let trust: Trust | undefined;
  const wires: Wire[] = [];
  before(async () => {
    vault = await startTestVault(opts);
    trust = loadTrust(vault.trustDir);
    // VBI_TEST_KEYS=pkcs11 runs this suite on a vault whose keys are in a SoftHSM2 token (key store version 2).
    const store = JSON.parse(readFileSync(join(vault.dataDir, 'keystore.json'), 'utf8')) as { version: number };
    assert.equal(store.version, (opts.keys ?? testKeyBackend()) === 'pkcs11' ? 2 : 1, 'the vault uses the key backend asked for');
  });
  after(async () => {
    for (const w of wires) w.close();
    await vault?.stop();
  });
  const fx: Fixture = {
    timeZone,
    today: (offsetDays = 0) => today(offsetDays, timeZone),
    get vault() {
      assert.ok(vault, 'vault started');
      return vault;
    },
    get trust() {
      assert.ok(trust, 'vault started');
      return trust;
    },
    async wire() {
      const w = await Wire.open(fx.vault.url);
      wires.push(w);
      return w;
    },
    async meter() {
      return new Meter(await fx.wire(), fx.trust);
    },
    async signedUp(username, funds = 0) {
      const m = await fx.meter();
      assertOk(await m.register(username, PASS), `register ${username}`);
      if (funds > 0) {
        await fx.vault.credit(username, funds);
        assertOk(await m.maced('purchase', { amount: funds }), 'purchase');
      }
      return m;
    },
    async meterRows(meterId) {
      const one = (sql: string) => fx.vault.query(sql, meterId);
      return JSON.stringify(await Promise.all([
        one('SELECT * FROM meters WHERE id = ?'),
        one('SELECT * FROM packages WHERE meter_id = ?'),
        one('SELECT a.* FROM accounts a JOIN meters m ON m.account_id = a.id WHERE m.id = ?'),
        one('SELECT * FROM pieces WHERE meter_id = ? ORDER BY piece_number'),
        one('SELECT * FROM tx_log WHERE meter_id = ? ORDER BY id'),
      ]));
    },
  };
  return fx;
}
