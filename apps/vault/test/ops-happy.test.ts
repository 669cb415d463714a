import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { auditSignatureInput, helloSignatureInput, parseResponseBody } from '@vbi/protocol';
import { randomNonce } from '@vbi/protocol/crypto';
import { decodeIndicium, verifyIndicium } from '@vbi/indicia';
import { startTestVault, type TestVault } from '../src/testing/index.ts';
import { MeterClient, today } from '../src/testing/meter-client.ts';

let vault: TestVault;
const clients: MeterClient[] = [];
const connect = async () => {
  const c = await MeterClient.connect(vault.url, vault.trustDir);
  clients.push(c);
  return c;
};

before(async () => {
  vault = await startTestVault();
});
after(async () => {
  for (const c of clients) c.close();
  await vault.stop();
});

test('hello is signed by the bank-auth key of the trust bundle', async () => {
  const c = await connect();
  const clientNonce = randomNonce();
  const a = await c.send('hello', { clientNonce });
  assert.equal(a.ok, true);
  const body = parseResponseBody('hello', a.body);
  const key = createPublicKey(readFileSync(join(vault.trustDir, 'bank-auth.pub.pem')));
  const ok = verify('sha256', Buffer.from(helloSignatureInput(clientNonce)), { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(body.signature, 'base64url'));
  assert.equal(ok, true);
  assert.ok(body.moduleSerial >= 1);
});

test('register, purchase, indicium, piece, refund, audit, printerResult, logout, login', async () => {
  const c = await connect();
  const reg = await c.register('Alice.Happy', 'correct horse battery');
  assert.equal(reg.ok, true, JSON.stringify(reg.error));
  const regBody = parseResponseBody('register', reg.body);
  assert.deepEqual(regBody.registers, { ar: 0, dr: 0 });
  const caPem = await (await fetch(`${vault.httpUrl}/v1/certs/ca`)).text();
  assert.equal(caPem, readFileSync(join(vault.trustDir, 'ca.pem'), 'utf8'));

  await vault.credit('alice.happy', 10_000);
  const buy = await c.maced('purchase', { amount: 5000 });
  assert.equal(buy.ok, true, JSON.stringify(buy.error));
  assert.deepEqual(parseResponseBody('purchase', buy.body).registers, { ar: 0, dr: 5000 });
  assert.equal(buy.body?.funds, 5000);

  const ind = await c.maced('indicium', { kind: 'postage', postage: 740, rateCategory: 'FCLT', mailDate: today(), destinationZip: '10001-1234' });
  assert.equal(ind.ok, true, JSON.stringify(ind.error));
  const indBody = parseResponseBody('indicium', ind.body);
  assert.equal(indBody.pieceNumber, 1);
  assert.deepEqual(indBody.registers, { ar: 740, dr: 4260 });
  const bytes = Buffer.from(indBody.indicium, 'base64url');
  const decoded = decodeIndicium(bytes);
  assert.equal(decoded.ar, 740);
  assert.equal(decoded.dr, 4260);
  assert.equal(decoded.postage, 740);
  assert.equal(decoded.pieceNumber, 1);
  assert.equal(decoded.originZip, 94102);
  assert.equal(decoded.destinationZip, 100011234);
  assert.equal(decoded.psdSerial, regBody.deviceId.serial);
  assert.equal(decoded.vendorId, 1);
  const certRes = await fetch(`${vault.httpUrl}/v1/certs/${decoded.certSerial}`);
  assert.equal(certRes.status, 200);
  assert.equal(certRes.headers.get('content-type'), 'application/x-pem-file');
  const certPem = await certRes.text();
  assert.equal(certPem, regBody.certificate);
  assert.equal(verifyIndicium(bytes, certPem), true);

  const test = await c.maced('indicium', { kind: 'test', postage: 0, rateCategory: 'TEST', mailDate: today(1) });
  assert.equal(test.ok, true, JSON.stringify(test.error));
  assert.equal(test.body?.pieceNumber, 0);
  assert.equal(decodeIndicium(Buffer.from(test.body?.indicium as string, 'base64url')).kind, 2);
  assert.deepEqual(c.registers, { ar: 740, dr: 4260 });

  const again = await c.maced('piece', { pieceNumber: 1 });
  assert.equal(again.ok, true, JSON.stringify(again.error));
  assert.equal(again.body?.indicium, indBody.indicium);

  const refund = await c.maced('refund', { pieceNumber: 1 });
  assert.equal(refund.ok, true, JSON.stringify(refund.error));
  assert.equal(refund.body?.amount, 740);
  assert.deepEqual(c.registers, { ar: 740, dr: 5000 });

  const audit = await c.maced('audit', {});
  assert.equal(audit.ok, true, JSON.stringify(audit.error));
  const auditBody = parseResponseBody('audit', audit.body);
  assert.equal(auditBody.record.ar, 740);
  assert.equal(auditBody.record.pieces, 1);
  const bankAuth = createPublicKey(readFileSync(join(vault.trustDir, 'bank-auth.pub.pem')));
  assert.equal(verify('sha256', Buffer.from(auditSignatureInput(auditBody.record)), { key: bankAuth, dsaEncoding: 'ieee-p1363' },
    Buffer.from(auditBody.signature, 'base64url')), true);

  const pr = await c.maced('printerResult', { printerName: 'Test Printer', media: 'envelope-10', offsetsMm: { x: 0.5, y: -0.5 }, passed: true });
  assert.equal(pr.ok, true, JSON.stringify(pr.error));

  const out = await c.maced('logout', {});
  assert.equal(out.ok, true, JSON.stringify(out.error));
  const afterLogout = await c.maced('audit', {});
  assert.equal(afterLogout.error?.code, 'AUTH_FAILED');

  const hmk = c.hmk;
  const c2 = await connect();
  const login = await c2.login('ALICE.HAPPY', 'correct horse battery', hmk);
  assert.equal(login.ok, true, JSON.stringify(login.error));
  const loginBody = parseResponseBody('login', login.body);
  assert.deepEqual(loginBody.registers, { ar: 740, dr: 5000 });
  assert.equal(loginBody.pieces, 1);
  assert.equal(loginBody.lastPiece?.pieceNumber, 1);
  assert.equal(loginBody.lastPiece?.postage, 740);
});

test('client-support ops answer through the socket', async () => {
  const c = await connect();
  const q = await c.send('ratesQuote', { mailClass: 'first-class-letter', weightOz: 1, fromZip: '94102', toZip: '10001' });
  assert.equal(q.ok, true, JSON.stringify(q.error));
  assert.equal(q.body?.rateCategory, 'FCLT');
  const p = await c.send('printerCheck', { printerName: 'x', driverName: 'y', os: 'linux' });
  assert.equal(p.ok, true, JSON.stringify(p.error));
  const m = await c.send('amsMatch', { street: '650 Turk St', city: 'San Francisco', state: 'CA', zip: '94102' });
  assert.equal(m.ok, true, JSON.stringify(m.error));
});

test('health and certificate directory', async () => {
  const h = await (await fetch(`${vault.httpUrl}/v1/health`)).json() as { ok: boolean; halted: boolean; modules: unknown[] };
  assert.equal(h.ok, true);
  assert.equal(h.halted, false);
  assert.equal(h.modules.length, 2);
  assert.equal((await fetch(`${vault.httpUrl}/v1/certs/4000000000`)).status, 404);
  assert.equal((await fetch(`${vault.httpUrl}/v1/certs/abc`)).status, 404);
});
