/**
 * A whole vault whose keys are in a SoftHSM2 token (`vault init --keys pkcs11`), through the real
 * CLI: register, login, purchase, indicium, refund and audit, with indicia that verify against
 * the meter certificate and signatures that verify with the trust bundle; a restart (module
 * memory opens under the token's key); backup and verify-log. Then nothing secret anywhere: not
 * the PIN, not a meter's HMK or passphrase, in the data folder, the logs or the answers; and a
 * meter's signing key, even with the package opened, is only the token's wrap of it.
 */
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { auditSignatureInput, helloSignatureInput, parseResponseBody } from '@vbi/protocol';
import { randomNonce } from '@vbi/protocol/crypto';
import { verifyIndicium } from '@vbi/indicia';
import { openPackage, unwrapSecret } from '../../src/bank/psd-package.ts';
import { openVaultBackend } from '../../src/keystore/open-backend.ts';
import { softHsmToken, startTestVault, type Answer, type TestVault } from '../../src/testing/index.ts';
import { MeterClient, today } from '../../src/testing/meter-client.ts';
import { vaultCli } from '../backup/cli-run.ts';

const PASSPHRASE = 'a token-kept passphrase';
let vault: TestVault;
const clients: MeterClient[] = [];
const answers: Answer[] = [];

async function connect(): Promise<MeterClient> {
  const c = await MeterClient.connect(vault.url, vault.trustDir);
  clients.push(c);
  return c;
}

async function ok(a: Promise<Answer>, what: string): Promise<Answer> {
  const answer = await a;
  answers.push(answer);
  assert.equal(answer.ok, true, `${what}: ${JSON.stringify(answer.error)}`);
  return answer;
}

/** Every regular file below `dir` (the operator socket, DIR/admin.sock, holds no bytes). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const st = statSync(path);
    // Files only: the operator socket (admin.sock) cannot be read.
    return st.isDirectory() ? filesUnder(path) : st.isFile() ? [path] : [];
  });
}

before(async () => {
  vault = await startTestVault({ keys: 'pkcs11', modules: 2, startArgs: ['--log-offload-seconds', '1'] });
});
after(async () => {
  for (const c of clients) c.close();
  await vault.stop();
});

test('a token vault serves every op; indicia verify against the meter certificate, signatures against the trust bundle', async () => {
  const bankAuth = createPublicKey(readFileSync(join(vault.trustDir, 'bank-auth.pub.pem')));
  const c = await connect();
  const clientNonce = randomNonce();
  const hello = parseResponseBody('hello', (await ok(c.send('hello', { clientNonce }), 'hello')).body);
  assert.equal(verify('sha256', Buffer.from(helloSignatureInput(clientNonce)), { key: bankAuth, dsaEncoding: 'ieee-p1363' },
    Buffer.from(hello.signature, 'base64url')), true, 'hello signed by bank-auth in the token');

  const reg = parseResponseBody('register', (await ok(c.register('Token.User', PASSPHRASE), 'register')).body);
  await vault.credit('token.user', 10_000);
  await ok(c.maced('purchase', { amount: 6000 }), 'purchase');
  const hmk = c.hmk;
  await ok(c.maced('logout', {}), 'logout');
  await ok(c.login('token.user', PASSPHRASE, hmk), 'login');

  for (const postage of [740, 1250]) {
    const ind = parseResponseBody('indicium', (await ok(c.maced('indicium', {
      kind: 'postage', postage, rateCategory: 'FCLT', mailDate: today(), destinationZip: '10001',
    }), 'indicium')).body);
    assert.equal(verifyIndicium(Buffer.from(ind.indicium, 'base64url'), reg.certificate), true, 'indicium verifies against the meter certificate');
  }
  const ca = readFileSync(join(vault.trustDir, 'ca.pem'), 'utf8');
  assert.equal(new (await import('node:crypto')).X509Certificate(reg.certificate).verify(createPublicKey(ca)), true, 'meter certificate issued by the token CA');

  const refund = parseResponseBody('refund', (await ok(c.maced('refund', { pieceNumber: 1 }), 'refund')).body);
  assert.deepEqual(refund.registers, { ar: 1990, dr: 4750 });

  const audit = parseResponseBody('audit', (await ok(c.maced('audit', {}), 'audit')).body);
  assert.equal(verify('sha256', Buffer.from(auditSignatureInput(audit.record)), { key: bankAuth, dsaEncoding: 'ieee-p1363' },
    Buffer.from(audit.signature, 'base64url')), true, 'audit record signed by bank-auth in the token');
});

test('after a restart the modules open their memory under the token and go on', async () => {
  await vault.restart();
  const c = await connect();
  await ok(c.login('token.user', PASSPHRASE, clients[0]?.hmk), 'login after restart');
  const ind = await ok(c.maced('indicium', { kind: 'postage', postage: 500, rateCategory: 'FCLT', mailDate: today() }), 'indicium after restart');
  assert.equal(parseResponseBody('indicium', ind.body).pieceNumber, 3);
  assert.doesNotMatch(vault.output(), /inhibited|auto-recover/);
});

test('backup, verify-log and recover work with the token\'s backup, log and checkpoint keys', async () => {
  const snapshot = join(vault.dataDir, 'snap.vbisnap');
  const backup = await vaultCli(['backup', '--data', vault.dataDir, '--out', snapshot]);
  assert.equal(backup.code, 0, backup.err);
  const header = JSON.parse(readFileSync(snapshot).subarray(12, 12 + readFileSync(snapshot).readUInt32BE(8)).toString()) as { key?: string };
  assert.equal(typeof header.key, 'string', 'the snapshot carries its data key, sealed by the token');
  await vault.kill('SIGTERM'); // the final off-load
  const check = await vaultCli(['verify-log', '--data', vault.dataDir]);
  assert.equal(check.code, 0, check.out + check.err);
  assert.match(check.out, /off-loaded log: [1-9]\d* segment\(s\), \d+ entries verified, chain intact/);
  const fresh = mkdtempSync(join(tmpdir(), 'vbi-token-recover-'));
  try {
    const recovered = await vaultCli(['recover', '--snapshot', snapshot, '--logs', join(vault.dataDir, 'backup', 'log'),
      '--keys', vault.dataDir, '--data', join(fresh, 'data')]);
    assert.equal(recovered.code, 0, recovered.err);
    assert.match(recovered.out, /recovered: /);
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
  await vault.restart();
});

test('no secret in the data folder, the logs or the answers; the package keeps only the token\'s wrap of the meter key', async () => {
  const c = clients[0] as MeterClient;
  const secrets: Array<[string, Buffer]> = [
    ['PIN', Buffer.from(softHsmToken().pin)],
    ['passphrase', Buffer.from(PASSPHRASE)],
    ['HMK', c.hmk],
    ['HMK (base64url)', Buffer.from(c.hmk.toString('base64url'))],
    ['HMK (hex)', Buffer.from(c.hmk.toString('hex'))],
  ];
  const places: Array<[string, Buffer]> = [
    ...filesUnder(vault.dataDir).map((f) => [f, readFileSync(f)] as [string, Buffer]),
    ['vault output', Buffer.from(vault.output())],
    ['answers', Buffer.from(JSON.stringify(answers))],
  ];
  for (const [where, bytes] of places) {
    for (const [name, secret] of secrets) assert.equal(bytes.includes(secret), false, `${name} found in ${where}`);
  }

  const backend = openVaultBackend(vault.dataDir);
  const db = new Database(join(vault.dataDir, 'vault.sqlite'), { readonly: true });
  try {
    const row = db.prepare('SELECT p.package FROM packages p JOIN meters m ON m.id = p.meter_id WHERE m.id = ?').get(c.meterId) as { package: Buffer };
    const pkg = openPackage(backend.psd, c.meterId as string, row.package);
    assert.deepEqual(unwrapSecret(backend.psd, pkg.meterId, 'hmk', pkg.hmk as string), c.hmk, 'the HMK is sealed under the token');
    const blob = unwrapSecret(backend.psd, pkg.meterId, 'sign', pkg.signingKey);
    assert.throws(() => createPrivateKey({ key: blob, format: 'der', type: 'pkcs8' }), 'the opened package holds no importable key');
  } finally {
    db.close();
    backend.close();
  }
});
