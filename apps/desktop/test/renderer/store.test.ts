/// <reference types="node" />
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAppStore } from '../../src/renderer/store/app-store.ts';
import { passphraseStrength } from '../../src/renderer/store/passphrase-strength.ts';
import { fakeBridge, signedInStatus, signedOutStatus } from './fake-bridge.ts';

test('init reads the status and connects when offline', async () => {
  const bridge = fakeBridge({}, signedOutStatus);
  const store = createAppStore(bridge);
  await store.getState().init();
  assert.deepEqual(bridge.calls.map((c) => c.name), ['status', 'connect', 'updateStatus']);
  assert.equal(store.getState().status?.online, true);
});

test('pushed status and update events land in the store', () => {
  const bridge = fakeBridge({});
  const store = createAppStore(bridge);
  bridge.push({ type: 'status', status: { ...signedInStatus, registers: { ar: 1, dr: 2 } } });
  bridge.push({ type: 'update', update: { status: 'available', version: '1.2.3', notes: 'n', progress: null, canRestart: false } });
  assert.deepEqual(store.getState().status?.registers, { ar: 1, dr: 2 });
  assert.equal(store.getState().update.status, 'available');
});

test('a failed task shows its error and clears the busy state', async () => {
  const bridge = fakeBridge({ buyPostage: () => Promise.reject({ code: 'INSUFFICIENT_FUNDS', message: 'Not enough funds.' }) });
  const store = createAppStore(bridge);
  const result = await store.getState().run('Buying', (b) => b.buyPostage({ amountMills: 10000 }));
  assert.equal(result, undefined);
  assert.deepEqual(store.getState().error, { code: 'INSUFFICIENT_FUNDS', message: 'Not enough funds.' });
  assert.equal(store.getState().busy, null);
});

test('passphrase strength grows with length and variety', () => {
  assert.equal(passphraseStrength('short').score, 0);
  assert.equal(passphraseStrength('abcdefghij').score, 1);
  assert.equal(passphraseStrength('correct horse battery staple').score, 3);
});

test('the composed piece stays across screens, but another account (or none) starts a new one', () => {
  const bridge = fakeBridge({});
  const store = createAppStore(bridge);
  bridge.push({ type: 'status', status: signedInStatus });
  store.getState().setDraft({ weightOz: '2.5', to: { name: 'Pat', street: '1 MAIN ST', secondary: '', city: '', state: '', zip: '94704' } });
  store.getState().go('printers');
  store.getState().go('compose');
  bridge.push({ type: 'status', status: { ...signedInStatus, registers: { ar: 740, dr: 19_260 } } });
  assert.equal(store.getState().draft.weightOz, '2.5');
  bridge.push({ type: 'status', status: signedOutStatus });
  assert.equal(store.getState().draft.weightOz, '1');
  assert.equal(store.getState().draft.to.street, '');
});
