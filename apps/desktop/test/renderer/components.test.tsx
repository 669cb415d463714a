/** @jsxRuntime automatic @jsxImportSource react */
/// <reference types="node" />
import './dom.ts';
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { AddressFields } from '../../src/renderer/components/AddressFields.tsx';
import type { AddressCheck } from '../../src/renderer/store/compose-draft.ts';
import type { MailAddress } from '../../src/shared/contract.ts';
import { fakeBridge, signedInStatus, signedOutStatus, type FakeBridge } from './fake-bridge.ts';
import { mount } from './mount.tsx';

afterEach(cleanup);

test('home shows one postage balance in dollars and cents, the control total under meter details, and buys a preset', async () => {
  const bridge = fakeBridge({ buyPostage: () => ({ ...signedInStatus, registers: { ar: 2220, dr: 37780 } }) });
  await mount(bridge);
  assert.equal(screen.getByTestId('dr').textContent, '$17.78');
  assert.equal(screen.getByTestId('dr-exact').textContent, '$17.780', 'every mill only in Meter details');
  assert.ok(screen.getByTestId('control').closest('details'), 'the control total is under Advanced / Meter details');
  assert.equal(screen.getByTestId('control').textContent, '$20.000');
  assert.equal(screen.getByTestId('pieces').textContent, '3');
  await act(async () => fireEvent.click(screen.getByRole('button', { name: '$20.00' })));
  assert.deepEqual(bridge.calls.find((c) => c.name === 'buyPostage')?.input, { amountMills: 20000 });
  assert.equal(screen.getByTestId('dr').textContent, '$37.78');
});

test('value buttons are disabled while value operations are blocked, and the reason is shown', async () => {
  const blocked = { ...signedInStatus, valueOpsBlocked: true, problem: { code: 'REGISTER_MISMATCH' as const, message: 'Registers differ.' } };
  await mount(fakeBridge({}, blocked));
  assert.match(screen.getByRole('alert').textContent ?? '', /Registers do not match.*Registers differ/);
  assert.equal((screen.getByRole('button', { name: '$10.00' }) as HTMLButtonElement).disabled, true);
});

test('first run creates an account with what was typed', async () => {
  const bridge = fakeBridge({ register: () => signedInStatus }, signedOutStatus);
  await mount(bridge);
  fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'alice' } });
  fireEvent.change(screen.getByLabelText('Licensing ZIP code'), { target: { value: '94103' } });
  fireEvent.change(screen.getByLabelText('Passphrase'), { target: { value: 'short' } });
  assert.match(document.body.textContent ?? '', /Too short/);
  fireEvent.change(screen.getByLabelText('Passphrase'), { target: { value: 'correct horse battery staple' } });
  fireEvent.change(screen.getByLabelText('Passphrase again'), { target: { value: 'correct horse battery staple' } });
  await act(async () => fireEvent.submit(screen.getByLabelText('Passphrase again').closest('form')!));
  assert.deepEqual(bridge.calls.find((c) => c.name === 'register')?.input, { username: 'alice', licenseZip: '94103', passphrase: 'correct horse battery staple' });
  assert.equal(screen.getByRole('heading', { level: 1 }).textContent, 'Home');
});

function AddressHarness({ onPick }: { onPick(a: MailAddress, c: AddressCheck): void }) {
  const [v, setV] = useState<[MailAddress, AddressCheck]>([{ name: '', street: '', secondary: '', city: '', state: '', zip: '' }, 'unchecked']);
  return <AddressFields title="Delivery address" value={v[0]} check={v[1]} onChange={(a, c) => (setV([a, c]), onPick(a, c))} />;
}

test('address matching offers ranked suggestions and a warned "use as entered"', async () => {
  const candidate = { address: { street: '650 TURK ST', secondary: 'APT 5', city: 'SAN FRANCISCO', state: 'CA', zip: '94102' }, matchType: 'street_corrected' as const, score: 0.9 };
  const bridge = fakeBridge({ matchAddress: () => ({ status: 'corrected', candidates: [candidate] }) });
  const picks: Array<[MailAddress, AddressCheck]> = [];
  await mount(bridge, <AddressHarness onPick={(a, c) => picks.push([a, c])} />);
  fireEvent.change(screen.getByLabelText('Street address'), { target: { value: '650 turk street #5' } });
  fireEvent.change(screen.getByLabelText('ZIP code'), { target: { value: '94102' } });
  const pick = await screen.findByRole('button', { name: /650 TURK ST APT 5, SAN FRANCISCO CA 94102/ }, { timeout: 2000 });
  assert.match(document.body.textContent ?? '', /street spelling corrected/);
  assert.ok(screen.getByRole('button', { name: 'Use as entered' }));
  fireEvent.click(pick);
  assert.deepEqual(picks.at(-1), [{ name: '', ...candidate.address }, 'matched']);
  assert.match(document.body.textContent ?? '', /matched to the postal database/);
});

test('a locked-out meter: one alert says so, the sign-in screen stays, no navigation to value screens', async () => {
  const message = 'This meter is locked for 15 minutes after 5 failed sign-ins in a row. Nothing can be done with it until then; try again later.';
  const known = { ...signedOutStatus, online: true, knownUsers: ['alice'] };
  let bridge: FakeBridge;
  bridge = fakeBridge(
    {
      login: () => {
        bridge.push({ type: 'status', status: { ...known, problem: { code: 'LOCKED_OUT', message } } });
        throw { code: 'LOCKED_OUT', message };
      },
    },
    known,
  );
  await mount(bridge);
  fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'alice' } });
  fireEvent.change(screen.getByLabelText('Passphrase'), { target: { value: 'correct horse battery staple' } });
  await act(async () => fireEvent.submit(screen.getByLabelText('Passphrase').closest('form')!));
  const alerts = screen.getAllByRole('alert');
  assert.equal(alerts.length, 1, 'the lock is announced once');
  assert.match(alerts[0]!.textContent ?? '', /Locked out.*locked for 15 minutes after 5 failed sign-ins/);
  assert.equal(screen.getByRole('heading', { level: 2, name: 'Sign in' }).textContent, 'Sign in');
  assert.equal(screen.queryByRole('navigation', { name: 'Main' }), null);
  assert.match(document.body.textContent ?? '', /refuses every sign-in to this meter, the right passphrase included/);
});

test('"use as entered" is offered when the matcher finds nothing or is unavailable, with its warning', async () => {
  for (const matchAddress of [() => ({ status: 'not_found', candidates: [] }), () => Promise.reject({ code: 'OFFLINE', message: 'The vault cannot be reached.' })]) {
    const picks: Array<[MailAddress, AddressCheck]> = [];
    await mount(fakeBridge({ matchAddress }), <AddressHarness onPick={(a, c) => picks.push([a, c])} />);
    fireEvent.change(screen.getByLabelText('Street address'), { target: { value: '1 Nowhere Lane' } });
    fireEvent.change(screen.getByLabelText('ZIP code'), { target: { value: '94102' } });
    const asEntered = await screen.findByRole('button', { name: 'Use as entered' }, { timeout: 2000 });
    assert.match(screen.getByRole('button', { name: 'Use as entered' }).getAttribute('aria-describedby') ?? '', /as-entered/);
    assert.match(document.body.textContent ?? '', /mail may be delayed or returned/, 'the warning is there before choosing');
    fireEvent.click(asEntered);
    assert.deepEqual(picks.at(-1), [{ name: '', street: '1 Nowhere Lane', secondary: '', city: '', state: '', zip: '94102' }, 'as-entered']);
    assert.match(screen.getByRole('note').textContent ?? '', /Using the address as entered.*mail may be delayed or returned/);
    assert.equal(screen.queryByRole('button', { name: 'Use as entered' }), null);
    cleanup();
  }
});

test('a halted vault is said plainly and buying is off', async () => {
  const halted = { ...signedInStatus, problem: { code: 'VAULT_HALTED' as const, message: 'The vault has stopped taking value transactions.' } };
  await mount(fakeBridge({}, halted));
  assert.match(screen.getByRole('alert', { name: 'Postage service paused' }).textContent ?? '', /Postage service paused:.*stopped taking value transactions/);
  for (const name of ['$10.00', '$20.00', 'Buy']) assert.equal((screen.getByRole('button', { name }) as HTMLButtonElement).disabled, true, name);
});

test('the offline state after a lost connection returns to sign-in and says why', async () => {
  const lost = { ...signedOutStatus, knownUsers: ['alice'], problem: { code: 'OFFLINE' as const, message: 'The connection to the vault was lost. Sign in again when it is back.' } };
  await mount(fakeBridge({ connect: () => Promise.reject({ code: 'OFFLINE', message: 'The vault cannot be reached.' }) }, lost));
  assert.match(screen.getByRole('alert', { name: 'Offline' }).textContent ?? '', /connection to the vault was lost/);
  assert.equal(screen.getByRole('heading', { level: 2, name: 'Sign in' }).textContent, 'Sign in');
  assert.equal((screen.getByLabelText('Username') as HTMLInputElement).value, 'alice');
  assert.match(document.body.textContent ?? '', /Not connected: the postage service cannot be reached/);
});
