/** @jsxRuntime automatic @jsxImportSource react */
/// <reference types="node" />
import './dom.ts';
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import type { CallInput, HistoryEntry, Printer } from '../../src/shared/contract.ts';
import { fakeBridge, signedInStatus } from './fake-bridge.ts';
import { mount } from './mount.tsx';

afterEach(cleanup);

const FILE: Printer = { id: 'file:PDF folder', name: 'PDF folder', sink: 'file', driverName: 'vbi-file-sink', setupPassed: false, offsetsMm: { x: 0, y: 0 } };
const piece = (pieceNumber: number, status: HistoryEntry['status']): HistoryEntry => ({
  pieceNumber, postage: 740, rateCategory: 'FCLT', addressee: `Pat ${pieceNumber}`, destinationZip: '94704', mailDate: '2026-01-01', at: new Date().toISOString(), reprintedAt: null, printerId: FILE.id, status,
});
const ENTRIES = [piece(4, 'not-printed'), piece(3, 'refunded'), piece(2, 're-printed'), piece(1, 'printed')];

function row(pieceNumber: number): HTMLElement {
  return screen.getAllByRole('row').find((r) => within(r).queryAllByRole('cell')[0]?.textContent === String(pieceNumber))!;
}

test('history shows each status; refunded pieces offer nothing; the last printer is preselected', async () => {
  await mount(fakeBridge({ history: () => ENTRIES, listPrinters: () => [FILE] }), undefined, (s) => s.setState({ screen: 'history' }));
  await screen.findByRole('table');
  assert.equal((screen.getByLabelText('Printer for re-prints') as HTMLSelectElement).value, FILE.id);
  assert.ok(within(row(1)).getByText('printed'));
  assert.ok(within(row(2)).getByText('re-printed'));
  assert.ok(within(row(3)).getByText('refunded'));
  assert.ok(within(row(4)).getByText('not printed yet'));
  assert.equal(within(row(3)).queryAllByRole('button').length, 0);
  assert.ok(within(row(4)).getByRole('button', { name: 'Print piece 4' }));
  assert.ok(within(row(1)).getByRole('button', { name: 'Re-print piece 1' }));
});

test('re-printing on a paper printer that has not passed setup asks first; the PDF folder re-prints at once', async () => {
  const office = { ...FILE, id: 'cups:Office', name: 'Office', sink: 'cups' as const };
  const bridge = fakeBridge({ history: () => ENTRIES, listPrinters: () => [office, FILE], reprint: () => piece(1, 're-printed') });
  await mount(bridge, undefined, (s) => s.setState({ screen: 'history' }));
  await screen.findByRole('table', { name: 'Pieces printed on this computer' });
  fireEvent.change(screen.getByLabelText('Printer for re-prints'), { target: { value: office.id } });
  await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Re-print piece 1' })));
  assert.ok(screen.getByRole('heading', { name: 'Set up “Office” first' }));
  assert.equal(bridge.calls.filter((c) => c.name === 'reprint').length, 0);
  fireEvent.change(screen.getByLabelText('Printer for re-prints'), { target: { value: FILE.id } });
  await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Re-print piece 1' })));
  const sent = bridge.calls.filter((c) => c.name === 'reprint').map((c) => c.input as CallInput<'reprint'>);
  assert.deepEqual(sent, [{ pieceNumber: 1, printerId: FILE.id, skipSetup: true }]);
});

test('with value operations stopped, nothing in the history can be printed or refunded', async () => {
  const blocked = { ...signedInStatus, valueOpsBlocked: true, problem: { code: 'REGISTER_MISMATCH' as const, message: 'Registers differ.' } };
  await mount(fakeBridge({ history: () => ENTRIES, listPrinters: () => [{ ...FILE, setupPassed: true }] }, blocked), undefined, (s) => s.setState({ screen: 'history' }));
  await screen.findByRole('table');
  const buttons = screen.getAllByRole('button').filter((b) => /^(Print|Re-print|Refund) piece/.test(b.textContent ?? ''));
  assert.equal(buttons.length, 6);
  assert.ok(buttons.every((b) => (b as HTMLButtonElement).disabled));
});
