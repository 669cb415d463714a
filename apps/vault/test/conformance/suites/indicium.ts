/**
 * SPEC §5 and §6 from the outside: the 113 indicium bytes read at the SPEC offsets, verified
 * with the meter certificate of GET /v1/certs/<serial>, itself issued by GET /v1/certs/ca;
 * the mailDate window; GET /v1/health.
 */
import assert from 'node:assert/strict';
import { createPublicKey, X509Certificate } from 'node:crypto';
import { test } from 'node:test';
import type { Fixture } from '../fixture.ts';
import { certSerialOf, dateAsUint, INDICIUM_BYTES, parseIndicium, zipAsUint, type Indicium } from '../indicium-format.ts';
import { assertError, assertOk, today, type Meter } from '../meter.ts';
import { p1363Verifies, unb64u } from '../spec-crypto.ts';

export function indiciumTests(fx: Fixture): void {
  async function get(path: string): Promise<Response> {
    return fetch(`${fx.vault.httpUrl}${path}`);
  }

  /** Prints one indicium and returns its answer body and the parsed bytes. */
  async function print(m: Meter, own: object): Promise<{ body: Record<string, unknown>; ind: Indicium; bytes: Buffer }> {
    const body = assertOk(await m.maced('indicium', own));
    const bytes = unb64u(body.indicium as string);
    assert.equal(bytes.length, INDICIUM_BYTES);
    return { body, ind: parseIndicium(bytes), bytes };
  }

  /** The meter certificate as published, checked against the CA as published. */
  async function publishedCertificate(serial: number): Promise<X509Certificate> {
    const res = await get(`/v1/certs/${serial}`);
    assert.equal(res.status, 200);
    const cert = new X509Certificate(await res.text());
    const ca = new X509Certificate(await (await get('/v1/certs/ca')).text());
    assert.equal(certSerialOf(cert), serial, 'X.509 serial = certificate serial');
    assert.equal(cert.checkIssued(ca), true, 'issued by the vault CA');
    assert.equal(cert.verify(ca.publicKey), true, 'signed by the vault CA');
    assert.equal(cert.publicKey.asymmetricKeyType, 'ec');
    return cert;
  }

  test('the trust bundle (SPEC §2): bank-auth P-256, bank-enc RSA-3072, the CA certificate, release Ed25519', () => {
    assert.equal(fx.trust.bankAuth.asymmetricKeyType, 'ec');
    assert.equal(fx.trust.bankAuth.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    assert.equal(fx.trust.bankEnc.asymmetricKeyType, 'rsa');
    assert.equal(fx.trust.bankEnc.asymmetricKeyDetails?.modulusLength, 3072);
    assert.equal(createPublicKey(fx.trust.releasePem).asymmetricKeyType, 'ed25519');
    const ca = new X509Certificate(fx.trust.caPem);
    assert.equal(ca.ca, true);
    assert.equal(ca.checkIssued(ca), true, 'self-issued');
  });

  test('GET /v1/certs/ca is the pinned trust/ca.pem; unknown serials are 404', async () => {
    const ca = await get('/v1/certs/ca');
    assert.equal(ca.status, 200);
    assert.equal(new X509Certificate(await ca.text()).fingerprint256, new X509Certificate(fx.trust.caPem).fingerprint256);
    assert.equal((await get('/v1/certs/4000000000')).status, 404);
  });

  test('a postage indicium: every field at its SPEC §5 offset, signed over bytes 0–48 by the published meter certificate', async () => {
    const m = await fx.meter();
    const reg = assertOk(await m.register('bytes.one', 'a passphrase long enough', '02134'));
    await fx.vault.credit('bytes.one', 100_000);
    assertOk(await m.maced('purchase', { amount: 100_000 }));
    const mailDate = fx.today(2);
    const { body, ind, bytes } = await print(m, { kind: 'postage', postage: 12_345, rateCategory: 'FCFL', mailDate, destinationZip: '10001-1234' });
    const deviceId = reg.deviceId as { vendor: number; model: number; serial: number };
    assert.equal(ind.version, 1);
    assert.equal(ind.algorithm, 1);
    assert.equal(ind.vendorId, deviceId.vendor);
    assert.equal(ind.model, deviceId.model);
    assert.equal(ind.psdSerial, deviceId.serial);
    assert.equal(ind.ar, 12_345, 'AR after this piece');
    assert.equal(ind.postage, 12_345);
    assert.equal(ind.mailDate, dateAsUint(mailDate));
    assert.equal(ind.originZip, 2134, 'licensing ZIP 02134 as uint32');
    assert.equal(ind.pieceNumber, 1);
    assert.equal(ind.pieceNumber, body.pieceNumber);
    assert.equal(ind.dr, 100_000 - 12_345, 'DR after this piece');
    assert.equal(ind.rateCategory, 'FCFL');
    assert.equal(ind.destinationZip, 100011234);
    assert.equal(ind.kind, 1);
    assert.ok(ind.softwareId >= 0 && ind.softwareId <= 0xffff);
    assert.deepEqual({ ar: ind.ar, dr: ind.dr }, m.registers, 'the indicium registers are the answer registers');

    const cert = await publishedCertificate(ind.certSerial);
    assert.equal(cert.fingerprint256, new X509Certificate(reg.certificate as string).fingerprint256, 'the register answer carried it');
    assert.equal(p1363Verifies(cert.publicKey, ind.signed, ind.signature.toString('base64url')), true, 'signature over bytes 0–48');
    const flipped = Buffer.from(bytes);
    flipped[19] = (flipped[19] as number) ^ 1;
    assert.equal(p1363Verifies(cert.publicKey, flipped.subarray(0, 49), ind.signature.toString('base64url')), false);
  });

  test('destination ZIP: 5 digits → zip5*10000, none → 0; each paid rate category in 4 ASCII bytes', async () => {
    const m = await fx.signedUp('bytes.two', 10_000);
    const five = await print(m, { kind: 'postage', postage: 100, rateCategory: 'PCRD', mailDate: fx.today(), destinationZip: '94105' });
    assert.equal(five.ind.destinationZip, zipAsUint('94105'));
    assert.equal(five.ind.destinationZip, 941050000);
    const none = await print(m, { kind: 'postage', postage: 100, rateCategory: 'PRIO', mailDate: fx.today() });
    assert.equal(none.ind.destinationZip, 0);
    assert.equal(five.ind.rateCategory, 'PCRD');
    assert.equal(none.ind.rateCategory, 'PRIO');
    assert.equal(none.ind.ar, 200);
    assert.equal(none.ind.pieceNumber, 2);
  });

  test('a test print: kind 2, postage 0, piece number 0, rate category TEST, registers as they were, signed like any indicium', async () => {
    const m = await fx.signedUp('bytes.sample', 5000);
    assertOk(await m.maced('indicium', { kind: 'postage', postage: 700, rateCategory: 'FCLT', mailDate: fx.today() }));
    const before = { ...m.registers };
    const { body, ind } = await print(m, { kind: 'test', postage: 0, rateCategory: 'TEST', mailDate: fx.today(7) });
    assert.equal(body.pieceNumber, 0);
    assert.deepEqual(m.registers, before, 'registers unchanged');
    assert.equal(ind.kind, 2);
    assert.equal(ind.postage, 0);
    assert.equal(ind.pieceNumber, 0);
    assert.equal(ind.rateCategory, 'TEST');
    assert.deepEqual({ ar: ind.ar, dr: ind.dr }, before);
    const cert = await publishedCertificate(ind.certSerial);
    assert.equal(p1363Verifies(cert.publicKey, ind.signed, ind.signature.toString('base64url')), true);
  });

  test('mailDate from today to today + 7 days in the vault time zone; other days and non-dates are BAD_REQUEST', async () => {
    const m = await fx.signedUp('bytes.dates', 5000);
    assert.notEqual(fx.today(), today(0, 'UTC'), `the vault runs in a zone (${fx.timeZone}) whose date is not UTC's now`);
    const ask = (mailDate: unknown) => m.maced('indicium', { kind: 'postage', postage: 1, rateCategory: 'FCLT', mailDate });
    for (const day of [0, 3, 7]) assertOk(await ask(fx.today(day)), `today + ${day}`);
    for (const bad of [fx.today(-1), fx.today(8), fx.today(400), '2026-02-30', '20260101', '2026-1-01', 20260101]) {
      assertError(await ask(bad), 'BAD_REQUEST', String(bad));
    }
    assert.deepEqual(m.registers, { ar: 3, dr: 4997 });
  });

  test('GET /v1/health: liveness and whether the vault is halted', async () => {
    const res = await get('/v1/health');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const health = (await res.json()) as { ok: unknown; halted: unknown };
    assert.equal(health.ok, true);
    assert.equal(health.halted, false);
  });
}
