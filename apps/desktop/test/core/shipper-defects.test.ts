/**
 * What a new shipper hit (issue 15, "Defects to fix"), on the core against a real vault: each
 * test failed before its fix. The UI side of each is in e2e/specs/13-shipper-defects.spec.ts.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FROM, fundedDesktop, letterJob, letterPiece, makeDesktop, PASSPHRASE, TO, today, type Desktop } from '../helpers/desktop-fixture.ts';
import { vaultBehindProxy } from '../helpers/ws-proxy.ts';

const fx = vaultBehindProxy();

const funded = (username: string): Promise<Desktop> => fundedDesktop(fx.vault, fx.proxy.url, username, 20_000);

test('defect 2: a licensing ZIP that is not a US ZIP is refused at sign-up before anything goes to the vault', async (t) => {
  const d = makeDesktop(fx.vault, fx.proxy.url);
  t.after(() => d.cleanup());
  fx.proxy.ops.length = 0;
  const r = await d.raw('register', { username: 'nozip', licenseZip: '00000', passphrase: PASSPHRASE });
  assert.equal(!r.ok && r.error.code, 'BAD_REQUEST');
  assert.match(!r.ok ? r.error.message : '', /^ZIP 00000 is not a US ZIP code\./);
  assert.ok(!fx.proxy.ops.includes('register'), 'no sealed passphrase was sent');
  assert.equal(existsSync(join(d.profileDir, 'accounts', 'nozip')), false, 'no key was left on disk');
  assert.deepEqual(await d.call('lookupZip', { zip: '94102' }), { zip: '94102', city: 'SAN FRANCISCO', state: 'CA' });
  assert.equal(await d.call('lookupZip', { zip: '00000' }), null);
});

test('defect 4: a delivery state that does not agree with its ZIP (XX with 94102) is refused before a value piece exists', async (t) => {
  const d = await funded('stateless');
  t.after(() => d.cleanup());
  fx.proxy.ops.length = 0;
  const before = d.core.status().registers;
  const r = await d.raw('printPostage', { ...letterJob(), to: { ...TO, state: 'XX', zip: '94102' } });
  assert.equal(!r.ok && r.error.code, 'BAD_REQUEST');
  assert.match(!r.ok ? r.error.message : '', /state XX does not match ZIP 94102, which is in CA/);
  assert.ok(!fx.proxy.ops.includes('indicium'), 'no indicium was asked for');
  assert.deepEqual(d.core.status().registers, before);
  assert.equal(d.pdfs().length, 0);
  const noState = await d.raw('printPostage', { ...letterJob(), to: { ...TO, state: '' } });
  assert.match(!noState.ok ? noState.error.message : '', /add the state\. ZIP 10118 is in NY/);
});

test('defect 5: every refusal a person reads is plain words, never validator text', async (t) => {
  const d = await funded('plainwords');
  t.after(() => d.cleanup());
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const cases: Array<[string, unknown, RegExp]> = [
    ['printPostage', { ...letterJob(), mailDate: yesterday }, /^Pick a mailing date from today to 7 days ahead/],
    ['preview', { ...letterPiece(), mailDate: '2099-01-01' }, /^Pick a mailing date from today to 7 days ahead/],
    ['printPostage', { ...letterJob(), weightOz: 5000 }, /^Enter the weight in ounces/],
    ['register', { username: 'not ok!', licenseZip: '94105', passphrase: PASSPHRASE }, /^A username is 3 to 64 letters/],
    ['printPostage', { ...letterJob(), to: { ...TO, zip: '9410' } }, /^Delivery address: A ZIP code is 5 digits/],
  ];
  for (const [name, input, message] of cases) {
    const r = await d.raw(name, input);
    assert.equal(!r.ok && r.error.code, 'BAD_REQUEST', name);
    assert.match(!r.ok ? r.error.message : '', message, `${name} ${JSON.stringify(input).slice(0, 80)}`);
    assert.doesNotMatch(!r.ok ? r.error.message : '', /body\.|weightOz|mailDate|must be/, 'no validator text');
  }
});

test('defect 8: a re-print keeps the first print time; sign-out stays connected; fractions of a cent cannot be bought', async (t) => {
  const d = await funded('reprinter');
  t.after(() => d.cleanup());
  const { entry } = await d.call('printPostage', letterJob());
  const again = await d.call('reprint', { pieceNumber: entry.pieceNumber, printerId: 'file:PDF folder', skipSetup: true });
  assert.equal(again.status, 're-printed');
  assert.equal(again.at, entry.at, 'the original print time stays');
  assert.ok(again.reprintedAt !== null && again.reprintedAt >= entry.at);
  const cents = await d.raw('buyPostage', { amountMills: 10_005 });
  assert.match(!cents.ok ? cents.error.message : '', /^Enter an amount in dollars and cents/);
  const out = await d.call('logout', {});
  assert.equal(out.online, true, 'still connected to the vault after signing out');
});

test('return address and printer persist across sessions; address book: save, import and export CSV, delete', async (t) => {
  const d = await funded('bookish');
  t.after(() => d.cleanup());
  assert.deepEqual(await d.call('addressBook', {}), { returnAddress: null, printerId: null, entries: [] });
  await d.call('printPostage', { ...letterJob(), mailDate: today() });
  await d.call('logout', {});
  await d.call('login', { username: 'bookish', passphrase: PASSPHRASE });
  const kept = await d.call('addressBook', {});
  assert.deepEqual([kept.returnAddress, kept.printerId], [FROM, 'file:PDF folder']);

  const saved = await d.call('saveAddress', { address: TO });
  assert.equal(saved.entries.length, 1);
  const csv = [
    'Name,Company,Address1,Address2,City,State,Zip',
    'Pat Example,,2175 Kittredge St,,Berkeley,CA,94704',
    '"Lee, Jordan",,"650 Turk St","Apt 504",San Francisco,CA,94102',
    'No Street,,,,Oakland,CA,94606',
    'Bob Receiver,,350 5TH AVE,,NEW YORK,NY,10118',
    '=HYPERLINK("x"),,1 Market St,,San Francisco,CA,94105',
  ].join('\n');
  const imported = await d.call('importAddresses', { csv });
  assert.equal(imported.added, 3);
  assert.deepEqual(imported.skipped.map((s) => s.line), [4, 5]);
  assert.match(imported.skipped[0]!.reason, /street address/);
  assert.match(imported.skipped[1]!.reason, /Already in the address book/);
  const lee = imported.book.entries.find((e) => e.address.name === 'Lee, Jordan');
  assert.deepEqual(lee?.address, { name: 'Lee, Jordan', street: '650 Turk St', secondary: 'Apt 504', city: 'San Francisco', state: 'CA', zip: '94102' });
  const { csv: out } = await d.call('exportAddresses', {});
  assert.match(out, /^name,street,secondary,city,state,zip\r\n/);
  assert.match(out, /"Lee, Jordan",650 Turk St,Apt 504,San Francisco,CA,94102/);
  assert.match(out, /'=HYPERLINK/, 'a formula is never written as one');
  const after = await d.call('deleteAddress', { id: lee!.id });
  assert.equal(after.entries.length, 3);
});

test('every purchase is kept for its receipt: amount, funds and postage after, meter', async (t) => {
  const d = await funded('receipts');
  t.after(() => d.cleanup());
  await d.call('buyPostage', { amountMills: 5_000 });
  const [latest, first] = await d.call('purchases', {});
  assert.deepEqual([latest?.id, latest?.amount, latest?.fundsAfter, latest?.balanceAfter], [2, 5_000, 25_000, 25_000]);
  assert.deepEqual([first?.id, first?.amount, first?.balanceAfter], [1, 20_000, 20_000]);
  assert.equal(latest?.deviceId, d.core.status().deviceId);
});
