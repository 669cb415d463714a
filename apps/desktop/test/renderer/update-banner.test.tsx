/** @jsxRuntime automatic @jsxImportSource react */
/// <reference types="node" />
// The update banner (issue 6): new version and notes, download progress, "Restart to update"
// once the verified download is ready, and a refused feed said plainly.
import './dom.ts';
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { App } from '../../src/renderer/components/App.tsx';
import type { UpdateStatus } from '../../src/shared/contract.ts';
import { createAppStore } from '../../src/renderer/store/app-store.ts';
import { StoreProvider } from '../../src/renderer/store/context.tsx';
import { fakeBridge, type FakeBridge } from './fake-bridge.ts';

afterEach(cleanup);

async function mount(bridge: FakeBridge) {
  const store = createAppStore(bridge);
  await act(async () => {
    render(
      <StoreProvider store={store}>
        <App />
      </StoreProvider>,
    );
    await store.getState().init();
  });
}

const available = (patch: Partial<Extract<UpdateStatus, { status: 'available' }>> = {}): UpdateStatus => ({
  status: 'available',
  version: '1.2.3',
  notes: 'Faster label printing.',
  progress: null,
  canRestart: false,
  ...patch,
});

test('a newer release shows its version and notes, with no restart before it is downloaded', async () => {
  await mount(fakeBridge({ updateStatus: () => available() }));
  const banner = screen.getByRole('region', { name: 'Update' });
  assert.match(banner.textContent ?? '', /Version 1\.2\.3 available\..*Faster label printing\./);
  assert.equal(screen.queryByRole('progressbar', { name: 'Update download' }), null);
  assert.equal(screen.queryByRole('button', { name: 'Restart to update' }), null);
});

test('download progress, then "Restart to update" once the verified download is ready', async () => {
  const bridge = fakeBridge({ updateStatus: () => available(), restartToUpdate: () => ({ restarting: true }) });
  await mount(bridge);
  act(() => bridge.push({ type: 'update', update: available({ progress: 0.4 }) }));
  const bar = screen.getByRole('progressbar', { name: 'Update download' }) as HTMLProgressElement;
  assert.equal(Number(bar.getAttribute('value')), 0.4);
  assert.match(screen.getByRole('region', { name: 'Update' }).textContent ?? '', /Downloading/);
  assert.equal(screen.queryByRole('button', { name: 'Restart to update' }), null);

  act(() => bridge.push({ type: 'update', update: available({ progress: 1, canRestart: true }) }));
  await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Restart to update' })));
  assert.deepEqual(bridge.calls.filter((c) => c.name === 'restartToUpdate').map((c) => c.input), [{}]);
});

test('a refused feed is announced and offers nothing to install', async () => {
  const bridge = fakeBridge({});
  await mount(bridge);
  act(() => bridge.push({ type: 'update', update: { status: 'refused', message: 'the signature of latest-linux.yml does not verify.' } }));
  assert.match(screen.getByRole('alert', { name: 'Update refused' }).textContent ?? '', /Update refused.*does not verify/);
  assert.equal(screen.queryByRole('region', { name: 'Update' }), null);
});
