/**
 * The operator's lifecycle steps end to end (docs/vault.md "Operator procedures"): a real vault
 * (CLI init + start), clients over the WebSocket written from SPEC (the conformance suite's), and
 * every step through the `vault` CLI as an operator runs it. Each step is checked on the wire, in
 * the audit log and in the chained log (verify-log at the end). `VBI_TEST_KEYS=pkcs11` runs it on
 * a SoftHSM2 token, `VBI_TEST_STORAGE=postgres` on PostgreSQL.
 */
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openPackage, unwrapSecret } from '../../src/bank/psd-package.ts';
import { openVaultBackend } from '../../src/keystore/open-backend.ts';
import { testKeyBackend } from '../../src/testing/index.ts';
import { softHsmToken } from '../../src/testing/softhsm.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import { vaultCli } from '../backup/cli-run.ts';
import { PASS, useVault } from '../conformance/fixture.ts';
import { parseIndicium } from '../conformance/indicium-format.ts';
import { assertError, assertOk, type Meter } from '../conformance/meter.ts';
import { p1363Verifies } from '../conformance/spec-crypto.ts';

const fx = useVault({ modules: 2 });
/** Everything the operator commands printed, scanned for secrets at the end. */
const printed: string[] = [];
const hmks: Buffer[] = [];

async function vault(...args: string[]) {
  const r = await vaultCli([...args, '--data', fx.vault.dataDir]);
  printed.push(r.out, r.err);
  return r;
}

async function signedUp(username: string, funds = 0): Promise<Meter> {
  const m = await fx.signedUp(username, funds);
  hmks.push(m.hmk);
  return m;
}

async function auditEvents(meterId: string): Promise<string[]> {
  const rows = await fx.vault.query<{ event: string }>('SELECT event FROM audit_log WHERE meter_id = ? ORDER BY id', meterId);
  return rows.map((r) => r.event);
}

async function logTypes(meterId: string): Promise<string[]> {
  const rows = await fx.vault.query<{ type: string }>('SELECT type FROM tx_log WHERE meter_id = ? ORDER BY id', meterId);
  return rows.map((r) => r.type);
}

/** The account's funds on the ledger: its credits − what its meter bought + what a withdrawal returned. */
async function funds(username: string): Promise<number> {
  const storage = await openStorage(fx.vault.database);
  try {
    const account = await storage.accountByUsername(username);
    assert.ok(account !== undefined, username);
    return (await storage.fundsOf([account.meterId]))[0] as number;
  } finally {
    await storage.close();
  }
}

const letter = (postage: number) => ({ kind: 'postage', postage, rateCategory: 'FCLT', mailDate: fx.today() });

test('unlock: a locked-out meter signs in again at once; refused when there is nothing to unlock', async () => {
  const m = await signedUp('lc.lock');
  for (let i = 0; i < 5; i++) await m.login('lc.lock', `wrong passphrase ${i}`);
  assertError(await m.login('lc.lock', PASS), 'LOCKED_OUT', 'the right passphrase during the lock');
  const shown = await vault('meter', 'show', '--user', 'LC.Lock');
  assert.equal(shown.code, 0, shown.err);
  assert.match(shown.out, /login: LOCKED until /);
  const r = await vault('meter', 'unlock', '--user', 'lc.lock', '--reason', 'identity checked by phone');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /unlocked/);
  assertOk(await m.login('lc.lock', PASS), 'login after the unlock');
  assert.ok((await auditEvents(m.meterId)).includes('operator-unlock'));
  assert.deepEqual(await logTypes(m.meterId), ['unlock'], 'the unlock is in the chained log');
  const again = await vault('meter', 'unlock', '--user', 'lc.lock');
  assert.equal(again.code, 1);
  assert.match(again.err, /not locked/);
});

test('rekey: a new key and certificate; pieces signed before verify against the old certificate, still served', async () => {
  const m = await signedUp('lc.rekey', 2000);
  const before = parseIndicium(Buffer.from(assertOk(await m.maced('indicium', letter(500))).indicium as string, 'base64url'));
  const r = await vault('meter', 'rekey', '--user', 'lc.rekey', '--reason', 'key expires soon');
  assert.equal(r.code, 0, r.err);
  const after = parseIndicium(Buffer.from(assertOk(await m.maced('indicium', letter(500))).indicium as string, 'base64url'));
  assert.notEqual(after.certSerial, before.certSerial, 'the new piece names the new certificate');
  assert.deepEqual([after.psdSerial, after.pieceNumber, after.ar, after.dr], [before.psdSerial, 2, 1000, 1000], 'same device, registers go on');
  const cert = async (serial: number) => {
    const res = await fetch(`${fx.vault.httpUrl}/v1/certs/${serial}`);
    assert.equal(res.status, 200, `certificate ${serial} is served`);
    return new X509Certificate(await res.text());
  };
  const [oldCert, newCert] = [await cert(before.certSerial), await cert(after.certSerial)];
  const verifies = (c: X509Certificate, i: typeof before) => p1363Verifies(c.publicKey, i.signed, i.signature.toString('base64url'));
  assert.equal(verifies(oldCert, before), true, 'the piece signed before the re-key verifies with the old certificate');
  assert.equal(verifies(newCert, after), true, 'the new piece verifies with the new certificate');
  assert.equal(verifies(oldCert, after), false, 'a new key, not the old one');
  const ca = new X509Certificate(readFileSync(join(fx.vault.trustDir, 'ca.pem')));
  assert.equal(newCert.verify(ca.publicKey), true, 'issued by the vault CA');
  assert.ok(Date.parse(newCert.validTo) > Date.parse(oldCert.validTo), 'valid longer than the old one');
  const shown = await vault('status', '--user', 'lc.rekey');
  assert.match(shown.out, new RegExp(`key: certificate ${after.certSerial}, valid until`));
  assert.match(shown.out, new RegExp(`earlier certificates \\(still served\\): ${before.certSerial} `));
  assert.deepEqual(await logTypes(m.meterId), ['purchase', 'indicium', 'rekey', 'indicium']);

  // The new key as the package keeps it: on a token only the token's wrap (no importable key ever
  // left it); in the software store the PKCS#8 whose public half the new certificate carries.
  const [row] = await fx.vault.query<{ package: Buffer }>('SELECT package FROM packages WHERE meter_id = ?', m.meterId);
  const backend = openVaultBackend(fx.vault.dataDir);
  try {
    const pkg = openPackage(backend.psd, m.meterId, (row as { package: Buffer }).package);
    assert.equal(pkg.certSerial, after.certSerial);
    const blob = unwrapSecret(backend.psd, m.meterId, 'sign', pkg.signingKey);
    const importKey = () => createPrivateKey({ key: blob, format: 'der', type: 'pkcs8' });
    if (testKeyBackend() === 'pkcs11') assert.throws(importKey, 'the package holds no importable key');
    else assert.equal(createPublicKey(importKey()).export({ format: 'pem', type: 'spki' }), newCert.publicKey.export({ format: 'pem', type: 'spki' }));
  } finally {
    backend.close();
  }
});

test('withdraw: DR back to the account, state withdrawn, every later request refused', async () => {
  const m = await signedUp('lc.withdraw', 3000);
  assertOk(await m.maced('indicium', letter(500)));
  const preview = await vault('meter', 'withdraw', '--user', 'lc.withdraw');
  assert.equal(preview.code, 0, preview.err);
  assert.match(preview.out, /add --confirm/);
  assert.equal(await funds('lc.withdraw'), 0, 'without --confirm nothing changed');
  const r = await vault('meter', 'withdraw', '--user', 'lc.withdraw', '--confirm', '--reason', 'account closed');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /\$2\.500 \(2500 mills\) returned to the account/);
  assert.equal(await funds('lc.withdraw'), 2500);
  assertError(await m.maced('purchase', { amount: 1 }), 'METER_NOT_OPERATIONAL', 'the connection that was signed in');
  const other = await fx.meter();
  assertError(await other.login('lc.withdraw', PASS), 'METER_NOT_OPERATIONAL', 'the right passphrase');
  assertError(await other.login('lc.withdraw', 'a wrong passphrase'), 'AUTH_FAILED', 'a wrong one learns nothing');
  for (const step of ['unlock', 'rekey']) {
    const refused = await vault('meter', step, '--user', 'lc.withdraw');
    assert.equal(refused.code, 1, `${step} of a withdrawn meter`);
    assert.match(refused.err, /withdrawn/);
  }
  const [row] = await fx.vault.query<{ state: string }>('SELECT state FROM meters WHERE id = ?', m.meterId);
  assert.equal(row?.state, 'withdrawn');
  assert.deepEqual(await logTypes(m.meterId), ['purchase', 'indicium', 'withdraw']);
  const status = await vault('status', '--accounts');
  assert.match(status.out, /lc\.withdraw: funds \$2\.500 \(2500 mills\)\n {2}meter [0-9a-f-]+: withdrawn, AR \$0\.500 \(500 mills\), DR \$0\.000 \(0 mills\), 1 piece/);
});

test('resolve: both sides shown; once the operator confirms, the client gets the vault\'s state at login and adopts it', async () => {
  const m = await signedUp('lc.resolve', 1000);
  m.registers = { ar: 0, dr: 900 }; // the client's mirror went astray (an old profile restored)
  assertError(await m.maced('purchase', { amount: 1 }), 'REGISTER_MISMATCH');
  const shown = await vault('meter', 'resolve', '--user', 'lc.resolve');
  assert.equal(shown.code, 0, shown.err);
  assert.match(shown.out, /vault side \(newest log entries\):\n {4}#\d+ \S+ purchase \$1\.000 \(1000 mills\) → AR 0, DR 1000/);
  assert.match(shown.out, /client side[^\n]*\n {4}\S+ purchase: client AR 0, DR 900 — vault AR 0, DR 1000/);
  assert.match(shown.out, /run this again with --confirm/);
  const r = await vault('meter', 'resolve', '--user', 'lc.resolve', '--confirm', '--reason', 'client restored an old backup');
  assert.equal(r.code, 0, r.err);
  const client = await fx.meter();
  const body = assertOk(await client.login('lc.resolve', PASS, m.hmk));
  assert.deepEqual(body.resolution && { ...(body.resolution as object), at: 'x' }, { at: 'x', ar: 0, dr: 1000, pieces: 0 });
  assert.deepEqual(client.registers, { ar: 0, dr: 1000 }, 'the client adopts the confirmed registers');
  assertOk(await client.maced('indicium', letter(100)), 'value operations go on');
  const later = assertOk(await (await fx.meter()).login('lc.resolve', PASS, m.hmk));
  assert.equal(later.resolution, undefined, 'once the client has shown it holds the state, logins no longer carry it');
  const events = await auditEvents(m.meterId);
  assert.ok(events.includes('register-mismatch') && events.includes('operator-resolve'), events.join());
});

test('credit takes dollars; bad input is refused with a plain message and changes nothing (the forms: test/console/money.test.ts)', async () => {
  await signedUp('lc.credit');
  const r = await vault('credit', '--user', 'lc.credit', '--amount', '20.00');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /credited \$20\.000 \(20000 mills\) to lc\.credit; funds now \$20\.000 \(20000 mills\)/);
  const bad = await vault('credit', '--user', 'lc.credit', '--amount', '1.5', '--unit', 'mills');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /^--amount 1\.5: mills are whole numbers/);
  assert.equal(await funds('lc.credit'), 20_000, 'refused input changed nothing');
});

test('every step is in the chained log, which verifies; no secret in any output, the data folder or the logs', async () => {
  const storage = fx.vault.database.kind;
  await fx.vault.kill('SIGTERM');
  const check = await vaultCli(['verify-log', '--data', fx.vault.dataDir]);
  assert.equal(check.code, 0, check.out + check.err);
  const secrets: Array<[string, Buffer]> = [['meter passphrase', Buffer.from(PASS)]];
  for (const hmk of hmks) secrets.push(['HMK', hmk], ['HMK (base64url)', Buffer.from(hmk.toString('base64url'))]);
  const passFile = join(fx.vault.dataDir, 'keystore.passphrase');
  if (existsSync(passFile)) secrets.push(['key store passphrase', Buffer.from(readFileSync(passFile, 'utf8').trim())]);
  if (testKeyBackend() === 'pkcs11') secrets.push(['PIN', Buffer.from(softHsmToken().pin)]);
  const places: Array<[string, Buffer]> = [['operator commands', Buffer.from(printed.join('\n'))], ['vault output', Buffer.from(fx.vault.output())]];
  if (storage === 'sqlite') places.push(['database', readFileSync(join(fx.vault.dataDir, 'vault.sqlite'))]);
  for (const [where, bytes] of places) {
    for (const [name, secret] of secrets) assert.equal(bytes.includes(secret), false, `${name} found in ${where}`);
  }
  await fx.vault.restart();
});
