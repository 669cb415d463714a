/**
 * One real vault (CLI, port 0; VBI_TEST_STORAGE=postgres puts it on a real PostgreSQL server) for a
 * people test file, real WebSocket clients (MeterClient), and a snapshot of every row a refused
 * request must leave alone — the people tables included.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { REPO_ROOT } from '../../src/config/paths.ts';
import { MeterClient, startTestVault, today, type Answer, type TestVault } from '../../src/testing/index.ts';

export const PASS = 'a long enough passphrase';
export const CLERK_PASS = 'the clerk passphrase';

export interface PeopleFixture {
  readonly vault: TestVault;
  connect(): Promise<MeterClient>;
  /** A registered owner, with `funds` mills bought into DR when > 0. */
  owner(username: string, funds?: number): Promise<MeterClient>;
  /** `username` signed in on a new connection of the same computer (the owner's HMK). */
  signIn(desk: MeterClient, username: string, passphrase: string): Promise<MeterClient>;
  /** Every row a request could change (the pool's unassigned meters left out: it refills in the background). */
  dbState(): Promise<string>;
  /** `pnpm vault ARGS` (the CLI entry point, without pnpm's start-up). */
  cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

export function ok(a: Answer, what: string): NonNullable<Answer['body']> {
  assert.equal(a.ok, true, `${what}: ${JSON.stringify(a.error)}`);
  return a.body as NonNullable<Answer['body']>;
}

export function refused(a: Answer, code: string, what: string): void {
  assert.equal(a.ok, false, `${what} must be refused`);
  assert.equal(a.error?.code, code, `${what}: ${a.error?.message}`);
  assert.equal(a.mac, undefined, 'an error answer carries no MAC');
}

export const postage = (mailDate = today()) => ({ kind: 'postage' as const, postage: 740, rateCategory: 'FCLT' as const, mailDate });

export function usePeopleVault(): PeopleFixture {
  let vault: TestVault | undefined;
  const clients: MeterClient[] = [];
  before(async () => {
    vault = await startTestVault({ poolSize: 4 });
  });
  after(async () => {
    for (const c of clients) c.close();
    await vault?.stop();
  });
  const fx: PeopleFixture = {
    get vault() {
      assert.ok(vault, 'vault started');
      return vault;
    },
    async connect() {
      const c = await MeterClient.connect(fx.vault.url, fx.vault.trustDir);
      clients.push(c);
      return c;
    },
    async owner(username, funds = 0) {
      const c = await fx.connect();
      ok(await c.register(username, PASS), `register ${username}`);
      if (funds > 0) {
        await fx.vault.credit(username, funds);
        ok(await c.maced('purchase', { amount: funds }), 'purchase');
      }
      return c;
    },
    async signIn(desk, username, passphrase) {
      const c = await fx.connect();
      ok(await c.login(username, passphrase, desk.hmk), `login ${username}`);
      return c;
    },
    async dbState() {
      const tables = ['accounts', 'account_users', 'piece_users', 'passphrase_resets', 'packages', 'pieces', 'tx_log', 'checkpoints'];
      const rows = await Promise.all([
        fx.vault.query('SELECT * FROM meters WHERE account_id IS NOT NULL ORDER BY 1'),
        ...tables.map((t) => (t === 'packages'
          ? fx.vault.query('SELECT p.* FROM packages p JOIN meters m ON m.id = p.meter_id WHERE m.account_id IS NOT NULL ORDER BY p.meter_id')
          : fx.vault.query(`SELECT * FROM ${t} ORDER BY 1, 2`))),
      ]);
      return JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    },
    cli(...args) {
      const main = join(REPO_ROOT, 'apps/vault/src/cli/main.ts');
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.once('error', reject);
        child.once('exit', (code) => resolve({ code, stdout, stderr }));
      });
    },
  };
  return fx;
}
