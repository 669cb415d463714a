/** @jsxRuntime automatic @jsxImportSource react */
/// <reference types="node" />
import './dom.ts';
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import type { CallInput, Printer } from '../../src/shared/contract.ts';
import { fakeBridge } from './fake-bridge.ts';
import { mount } from './mount.tsx';

afterEach(cleanup);

const ZEBRA: Printer = { id: 'cups:Zebra', name: 'Zebra', sink: 'cups', driverName: 'Zebra ZD620', setupPassed: false, offsetsMm: { x: 0, y: 0 } };
const PROFILE = { model: 'Zebra ZD620', kind: 'thermal', supported: true, media: ['label-4x6'], dpi: 203, offsetsMm: { x: 1.5, y: -0.5 } };

test('setup: the vault check names the media and default offsets; test envelope, nudge, save with what was shown', async () => {
  const bridge = fakeBridge({
    listPrinters: () => [ZEBRA],
    checkPrinter: () => ({ supported: true, profile: PROFILE, notes: 'Thermal 4×6 labels.' }),
    printTestEnvelope: () => ({ printed: true }),
    savePrinterSetup: (i: CallInput<'savePrinterSetup'>) => ({ ...ZEBRA, setupPassed: i.passed, offsetsMm: i.offsetsMm }),
  });
  await mount(bridge, undefined, (s) => s.setState({ screen: 'printers' }));
  await screen.findByRole('option', { name: /Zebra/ });
  fireEvent.change(screen.getByLabelText('Printer'), { target: { value: ZEBRA.id } });
  assert.equal((screen.getByRole('button', { name: 'The marks line up — save' }) as HTMLButtonElement).disabled, true, 'no save before a test envelope');
  await act(async () => fireEvent.click(screen.getByRole('button', { name: '1. Check with the vault' })));
  assert.match(screen.getByRole('status').textContent ?? '', /Supported — Zebra ZD620/);
  const media = screen.getByLabelText('Media') as HTMLSelectElement;
  assert.deepEqual(within(media).getAllByRole('option').map((o) => o.textContent), ['4×6 label']);
  assert.equal((screen.getByLabelText('Horizontal offset X (mm, + moves right)') as HTMLInputElement).value, '1.5');
  await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Print test envelope' })));
  fireEvent.click(within(screen.getByRole('group', { name: 'Nudge Y' })).getByRole('button', { name: /down/ }));
  await act(async () => fireEvent.click(screen.getByRole('button', { name: 'The marks line up — save' })));
  const saved = bridge.calls.filter((c) => c.name === 'savePrinterSetup').map((c) => c.input);
  assert.deepEqual(saved, [{ printerId: ZEBRA.id, media: 'label-4x6', offsetsMm: { x: 1.5, y: 0 }, passed: true }]);
});
