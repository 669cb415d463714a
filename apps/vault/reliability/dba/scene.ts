/**
 * The scene of the dba part: a running vault (SQLite or PostgreSQL) with a rich victim and the
 * attacker's own meter (mallory), and an earlier copy of the database taken mid-way. The attacker
 * can write every table of the live database and read the copy, but holds no key.
 */
import { randomBytes } from 'node:crypto';
import type { TestVault } from '../../src/testing/index.ts';
import { MeterClient, today } from '../../src/testing/meter-client.ts';
import type { Harness } from '../context.ts';
import { attackerDb, earlierCopy, type Db } from '../db-access.ts';

export interface Scene {
  vault: TestVault;
  /** Read-write, as the attacker: a connection of its own to the live database. */
  db: Db;
  /** The earlier copy of the database (read-only). */
  copy: Db;
  victim: MeterClient;
  mallory: MeterClient;
  /** Mallory's challenge and registers when the copy was taken (what an older package expects). */
  atCopy: { challenge: string; registers: { ar: number; dr: number } };
}

export async function signUp(h: Harness, vault: TestVault, name: string): Promise<MeterClient> {
  const c = h.track(await MeterClient.connect(vault.url, vault.trustDir));
  const passphrase = `pass-${randomBytes(12).toString('base64url')}`;
  h.secret(`passphrase of ${name}`, passphrase);
  const a = await c.register(name, passphrase);
  if (!a.ok) throw new Error(`register ${name}: ${a.error?.code}`);
  h.secret(`HMK of ${name}`, c.hmk);
  return c;
}

export async function must(c: MeterClient, op: 'purchase' | 'indicium' | 'refund', body: object): Promise<void> {
  const a = await c.maced(op, body as never);
  if (!a.ok) throw new Error(`${op}: ${a.error?.code} ${a.error?.message}`);
}

export const printBody = (postage: number) => ({ kind: 'postage' as const, postage, rateCategory: 'FCLT' as const, mailDate: today() });

/**
 * Victim: 1,000,000 credited, 100,000 bought, pieces of 5,000, 7,000 and 9,000, the second refunded.
 * Mallory: 20,000 credited, 10,000 bought, pieces of 100, 200, 300 — the copy — piece 1 refunded,
 * a piece of 400, and a credit of 1,000 not yet counted by any purchase.
 */
export async function buildScene(h: Harness, vault: TestVault, workDir: string): Promise<Scene> {
  const victim = await signUp(h, vault, 'dba.victim');
  const mallory = await signUp(h, vault, 'dba.mallory');
  await vault.credit('dba.victim', 1_000_000);
  const sample = await victim.maced('indicium', { kind: 'test', postage: 0, rateCategory: 'TEST', mailDate: today() }); // an audit entry
  if (!sample.ok) throw new Error(`test print: ${sample.error?.code}`);
  await must(victim, 'purchase', { amount: 100_000 });
  for (const postage of [5000, 7000, 9000]) await must(victim, 'indicium', printBody(postage));
  await must(victim, 'refund', { pieceNumber: 2 });
  await vault.credit('dba.mallory', 20_000);
  await must(mallory, 'purchase', { amount: 10_000 });
  for (const postage of [100, 200, 300]) await must(mallory, 'indicium', printBody(postage));
  const copy = await earlierCopy(vault.database, workDir);
  const atCopy = { challenge: mallory.challenge, registers: { ...mallory.registers } };
  await must(mallory, 'refund', { pieceNumber: 1 });
  await must(mallory, 'indicium', printBody(400));
  await vault.credit('dba.mallory', 1000);
  return { vault, db: await attackerDb(vault.database), copy, victim, mallory, atCopy };
}
