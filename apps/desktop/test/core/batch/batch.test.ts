/**
 * Batch printing through the core against a real vault (behind a proxy that can lose answers):
 * review, fix, price, confirm, one PDF; a failed row costs nothing; a batch stopped part way is
 * settled at the next sign-in and resumed, each piece charged once.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeIndicium } from '@vbi/indicia';
import type { BatchView, BridgeEvent, CallInput } from '../../../src/shared/contract.ts';
import { FROM, fundedDesktop, makeDesktop, PASSPHRASE, today, type Desktop } from '../../helpers/desktop-fixture.ts';
import { scanSymbols } from '../../helpers/scan.ts';
import { vaultBehindProxy } from '../../helpers/ws-proxy.ts';

const fx = vaultBehindProxy();

const SETTINGS: CallInput<'batchImport'>['settings'] = { from: FROM, mailClass: 'first-class-letter', weightOz: 1, mailDate: today(), layout: 'envelope-10' };

const CSV = [
  'Order ID,Name,Address,Address 2,City,State,Zipcode,Weight (oz)',
  'A1,Ann Exact,7 Octavia St,,San Francisco,CA,94102,2',
  'A2,Pat Misspelled,2175 Kitredge Street,,Berkely,CA,94704,',
  'A3,Nev Wrongstate,7 Octavia St,,San Francisco,NV,94102,',
  'A4,Nine Nines,9999 Octavia St,,San Francisco,CA,94102,',
  'A5,No Zip,1 Main St,,Springfield,IL,,',
].join('\n');

/** Three letters that match as they are. */
const THREE = ['Name,Address,City,State,Zip', 'One,7 Octavia St,San Francisco,CA,94102', 'Two,2175 Kittredge St,Berkeley,CA,94704', 'Three,7 Octavia St,San Francisco,CA,94102'].join('\n');

const batchFile = (d: Desktop, user: string) => join(d.profileDir, 'accounts', user, 'batch.json');
const registers = (d: Desktop) => d.core.status().registers!;

async function priced(d: Desktop, csv: string): Promise<BatchView> {
  await d.call('batchImport', { csv, settings: SETTINGS });
  return d.call('batchPrice', {});
}

test('review, fix, price and print: one PDF of every ready row, charged the confirmed total, with progress', async (t) => {
  const d = await fundedDesktop(fx.vault, fx.proxy.url, 'batcher', 20_000);
  t.after(() => d.cleanup());
  const progress: Array<Extract<BridgeEvent, { type: 'progress' }>> = [];
  d.core.onEvent((e) => e.type === 'progress' && e.task === 'batch' && progress.push(e));

  const imported = await d.call('batchImport', { csv: CSV, settings: SETTINGS });
  const [a1, a2, a3, a4, a5] = imported.rows;
  assert.deepEqual([a1?.state, a1?.order, a1?.weightOz], ['ready', 'A1', 2]);
  assert.equal(a2?.state, 'ready');
  assert.equal(a2?.to.street, '2175 KITTREDGE ST');
  assert.match(a2?.message ?? '', /^Corrected: .*street spelling corrected/);
  assert.deepEqual([a3?.state, a3?.message], ['needs-fix', 'ZIP 94102 is in CA (SAN FRANCISCO), not NV. Correct the state or the ZIP.']);
  assert.equal(a4?.state, 'needs-fix');
  assert.deepEqual([a5?.state, a5?.message], ['needs-fix', 'Add the ZIP code.']);
  assert.ok(progress.some((p) => /^Checking addresses: 5 of 5$/.test(p.label)));

  await d.call('batchEditRow', { id: 3, action: 'update', to: { ...a3!.to, state: 'CA' } });
  await d.call('batchEditRow', { id: 4, action: 'keep-as-entered' });
  const reviewed = await d.call('batchEditRow', { id: 5, action: 'drop' });
  assert.deepEqual(reviewed.rows.map((r) => r.state), ['ready', 'ready', 'ready', 'ready', 'dropped']);
  assert.equal(reviewed.phase, 'review');

  const view = await d.call('batchPrice', {});
  assert.equal(view.phase, 'priced');
  assert.ok(view.rows.slice(0, 4).every((r) => (r.priceMills ?? 0) > 0));
  assert.equal(view.rows[0]!.priceMills! > view.rows[1]!.priceMills!, true, 'the 2 oz row costs more than the 1 oz ones');
  const total = view.toChargeMills;
  assert.equal(total, view.rows.reduce((s, r) => s + (r.priceMills ?? 0), 0));

  const before = registers(d);
  const changed = await d.raw('batchPrint', { confirmedMills: total - 10, printerId: 'file:PDF folder', skipSetup: true });
  assert.equal(!changed.ok && changed.error.code, 'PRICE_CHANGED');
  assert.deepEqual(registers(d), before, 'a total other than the one confirmed charges nothing');

  const done = await d.call('batchPrint', { confirmedMills: total, printerId: 'file:PDF folder', skipSetup: true });
  assert.equal(done.phase, 'done');
  assert.deepEqual(done.rows.map((r) => r.state), ['printed', 'printed', 'printed', 'printed', 'dropped']);
  assert.deepEqual(registers(d), { ar: before.ar + total, dr: before.dr - total });
  assert.equal(d.pdfs().length, 1, 'one PDF for the whole batch');
  const symbols = (await scanSymbols(d.pdfs()[0]!)).map((s) => decodeIndicium(s));
  assert.deepEqual(symbols.map((s) => s.pieceNumber), [1, 2, 3, 4]);
  assert.deepEqual(symbols.map((s) => s.postage), done.rows.slice(0, 4).map((r) => r.priceMills));
  const history = await d.call('history', {});
  assert.deepEqual(history.map((h) => [h.pieceNumber, h.status]), [[4, 'printed'], [3, 'printed'], [2, 'printed'], [1, 'printed']]);
  assert.ok(progress.some((p) => p.label === 'Printing the batch: piece 4 of 4'));
  const imports = await d.raw('batchImport', { csv: THREE, settings: SETTINGS });
  assert.equal(imports.ok, true, 'a finished batch gives way to the next');
});

test('a row whose price changed after it was confirmed fails alone and costs nothing; the others print', async (t) => {
  const d = await fundedDesktop(fx.vault, fx.proxy.url, 'repriced', 20_000);
  t.after(() => d.cleanup());
  const view = await priced(d, THREE);
  // The rates change between pricing and printing: the stored price of row 2 is no longer the quote.
  const file = JSON.parse(readFileSync(batchFile(d, 'repriced'), 'utf8'));
  file.rows[1].priceMills -= 10;
  writeFileSync(batchFile(d, 'repriced'), JSON.stringify(file));
  const confirmed = view.toChargeMills - 10;
  const before = registers(d);
  const done = await d.call('batchPrint', { confirmedMills: confirmed, printerId: 'file:PDF folder', skipSetup: true });
  assert.deepEqual(done.rows.map((r) => r.state), ['printed', 'failed', 'printed']);
  assert.match(done.rows[1]!.message, /^Not printed, not charged: The postage for this piece is now/);
  const charged = done.rows[0]!.priceMills! + done.rows[2]!.priceMills!;
  assert.deepEqual(registers(d), { ar: before.ar + charged, dr: before.dr - charged });
  assert.equal((await scanSymbols(d.pdfs()[0]!)).length, 2);
});

test('a lost answer stops the batch; the next sign-in settles it and Resume re-prints the stored indicia, each piece charged once', async (t) => {
  const user = 'crashy';
  const d = await fundedDesktop(fx.vault, fx.proxy.url, user, 20_000);
  t.after(() => d.cleanup());
  const view = await priced(d, THREE);
  const prices = view.rows.map((r) => r.priceMills!);
  const before = registers(d);
  let postage = 0;
  fx.proxy.onAnswer = (op, request) => {
    const isPostage = op === 'indicium' && (request.body as { kind?: string }).kind === 'postage';
    return isPostage && ++postage === 2 ? { kind: 'drop-and-close' } : { kind: 'pass' };
  };
  const lost = await d.raw('batchPrint', { confirmedMills: view.toChargeMills, printerId: 'file:PDF folder', skipSetup: true });
  fx.proxy.onAnswer = () => ({ kind: 'pass' });
  assert.equal(!lost.ok && lost.error.code, 'LOST_ANSWER');
  assert.equal(d.pdfs().length, 0, 'nothing printed from a batch that stopped');
  const stopped = JSON.parse(readFileSync(batchFile(d, user), 'utf8'));
  assert.deepEqual(stopped.rows.map((r: { state: string }) => r.state), ['issued', 'issuing', 'ready'], 'the write-ahead says where it stopped');
  assert.equal(stopped.phase, 'interrupted');

  // The app restarts on the same profile (a crash, say) and the person signs in again.
  const again = makeDesktop(fx.vault, fx.proxy.url, d.profileDir);
  await again.call('login', { username: user, passphrase: PASSPHRASE });
  const settled = (await again.call('batchCurrent', {}))!;
  assert.deepEqual(settled.rows.map((r) => [r.state, r.pieceNumber]), [['issued', 1], ['issued', 2], ['ready', null]], 'the vault committed piece 2 before its answer was lost');
  assert.equal(settled.chargedMills, prices[0]! + prices[1]!);
  assert.equal(settled.toChargeMills, prices[2]);

  const done = await again.call('batchPrint', { confirmedMills: settled.toChargeMills, printerId: 'file:PDF folder', skipSetup: true });
  assert.deepEqual(done.rows.map((r) => [r.state, r.pieceNumber]), [['printed', 1], ['printed', 2], ['printed', 3]]);
  const total = prices.reduce((s, p) => s + p, 0);
  assert.deepEqual(registers(again), { ar: before.ar + total, dr: before.dr - total }, 'each piece charged once');
  const symbols = (await scanSymbols(again.pdfs()[0]!)).map((s) => decodeIndicium(s).pieceNumber);
  assert.deepEqual(symbols, [1, 2, 3], 'one PDF with the two stored pieces and the new one');
});

test('stopped after the write-ahead but before the request left: the row is ready again and nothing was charged', async (t) => {
  const user = 'early';
  const d = await fundedDesktop(fx.vault, fx.proxy.url, user, 20_000);
  t.after(() => d.cleanup());
  const view = await priced(d, THREE);
  const before = registers(d);
  // As the batch file is when the app dies between writing row 1's "issuing" and sending it.
  const file = JSON.parse(readFileSync(batchFile(d, user), 'utf8'));
  Object.assign(file.rows[0], { state: 'issuing', pieceNumber: 1 });
  file.phase = 'printing';
  writeFileSync(batchFile(d, user), JSON.stringify(file));
  await d.call('logout', {});
  await d.call('login', { username: user, passphrase: PASSPHRASE });
  const settled = (await d.call('batchCurrent', {}))!;
  assert.deepEqual(settled.rows.map((r) => r.state), ['ready', 'ready', 'ready']);
  assert.equal(settled.phase, 'interrupted');
  assert.equal(settled.toChargeMills, view.toChargeMills);
  assert.deepEqual(registers(d), before);
  const done = await d.call('batchPrint', { confirmedMills: settled.toChargeMills, printerId: 'file:PDF folder', skipSetup: true });
  assert.deepEqual(done.rows.map((r) => r.pieceNumber), [1, 2, 3]);
});

test('not enough postage for the batch: refused before anything is charged', async (t) => {
  const d = await fundedDesktop(fx.vault, fx.proxy.url, 'shortish', 1_000);
  t.after(() => d.cleanup());
  const view = await priced(d, THREE);
  const r = await d.raw('batchPrint', { confirmedMills: view.toChargeMills, printerId: 'file:PDF folder', skipSetup: true });
  assert.equal(!r.ok && r.error.code, 'INSUFFICIENT_POSTAGE');
  assert.match(!r.ok ? r.error.message : '', /^This batch needs \$\d+\.\d\d of postage; the meter holds \$1\.00\./);
  assert.deepEqual(registers(d), { ar: 0, dr: 1_000 });
  assert.equal((await d.call('batchCurrent', {}))?.phase, 'priced', 'still ready to print once postage is bought');
});
