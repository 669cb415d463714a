/** @jsxRuntime automatic @jsxImportSource react */
/// <reference types="node" />
import './dom.ts';
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import type { StoreApi } from 'zustand';
import type { AppState } from '../../src/renderer/store/app-store.ts';
import { emptyDraft } from '../../src/renderer/store/compose-draft.ts';
import type { CallInput, Printer } from '../../src/shared/contract.ts';
import { fakeBridge, signedInStatus, type FakeBridge } from './fake-bridge.ts';
import { mount } from './mount.tsx';

afterEach(cleanup);

const FILE: Printer = { id: 'file:PDF folder', name: 'PDF folder', sink: 'file', driverName: 'vbi-file-sink', setupPassed: false, offsetsMm: { x: 0, y: 0 } };
const OFFICE: Printer = { id: 'cups:Office', name: 'Office', sink: 'cups', driverName: 'HP LaserJet', setupPassed: false, offsetsMm: { x: 0, y: 0 } };
const LETTER_QUOTE = { priceMills: 740, rateCategory: 'FCLT', deckVersion: 'test', placeholder: false, note: 'Published USPS metered price.' };
const PRINTED = { entry: { pieceNumber: 4, postage: 740, rateCategory: 'FCLT', addressee: 'Pat', destinationZip: '94704', mailDate: '2026-01-01', at: new Date().toISOString(), printerId: FILE.id, status: 'printed' }, status: signedInStatus };

/** Compose with both addresses confirmed, a delivery ZIP and the given printer chosen. */
async function composeReady(bridge: FakeBridge, printerId: string): Promise<StoreApi<AppState>> {
  const store = await mount(bridge, undefined, (s) =>
    s.setState({
      screen: 'compose',
      draft: {
        ...emptyDraft(),
        from: { name: 'Ada', street: '7 OCTAVIA ST', secondary: '', city: 'SAN FRANCISCO', state: 'CA', zip: '94102' },
        fromCheck: 'matched',
        to: { name: 'Pat', street: '2175 KITTREDGE ST', secondary: '', city: 'BERKELEY', state: 'CA', zip: '94704' },
        toCheck: 'matched',
        printerId,
      },
    }),
  );
  await screen.findByTestId('quote', {}, { timeout: 2000 });
  return store;
}

function calls<K extends keyof FakeBridge & string>(bridge: FakeBridge, name: K): unknown[] {
  return bridge.calls.filter((c) => c.name === name).map((c) => c.input);
}

test('the PDF folder makes files, not paper: it prints without asking for setup (issue 15, defect 8)', async () => {
  const bridge = fakeBridge({ listPrinters: () => [FILE], quote: () => LETTER_QUOTE, printPostage: () => PRINTED });
  await composeReady(bridge, FILE.id);
  await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Print postage ($0.74)' })));
  assert.equal(screen.queryByRole('heading', { name: 'Set up “PDF folder” first' }), null);
  const [sent] = calls(bridge, 'printPostage') as Array<CallInput<'printPostage'>>;
  assert.equal(sent?.skipSetup, true);
  assert.equal(sent?.printerId, FILE.id);
  assert.equal(sent?.priceMills, 740, 'the price on the button is the price confirmed');
  assert.match(document.body.textContent ?? '', /Printed piece 4/);
});

test('a real printer without setup offers setup only; setup opens on that printer and the piece is still there after', async () => {
  const bridge = fakeBridge({ listPrinters: () => [FILE, OFFICE], quote: () => LETTER_QUOTE });
  await composeReady(bridge, OFFICE.id);
  await act(async () => fireEvent.click(screen.getByRole('button', { name: /^Print postage/ })));
  assert.ok(screen.getByRole('heading', { name: 'Set up “Office” first' }));
  assert.equal(screen.queryByRole('button', { name: /Skip setup/ }), null, 'a paper printer cannot skip setup');
  await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Set up the printer' })));
  assert.equal(screen.getByRole('heading', { level: 1 }).textContent, 'Printer setup');
  assert.equal((screen.getByLabelText('Printer') as HTMLSelectElement).value, OFFICE.id);
  await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Compose' })));
  assert.equal((screen.getAllByLabelText('Street address')[1] as HTMLInputElement).value, '2175 KITTREDGE ST');
  assert.deepEqual(calls(bridge, 'printPostage'), []);
});

test('a printer that passed setup prints at once with the chosen layout', async () => {
  const bridge = fakeBridge({ listPrinters: () => [{ ...OFFICE, setupPassed: true }], quote: () => LETTER_QUOTE, printPostage: () => PRINTED });
  await composeReady(bridge, OFFICE.id);
  fireEvent.change(screen.getByLabelText('Print on'), { target: { value: 'label-4x6' } });
  await act(async () => fireEvent.click(screen.getByRole('button', { name: /^Print postage/ })));
  const [sent] = calls(bridge, 'printPostage') as Array<CallInput<'printPostage'>>;
  assert.deepEqual([sent?.layout, sent?.skipSetup, sent?.to.zip], ['label-4x6', false, '94704']);
  assert.equal((screen.getAllByLabelText('Street address')[1] as HTMLInputElement).value, '', 'the next piece starts with a new delivery address');
  assert.equal((screen.getAllByLabelText('Street address')[0] as HTMLInputElement).value, '7 OCTAVIA ST', 'the return address stays');
});

test('the preview shows the PDF of the layout chosen, and says so when the piece changed since', async () => {
  const bridge = fakeBridge({ listPrinters: () => [FILE], quote: () => LETTER_QUOTE, preview: () => ({ pagesPng: ['iVBORw0KGgo='], pdfSha256: 'ab', sample: true, priceMills: 740 }) });
  await composeReady(bridge, FILE.id);
  fireEvent.change(screen.getByLabelText('Print on'), { target: { value: 'label-4x6' } });
  await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Preview' })));
  assert.equal((calls(bridge, 'preview')[0] as CallInput<'preview'>).layout, 'label-4x6');
  assert.ok(screen.getByRole('img', { name: 'Preview of page 1 of the postage PDF' }));
  fireEvent.change(screen.getByLabelText('Print on'), { target: { value: 'envelope-10' } });
  assert.equal(screen.queryByRole('img', { name: /Preview of page/ }), null, 'a stale preview is not shown as if it were current');
  assert.match(document.body.textContent ?? '', /changed since this preview/);
});

test('Priority Mail shows that its zone prices are a placeholder', async () => {
  const note = 'Priority Mail prices use a placeholder zone table until the official one replaces it.';
  const bridge = fakeBridge({ listPrinters: () => [FILE], quote: (i: CallInput<'quote'>) => (i.mailClass === 'priority-mail' ? { priceMills: 9250, rateCategory: 'PRIO', zone: 1, deckVersion: 'test', placeholder: true, note } : LETTER_QUOTE) });
  await composeReady(bridge, FILE.id);
  assert.ok(!(document.body.textContent ?? '').includes('placeholder'));
  fireEvent.change(screen.getByLabelText('Mail class'), { target: { value: 'priority-mail' } });
  assert.ok(await screen.findByText(note, {}, { timeout: 2000 }));
});

test('compose says what is missing before it can print, and shows the postage left on the meter', async () => {
  const bridge = fakeBridge({ listPrinters: () => [FILE], quote: () => ({ ...LETTER_QUOTE, priceMills: 20_000 }) });
  await composeReady(bridge, '');
  assert.match(document.body.textContent ?? '', /To print: choose a printer; buy more postage on Home\./);
  assert.match(screen.getByTestId('meter-balance').textContent ?? '', /Postage balance: \$17\.78$/);
  assert.equal((screen.getByRole('button', { name: /^Print postage/ }) as HTMLButtonElement).disabled, true);
});

test('a package: weight in pounds and ounces, measurements, the package label on a two-up sheet; all go to the quote and the job', async () => {
  const quotes: Array<CallInput<'quote'>> = [];
  const bridge = fakeBridge({
    listPrinters: () => [FILE],
    quote: (i: CallInput<'quote'>) => (quotes.push(i), { priceMills: 12_350, rateCategory: 'GADV', zone: 8, deckVersion: 'test', placeholder: true, note: 'placeholder', dimensionalWeightLb: 9 }),
    printPostage: () => PRINTED,
  });
  await composeReady(bridge, FILE.id);
  fireEvent.change(screen.getByLabelText('Mail class'), { target: { value: 'ground-advantage' } });
  fireEvent.change(screen.getByLabelText('Pounds'), { target: { value: '2' } });
  fireEvent.change(screen.getByLabelText('Ounces'), { target: { value: '3.5' } });
  fireEvent.change(screen.getByLabelText('Length'), { target: { value: '14' } });
  fireEvent.change(screen.getByLabelText('Width'), { target: { value: '12' } });
  fireEvent.change(screen.getByLabelText('Height'), { target: { value: '10' } });
  fireEvent.change(screen.getByLabelText('Print on'), { target: { value: 'package-4x6-letter-2up' } });
  assert.ok(await screen.findByText(/dimensional weight, 9 lb/, {}, { timeout: 2000 }));
  const last = quotes.at(-1);
  assert.equal(last?.weightOz, 35.5);
  assert.deepEqual(last?.dimensionsIn, { length: 14, width: 12, height: 10 });
  await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Print postage ($12.35)' })));
  const [sent] = calls(bridge, 'printPostage') as Array<CallInput<'printPostage'>>;
  assert.equal(sent?.layout, 'package-4x6');
  assert.equal(sent?.sheet, 'letter-2up');
  assert.equal(sent?.priceMills, 12_350);
  assert.deepEqual(sent?.dimensionsIn, { length: 14, width: 12, height: 10 });
});

test('ounces of 16 or more, or one measurement alone, say what to fix and ask no price', async () => {
  const bridge = fakeBridge({ listPrinters: () => [FILE], quote: () => LETTER_QUOTE });
  await composeReady(bridge, FILE.id);
  const asked = calls(bridge, 'quote').length;
  fireEvent.change(screen.getByLabelText('Ounces'), { target: { value: '16' } });
  assert.ok(await screen.findByText('Ounces must be less than 16; 16 oz is 1 lb.'));
  fireEvent.change(screen.getByLabelText('Ounces'), { target: { value: '4' } });
  fireEvent.change(screen.getByLabelText('Mail class'), { target: { value: 'priority-mail' } });
  fireEvent.change(screen.getByLabelText('Length'), { target: { value: '10' } });
  assert.ok(await screen.findByText(/Enter all three measurements/));
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(calls(bridge, 'quote').length, asked, 'no price is asked for a weight or size that is not one');
});
