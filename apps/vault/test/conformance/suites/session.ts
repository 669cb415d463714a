/** SPEC §3.3 hello, register and login, and the field rules of SPEC §3, from the wire. */
import assert from 'node:assert/strict';
import { constants, publicEncrypt, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { PASS, type Fixture } from '../fixture.ts';
import { assertError, assertOk } from '../meter.ts';
import { assertAnswerShape } from '../shapes.ts';
import { b64u, jcs, nonce, p1363Verifies, seal } from '../spec-crypto.ts';

export function sessionTests(fx: Fixture): void {
  test('hello: {moduleSerial, signature, loginNonce}, ECDSA P-256 P1363 over "vbi1:hello:" + clientNonce by the pinned bank-auth key', async () => {
    const w = await fx.wire();
    const clientNonce = nonce();
    const r = await w.request('hello', { clientNonce });
    const body = assertOk(r);
    assertAnswerShape('hello', body);
    assert.equal(r.mac, undefined, 'hello answers carry no MAC');
    assert.equal(p1363Verifies(fx.trust.bankAuth, `vbi1:hello:${clientNonce}`, body.signature as string), true);
    assert.equal(p1363Verifies(fx.trust.bankAuth, `vbi1:hello:${nonce()}`, body.signature as string), false, 'bound to our nonce');
    const again = assertOk(await w.request('hello', { clientNonce }));
    assert.notEqual(again.loginNonce, body.loginNonce, 'a fresh loginNonce per hello (SPEC v1.1)');
  });

  test('register: exact answer fields, MAC under the new HMK, zero registers; the connection is signed in', async () => {
    const m = await fx.meter();
    const r = await m.register('Reg.Fields', PASS, '94102');
    const body = assertOk(r);
    assertAnswerShape('register', body);
    assert.deepEqual(body.registers, { ar: 0, dr: 0 });
    assertOk(await m.maced('audit', {}), 'a MACed op with the challenge of the register answer');
  });

  test('usernames are unique without regard to case (ALREADY_EXISTS) and follow the field rules', async () => {
    assertOk(await (await fx.meter()).register('Case.Sensitive-1', PASS));
    for (const name of ['case.sensitive-1', 'CASE.SENSITIVE-1']) assertError(await (await fx.meter()).register(name, PASS), 'ALREADY_EXISTS', name);
    const m = await fx.meter();
    for (const bad of ['ab', 'x'.repeat(65), 'has space', 'at@sign', 'slash/name', 'plus+name', '']) {
      assertError(await m.register(bad, PASS), 'BAD_REQUEST', JSON.stringify(bad));
    }
    assertOk(await (await fx.meter()).register('abc', PASS), '3 characters');
    assertOk(await (await fx.meter()).register(`A.b_c-9${'z'.repeat(57)}`, PASS), '64 characters of letters, digits, ".", "_", "-"');
  });

  test('register: licenseZip is 5 digits; the sealed secret must open and hold {hmk (32 bytes), passphrase (≥ 10), clientNonce, loginNonce}', async () => {
    const m = await fx.meter();
    for (const zip of ['9410', '941021', '94102-1234', 'abcde', 94102]) {
      const sealed = seal(fx.trust.bankEnc, { hmk: b64u(randomBytes(32)), passphrase: PASS, clientNonce: nonce(), loginNonce: await m.loginNonce() });
      assertError(await m.wire.request('register', { username: 'zip-user', licenseZip: zip, sealed }), 'BAD_REQUEST', String(zip));
    }
    const send = (sealed: string) => m.wire.request('register', { username: 'sealed-user', licenseZip: '94102', sealed });
    // Each attempt seals a fresh loginNonce, so only the named fault is wrong.
    const sealFresh = async (secret: object) => seal(fx.trust.bankEnc, { loginNonce: await m.loginNonce(), ...secret });
    const secret = { hmk: b64u(randomBytes(32)), passphrase: PASS, clientNonce: nonce() };
    assertError(await send(b64u(randomBytes(384))), 'BAD_REQUEST', 'random bytes');
    assertError(await send(await sealFresh({ ...secret, passphrase: '123456789' })), 'BAD_REQUEST', '9-character passphrase');
    assertError(await send(await sealFresh({ ...secret, hmk: b64u(randomBytes(31)) })), 'BAD_REQUEST', '31-byte HMK');
    assertError(await send(await sealFresh({ hmk: secret.hmk, passphrase: PASS })), 'BAD_REQUEST', 'no clientNonce');
    assertError(await send(seal(fx.trust.bankEnc, secret)), 'BAD_REQUEST', 'no loginNonce (SPEC v1.1)');
    const sha1 = publicEncrypt({ key: fx.trust.bankEnc, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      Buffer.from(jcs({ ...secret, loginNonce: await m.loginNonce() })));
    assertError(await send(b64u(sha1)), 'BAD_REQUEST', 'OAEP with SHA-1 is not what SPEC asks');
    const emoji = await sealFresh({ ...secret, passphrase: '\u{1F600}'.repeat(9) });
    assertError(await send(emoji), 'BAD_REQUEST', '9 characters (18 UTF-16 code units) are fewer than 10');
    assertOk(await m.register('sealed-user', '1234567890'), 'the name was not taken by the refused attempts; 10 characters is enough');
    assertOk(await (await fx.meter()).register('emoji-user', '\u{1F600}'.repeat(10)), '10 characters outside the BMP');
  });

  test('login: exact answer fields, MAC under the registered HMK, pieces 0 and lastPiece null; it rolls the one outstanding challenge', async () => {
    const first = await fx.signedUp('login.fields');
    const second = await fx.meter();
    const r = await second.login('LOGIN.FIELDS', PASS, first.hmk);
    const body = assertOk(r);
    assertAnswerShape('login', body);
    assert.equal(body.meterId, first.meterId);
    assert.deepEqual(body.registers, { ar: 0, dr: 0 });
    assert.equal(body.pieces, 0);
    assert.equal(body.lastPiece, null);
    assertError(await first.maced('audit', {}), 'STALE_CHALLENGE', 'the register challenge is no longer the outstanding one');
    first.challenge = second.challenge;
    assertOk(await first.maced('audit', {}), 'the login challenge works on the first connection too');
  });

  test('login: unknown user and wrong passphrase are the same AUTH_FAILED; a sealed nonce other than the body nonce fails', async () => {
    const owner = await fx.signedUp('auth.user');
    const m = await fx.meter();
    const unknown = await m.login('no.such.user', PASS);
    const wrong = await m.login('auth.user', 'not the passphrase');
    assertError(unknown, 'AUTH_FAILED');
    assertError(wrong, 'AUTH_FAILED');
    assert.equal(unknown.error?.message, wrong.error?.message, 'no user enumeration');
    const sealed = seal(fx.trust.bankEnc, { passphrase: PASS, clientNonce: nonce(), loginNonce: await m.loginNonce() });
    assertError(await m.wire.request('login', { username: 'auth.user', clientNonce: nonce(), sealed }), 'AUTH_FAILED');
    assertOk(await owner.maced('audit', {}), 'failed logins left the outstanding challenge alone');
    assertOk(await m.login('auth.user', PASS, owner.hmk), 'the right passphrase still works');
  });

  test('five failed logins in a row lock the meter (LOCKED_OUT, the right passphrase included); a success resets the count', async () => {
    const owner = await fx.signedUp('lock.row');
    const m = await fx.meter();
    for (let i = 0; i < 4; i++) assertError(await m.login('lock.row', 'wrong passphrase'), 'AUTH_FAILED', `failure ${i + 1}`);
    assertOk(await m.login('lock.row', PASS, owner.hmk), 'a success after four failures');
    for (let i = 0; i < 4; i++) assertError(await m.login('lock.row', 'wrong passphrase'), 'AUTH_FAILED', `failure ${i + 1} after reset`);
    // docs/protocol.md: the failure that reaches five is itself answered LOCKED_OUT.
    assertError(await m.login('lock.row', 'wrong passphrase'), 'LOCKED_OUT', 'fifth failure in a row');
    assertError(await m.login('lock.row', PASS, owner.hmk), 'LOCKED_OUT', 'the right passphrase during the lock');
  });

  test('a passphrase with non-ASCII characters: JCS keeps the UTF-8, and login with the same text works', async () => {
    const m = await fx.meter();
    const passphrase = 'pässwörd ünïcödé ✓ 日本';
    assertOk(await m.register('unicode.user', passphrase));
    assertOk(await (await fx.meter()).login('unicode.user', passphrase, m.hmk));
    assertError(await (await fx.meter()).login('unicode.user', 'passwort unicode ✓ 日本'), 'AUTH_FAILED');
  });

  test('client-support ops without MAC: SPEC field names, no MAC (smoke; covered in depth elsewhere)', async () => {
    const w = await fx.wire();
    const quote = await w.request('ratesQuote', { mailClass: 'first-class-letter', weightOz: 1, fromZip: '94102', toZip: '10001' });
    assertAnswerShape('ratesQuote', assertOk(quote));
    assert.equal(quote.body?.rateCategory, 'FCLT');
    const printer = await w.request('printerCheck', { printerName: 'Some Printer', driverName: 'Some Driver', os: 'linux' });
    assertAnswerShape('printerCheck', assertOk(printer));
    const ams = await w.request('amsMatch', { street: '650 Turk St', city: 'San Francisco', state: 'CA', zip: '94102' });
    assertAnswerShape('amsMatch', assertOk(ams));
    assert.ok(['exact', 'corrected', 'ambiguous', 'not_found'].includes(ams.body?.status as string));
    for (const r of [quote, printer, ams]) assert.equal(r.mac, undefined);
  });
}
