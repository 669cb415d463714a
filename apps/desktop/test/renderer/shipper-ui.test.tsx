/** @jsxRuntime automatic @jsxImportSource react */
/// <reference types="node" />
// The screens' side of issue 15's defects and of History: pure rules and the forms, over a bridge double.
import './dom.ts';
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { dollars, parseCents } from '../../src/renderer/components/Money.tsx';
import { filterHistory, historyCsv, NO_FILTER, totalsOf } from '../../src/renderer/store/history-filter.ts';
import { looksLikeWholeAddress, matchReasons, stateMismatch } from '../../src/shared/match-reasons.ts';
import type { HistoryEntry, MailAddress } from '../../src/shared/contract.ts';
import { fakeBridge, signedInStatus, signedOutStatus } from './fake-bridge.ts';
import { mount } from './mount.tsx';

afterEach(cleanup);

const typed: MailAddress = { name: '', street: '650 Turk St', secondary: '', city: 'San Francisco', state: 'CA', zip: '' };
const turk = { street: '650 TURK ST', secondary: '', city: 'SAN FRANCISCO', state: 'CA', zip: '94102' };

test('match reasons are true for the suggestion: a ZIP filled in is added, another ZIP is said, a missing unit is said', () => {
  assert.deepEqual(matchReasons(typed, { address: turk, matchType: 'standardized', score: 0.96, unitMissing: true }), ['ZIP code added', 'apartment or suite number missing']);
  const elsewhere = matchReasons({ ...typed, zip: '94109' }, { address: { ...turk, street: '650 TURK BLVD', zip: '94118' }, matchType: 'number_not_found', score: 0.5 });
  assert.deepEqual(elsewhere, ['house number not found on this street', 'other ZIP code (94118)']);
  assert.equal(stateMismatch({ ...typed, state: 'XX', zip: '94102' }, { zip: '94102', city: 'SAN FRANCISCO', state: 'CA' }), 'ZIP 94102 is in CA (SAN FRANCISCO), not XX.');
  assert.equal(stateMismatch({ ...typed, state: 'ca' }, { zip: '94102', city: 'SAN FRANCISCO', state: 'CA' }), null);
  assert.equal(looksLikeWholeAddress('650 Turk St, San Francisco, CA 94102'), true);
  assert.equal(looksLikeWholeAddress('650 Turk St San Francisco CA 94102'), true);
  assert.equal(looksLikeWholeAddress('650 Turk St'), false);
});

test('money is dollars and cents wherever a person reads it; purchases are whole cents', () => {
  assert.deepEqual([dollars(740), dollars(745), dollars(20_000), dollars(1_234_500)], ['$0.74', '$0.75', '$20.00', '$1,234.50']);
  assert.deepEqual([parseCents('25'), parseCents('$25.5'), parseCents('1,000.00'), parseCents('0.745'), parseCents('abc')], [25_000, 25_500, 1_000_000, null, null]);
});

const entry = (n: number, p: Partial<HistoryEntry>): HistoryEntry => ({
  pieceNumber: n, postage: 740, rateCategory: 'FCLT', addressee: `Pat ${n}, 1 MAIN ST`, destinationZip: '94704', mailDate: '2026-12-01', at: '2026-12-01T10:00:00.000Z', reprintedAt: null, printerId: 'file:PDF folder', status: 'printed', ...p,
});

test('History: search, filters, totals and a CSV export of what is shown', () => {
  const all = [entry(1, {}), entry(2, { rateCategory: 'PRIO', postage: 9_850, mailDate: '2026-12-03', addressee: 'Lee Jordan, 650 TURK ST' }), entry(3, { status: 'refunded', mailDate: '2026-12-05' })];
  assert.deepEqual(filterHistory(all, { ...NO_FILTER, text: 'turk' }).map((e) => e.pieceNumber), [2]);
  assert.deepEqual(filterHistory(all, { ...NO_FILTER, from: '2026-12-02', to: '2026-12-04' }).map((e) => e.pieceNumber), [2]);
  assert.deepEqual(filterHistory(all, { ...NO_FILTER, rateCategory: 'FCLT', status: 'refunded' }).map((e) => e.pieceNumber), [3]);
  assert.deepEqual(totalsOf(all), { pieces: 3, spent: 10_590, refunded: 740, refundedPieces: 1 });
  const csv = historyCsv(all.slice(1, 2)).split('\r\n');
  assert.equal(csv[0], 'piece,mailing date,printed at,re-printed at,class,addressee,destination ZIP,postage (USD),status');
  assert.equal(csv[1], '2,2026-12-03,2026-12-01T10:00:00.000Z,,Priority Mail,"Lee Jordan, 650 TURK ST",94704,9.85,printed');
});

test('sign-up: a refusal keeps both passphrases and goes away on the next edit; a ZIP that is not 5 digits or not a US ZIP keeps the button off', async () => {
  const bridge = fakeBridge(
    {
      lookupZip: (i: { zip: string }) => (i.zip === '00000' ? null : { zip: i.zip, city: 'SAN FRANCISCO', state: 'CA' }),
      register: () => Promise.reject({ code: 'ALREADY_EXISTS', message: 'This username is taken.' }),
    },
    { ...signedOutStatus, online: true },
  );
  await mount(bridge);
  const create = () => screen.getAllByRole('button', { name: 'Create account' }).at(-1) as HTMLButtonElement;
  fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'alice' } });
  fireEvent.change(screen.getByLabelText('Passphrase'), { target: { value: 'correct horse battery staple' } });
  fireEvent.change(screen.getByLabelText('Passphrase again'), { target: { value: 'correct horse battery staple' } });
  for (const zip of ['abcde', '941']) {
    fireEvent.change(screen.getByLabelText('Licensing ZIP code'), { target: { value: zip } });
    assert.equal(create().disabled, true, zip);
  }
  await act(async () => fireEvent.change(screen.getByLabelText('Licensing ZIP code'), { target: { value: '00000' } }));
  assert.match(document.body.textContent ?? '', /ZIP 00000 is not a US ZIP code/);
  assert.equal(create().disabled, true);
  await act(async () => fireEvent.change(screen.getByLabelText('Licensing ZIP code'), { target: { value: '94102' } }));
  assert.match(document.body.textContent ?? '', /Post office: SAN FRANCISCO, CA/);
  await act(async () => fireEvent.submit(create().closest('form')!));
  assert.match(screen.getByRole('alert').textContent ?? '', /This username is taken/);
  assert.equal((screen.getByLabelText('Passphrase') as HTMLInputElement).value, 'correct horse battery staple');
  assert.equal((screen.getByLabelText('Passphrase again') as HTMLInputElement).value, 'correct horse battery staple');
  fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'alice2' } });
  assert.equal(screen.queryByRole('alert'), null, 'the old refusal went with the edit');
});

test('a lockout banner is about its username; signing out lands the next person on Home with the last username offered', async () => {
  const locked = { ...signedOutStatus, knownUsers: ['alice', 'bob'], problem: { code: 'LOCKED_OUT' as const, message: 'This meter is locked.', username: 'alice' } };
  const bridge = fakeBridge({}, locked);
  await mount(bridge);
  fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'alice' } });
  assert.ok(screen.getByRole('alert', { name: 'Locked out' }));
  fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'bob' } });
  assert.equal(screen.queryByRole('alert', { name: 'Locked out' }), null);
});

test('after sign-out the form offers the user who just left, and the next one starts on Home', async () => {
  const bridge = fakeBridge({ logout: () => ({ ...signedOutStatus, online: true, knownUsers: ['alice', 'bob'] }), login: () => ({ ...signedInStatus, username: 'bob' }) }, { ...signedInStatus, username: 'bob', knownUsers: ['alice', 'bob'] });
  await mount(bridge, undefined, (s) => s.setState({ screen: 'history' }));
  await act(async () => fireEvent.click(screen.getByRole('button', { name: /^Sign out/ })));
  assert.equal((screen.getByLabelText('Username') as HTMLInputElement).value, 'bob');
  assert.match(document.body.textContent ?? '', /Connected to the postage service/);
  await act(async () => fireEvent.submit(screen.getByLabelText('Passphrase').closest('form')!));
  assert.equal(screen.getByRole('heading', { level: 1 }).textContent, 'Home');
});

test('printer setup never clamps a typed offset silently: 500 mm is refused in words and nothing can be saved', async () => {
  const file = { id: 'file:PDF folder', name: 'PDF folder', sink: 'file' as const, driverName: 'x', setupPassed: false, offsetsMm: { x: 0, y: 0 } };
  await mount(fakeBridge({ listPrinters: () => [file] }), undefined, (s) => s.setState({ screen: 'printers' }));
  await act(async () => fireEvent.change(screen.getByLabelText('Printer'), { target: { value: file.id } }));
  fireEvent.change(screen.getByLabelText('Horizontal offset X (mm, + moves right)'), { target: { value: '500' } });
  assert.equal((screen.getByLabelText('Horizontal offset X (mm, + moves right)') as HTMLInputElement).value, '500');
  assert.match(document.body.textContent ?? '', /Offsets go from −25 mm to 25 mm; 500 mm is further/);
  assert.equal((screen.getByRole('button', { name: 'Print test envelope' }) as HTMLButtonElement).disabled, true);
});
