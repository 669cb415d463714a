import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { computeMac, randomNonce } from '@vbi/protocol/crypto';
import { startTestVault, type TestVault } from '../src/testing/index.ts';
import { MeterClient, today } from '../src/testing/meter-client.ts';

let vault: TestVault;
const clients: MeterClient[] = [];
const connect = async () => {
  const c = await MeterClient.connect(vault.url, vault.trustDir);
  clients.push(c);
  return c;
};
const PASS = 'a long enough passphrase';

/** A snapshot of every table that a refused request must leave alone. */
/** Every row a request could change; the pool's unassigned meters are left out (it refills in the background). */
async function dbState(): Promise<string> {
  const queries = ['accounts', 'meters', 'pieces', 'tx_log', 'checkpoints'].map((t) =>
    t === 'meters' ? `SELECT * FROM meters WHERE account_id IS NOT NULL ORDER BY 1` : `SELECT * FROM ${t} ORDER BY 1`,
  );
  return JSON.stringify(await Promise.all(queries.map((q) => vault.query(q))));
}

async function signedUp(name: string, funds = 0): Promise<MeterClient> {
  const c = await connect();
  const r = await c.register(name, PASS);
  assert.equal(r.ok, true, JSON.stringify(r.error));
  if (funds > 0) {
    await vault.credit(name, funds);
    const p = await c.maced('purchase', { amount: funds });
    assert.equal(p.ok, true, JSON.stringify(p.error));
  }
  return c;
}

before(async () => {
  vault = await startTestVault({ poolSize: 4 });
});
after(async () => {
  for (const c of clients) c.close();
  await vault.stop();
});

test('malformed frames get BAD_REQUEST, change nothing, and the connection stays usable', async () => {
  const c = await signedUp('frames-user');
  const before = await dbState();
  assert.deepEqual((await c.raw('{not json', null)).error?.code, 'BAD_REQUEST');
  const big = JSON.stringify({ v: 1, id: 7, op: 'hello', body: { clientNonce: 'x'.repeat(70_000) } });
  const tooBig = await c.raw(big, null);
  assert.equal(tooBig.error?.code, 'BAD_REQUEST');
  assert.equal(tooBig.id, null);
  const unknown = await c.raw(JSON.stringify({ v: 1, id: 8, op: 'steal', body: {} }), 8);
  assert.equal(unknown.error?.code, 'BAD_REQUEST');
  const offSchema = await c.raw(JSON.stringify({ v: 1, id: 9, op: 'purchase', body: { amount: -5 }, mac: 'x' }), 9);
  assert.equal(offSchema.error?.code, 'BAD_REQUEST');
  const version = await c.raw(JSON.stringify({ v: 2, id: 10, op: 'hello', body: { clientNonce: randomNonce() } }), 10);
  assert.equal(version.error?.code, 'UNSUPPORTED_VERSION');
  const noVersion = await c.raw(JSON.stringify({ id: 11, op: 'hello', body: { clientNonce: randomNonce() } }), 11);
  assert.equal(noVersion.error?.code, 'BAD_REQUEST');
  const binary = await c.raw(Buffer.from('{}'), null, true);
  assert.equal(binary.error?.code, 'BAD_REQUEST');
  assert.equal(await dbState(), before);
  const ok = await c.maced('audit', {});
  assert.equal(ok.ok, true, 'connection and session still usable');
});

test('a frame over 1 MiB closes the connection with 1009', async () => {
  const c = await connect();
  const closed = new Promise<number>((resolve) => c.ws.once('close', (code) => resolve(code)));
  c.ws.send('x'.repeat(1024 * 1024 + 10));
  assert.equal(await closed, 1009);
});

test('register: taken username (any case) is ALREADY_EXISTS; bad sealed is BAD_REQUEST', async () => {
  await signedUp('Taken.Name');
  const c = await connect();
  assert.equal((await c.register('taken.NAME', PASS)).error?.code, 'ALREADY_EXISTS');
  const bad = await c.send('register', { username: 'other-name', licenseZip: '94102', sealed: 'A'.repeat(512) });
  assert.equal(bad.error?.code, 'BAD_REQUEST');
  const nohmk = await c.send('register', { username: 'other-name', licenseZip: '94102', sealed: c.sealed({ passphrase: PASS, clientNonce: randomNonce() }) });
  assert.equal(nohmk.error?.code, 'BAD_REQUEST');
  const short = await c.send('register', {
    username: 'other-name', licenseZip: '94102', sealed: c.sealed({ hmk: c.hmk.toString('base64url'), passphrase: 'short', clientNonce: randomNonce() }),
  });
  assert.equal(short.error?.code, 'BAD_REQUEST');
});

test('login: unknown user and wrong passphrase are AUTH_FAILED; five failures lock the meter', async () => {
  const owner = await signedUp('lock-me');
  const c = await connect();
  assert.equal((await c.login('nobody-here', PASS)).error?.code, 'AUTH_FAILED');
  for (let i = 0; i < 4; i++) assert.equal((await c.login('lock-me', 'wrong passphrase!')).error?.code, 'AUTH_FAILED');
  assert.equal((await c.login('lock-me', 'wrong passphrase!')).error?.code, 'LOCKED_OUT', 'the fifth failure locks at once');
  assert.equal((await c.login('lock-me', PASS, owner.hmk)).error?.code, 'LOCKED_OUT');
  const loginNonce = await c.freshLoginNonce();
  const mismatch = await c.send('login', { username: 'lock-me', clientNonce: randomNonce(), sealed: c.sealed({ passphrase: PASS, clientNonce: randomNonce(), loginNonce }) });
  assert.equal(mismatch.error?.code, 'AUTH_FAILED');
});

test('MACed ops need a signed-in connection', async () => {
  const c = await connect();
  c.challenge = randomNonce();
  assert.equal((await c.maced('audit', {})).error?.code, 'AUTH_FAILED');
});

test('BAD_MAC, STALE_CHALLENGE on replay, REGISTER_MISMATCH; errors keep the challenge', async () => {
  const c = await signedUp('mac-user', 5000);
  const before = await dbState();
  const { body, mac } = c.build('indicium', { kind: 'postage', postage: 100, rateCategory: 'FCLT', mailDate: today() });
  const forged = await c.send('indicium', body, computeMac(Buffer.alloc(32, 1), 'req', 'indicium', body));
  assert.equal(forged.error?.code, 'BAD_MAC');
  const wrongRegs = c.build('purchase', { amount: 1 });
  const wrongBody = { ...wrongRegs.body, registers: { ar: 0, dr: 1 } };
  assert.equal((await c.send('purchase', wrongBody, computeMac(c.hmk, 'req', 'purchase', wrongBody))).error?.code, 'REGISTER_MISMATCH');
  assert.equal(await dbState(), before);
  const first = await c.send('indicium', body, mac);
  assert.equal(first.ok, true, 'the outstanding challenge survived the errors');
  const replay = await c.send('indicium', body, mac);
  assert.equal(replay.error?.code, 'STALE_CHALLENGE');
});

test('INSUFFICIENT_FUNDS, INSUFFICIENT_POSTAGE, DR width, mailDate window, NOT_FOUND, NOT_REFUNDABLE', async () => {
  const c = await signedUp('money-user', 1000);
  assert.equal((await c.maced('purchase', { amount: 1 })).error?.code, 'INSUFFICIENT_FUNDS');
  await vault.credit('money-user', 4_294_967_295);
  assert.equal((await c.maced('purchase', { amount: 4_294_967_295 })).error?.code, 'BAD_REQUEST');
  assert.equal((await c.maced('indicium', { kind: 'postage', postage: 1001, rateCategory: 'FCLT', mailDate: today() })).error?.code, 'INSUFFICIENT_POSTAGE');
  assert.equal((await c.maced('indicium', { kind: 'postage', postage: 10, rateCategory: 'FCLT', mailDate: today(-1) })).error?.code, 'BAD_REQUEST');
  assert.equal((await c.maced('indicium', { kind: 'postage', postage: 10, rateCategory: 'FCLT', mailDate: today(8) })).error?.code, 'BAD_REQUEST');
  assert.equal((await c.maced('indicium', { kind: 'postage', postage: 10, rateCategory: 'FCLT', mailDate: today(7) })).ok, true);
  assert.equal((await c.maced('piece', { pieceNumber: 99 })).error?.code, 'NOT_FOUND');
  assert.equal((await c.maced('refund', { pieceNumber: 99 })).error?.code, 'NOT_FOUND');
  assert.equal((await c.maced('refund', { pieceNumber: 1 })).ok, true);
  assert.equal((await c.maced('refund', { pieceNumber: 1 })).error?.code, 'NOT_REFUNDABLE');
  assert.deepEqual(c.registers, { ar: 10, dr: 1000 });
});

test('two concurrent requests on one challenge spend once', async () => {
  const c = await signedUp('race-user', 2000);
  const other = await connect();
  assert.equal((await other.login('race-user', PASS, c.hmk)).ok, true);
  c.challenge = other.challenge;
  const { body, mac } = c.build('indicium', { kind: 'postage', postage: 500, rateCategory: 'FCLT', mailDate: today() });
  const [a, b] = await Promise.all([c.send('indicium', body, mac), other.send('indicium', body, mac)]);
  const codes = [a, b].map((x) => (x.ok ? 'OK' : x.error?.code)).sort();
  assert.equal(codes.filter((x) => x === 'OK').length, 1, JSON.stringify(codes));
  assert.ok(['BUSY', 'STALE_CHALLENGE'].includes(codes.find((x) => x !== 'OK') ?? ''), JSON.stringify(codes));
  const login = await other.login('race-user', PASS, c.hmk);
  assert.deepEqual((login.body as { registers: unknown }).registers, { ar: 500, dr: 1500 });
});

test('a burst above the rate limit gets RATE_LIMITED', async () => {
  const c = await connect();
  const answers = await Promise.all(Array.from({ length: 400 }, () => c.send('hello', { clientNonce: randomNonce() })));
  assert.ok(answers.some((a) => a.error?.code === 'RATE_LIMITED'));
  assert.ok(answers.some((a) => a.ok));
});

test('the vault never prints a secret', () => {
  const out = vault.output();
  assert.ok(!out.includes(PASS));
  for (const c of clients) assert.ok(!out.includes(c.hmk.toString('base64url')));
  const devPassphrase = readFileSync(join(vault.dataDir, 'keystore.passphrase'), 'utf8').trim();
  assert.ok(devPassphrase.length > 20 && !out.includes(devPassphrase));
  assert.ok(!/at .*\.ts:\d+/.test(out), 'no stack traces');
});

test('register with a licensing ZIP the ZIP reference does not know: BAD_REQUEST in plain words, nothing created', async () => {
  const c = await connect();
  // The meter pool may manufacture spare meters meanwhile: compare what a register would change.
  const registered = async () =>
    JSON.stringify(await Promise.all(['SELECT * FROM accounts ORDER BY 1', 'SELECT id, account_id FROM meters WHERE account_id IS NOT NULL ORDER BY 1', 'SELECT * FROM tx_log ORDER BY 1'].map((q) => vault.query(q))));
  const before = await registered();
  const r = await c.register('zipless-user', PASS, '00000');
  assert.equal(r.error?.code, 'BAD_REQUEST');
  assert.match(r.error?.message ?? '', /^ZIP 00000 is not a US ZIP code\./);
  assert.equal(await registered(), before, 'no account, no meter assigned');
  const again = await (await connect()).register('zipless-user', PASS, '94102');
  assert.equal(again.ok, true, 'the username is still free');
});
