/** @jsxRuntime automatic @jsxImportSource react */
/// <reference types="node" />
/** The batch screen over a bridge double: an interrupted batch says what is paid for and what is left; Resume sends that total. */
import './dom.ts';
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import type { BatchView, CallInput, Printer } from '../../src/shared/contract.ts';
import { fakeBridge } from './fake-bridge.ts';
import { mount } from './mount.tsx';

afterEach(cleanup);

const FILE: Printer = { id: 'file:PDF folder', name: 'PDF folder', sink: 'file', driverName: 'vbi-file-sink', setupPassed: false, offsetsMm: { x: 0, y: 0 } };
const to = (name: string) => ({ name, street: '7 OCTAVIA ST', secondary: '', city: 'SAN FRANCISCO', state: 'CA', zip: '94102' });
const row = (id: number, state: BatchView['rows'][number]['state'], pieceNumber: number | null) => ({ id, line: id + 1, order: `#10${id}`, to: to(`Person ${id}`), weightOz: null, state, message: '', priceMills: 740, pieceNumber });

const INTERRUPTED: BatchView = {
  id: 'b1',
  createdAt: new Date().toISOString(),
  settings: { from: to('Sender'), mailClass: 'first-class-letter', weightOz: 1, mailDate: new Date().toISOString().slice(0, 10), layout: 'envelope-10' },
  rows: [row(1, 'issued', 4), row(2, 'issued', 5), row(3, 'ready', null)],
  skipped: [],
  phase: 'interrupted',
  toChargeMills: 740,
  chargedMills: 1480,
};

test('an interrupted batch: what was paid for, what is left, and Resume confirms only what is left', async () => {
  const printed: BatchView = { ...INTERRUPTED, phase: 'done', rows: INTERRUPTED.rows.map((r, i) => ({ ...r, state: 'printed' as const, pieceNumber: 4 + i })), toChargeMills: 0, chargedMills: 2220 };
  const bridge = fakeBridge({ batchCurrent: () => INTERRUPTED, listPrinters: () => [FILE], addressBook: () => ({ returnAddress: null, printerId: FILE.id, entries: [] }), batchPrint: () => printed });
  await mount(bridge, undefined, (s) => s.setState({ screen: 'batch' }));
  assert.ok(await screen.findByRole('heading', { name: 'This batch stopped part way' }));
  assert.match(document.body.textContent ?? '', /2 pieces are paid for \(\$1\.48\) and print again at no charge; 1 piece still to print cost \$0\.74\./);
  const resume = await screen.findByRole('button', { name: 'Resume: print 3 pieces ($0.74 more)' });
  await act(async () => fireEvent.click(resume));
  const [sent] = bridge.calls.filter((c) => c.name === 'batchPrint').map((c) => c.input as CallInput<'batchPrint'>);
  assert.deepEqual(sent, { confirmedMills: 740, printerId: FILE.id, skipSetup: true });
  assert.ok(await screen.findByRole('heading', { name: 'Batch done: 3 pieces printed' }));
});
