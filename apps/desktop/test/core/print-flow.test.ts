import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { decodeIndicium, verifyIndicium } from '@vbi/indicia';
import { letterJob, makeDesktop, PASSPHRASE, startTestVault, TO, type Desktop, type TestVault } from '../helpers/desktop-fixture.ts';
import { scanSymbols } from '../helpers/scan.ts';

let vault: TestVault;
let d: Desktop;

before(async () => {
  vault = await startTestVault();
  d = makeDesktop(vault);
});
after(async () => {
  d.cleanup();
  await vault.stop();
});

test('register → buy → print to the file sink: the printed symbol decodes and verifies against the meter certificate', async () => {
  const registered = await d.call('register', { username: 'alice', licenseZip: '94105', passphrase: PASSPHRASE });
  assert.deepEqual(registered.registers, { ar: 0, dr: 0 });
  await vault.credit('alice', 100_000);
  const bought = await d.call('buyPostage', { amountMills: 20_000 });
  assert.deepEqual(bought.registers, { ar: 0, dr: 20_000 });
  assert.equal(bought.funds, 80_000);

  const { entry, status } = await d.call('printPostage', letterJob());
  assert.equal(entry.status, 'printed');
  assert.equal(entry.pieceNumber, 1);
  assert.deepEqual(status.registers, { ar: entry.postage, dr: 20_000 - entry.postage });

  const pdfs = d.pdfs();
  assert.equal(pdfs.length, 1);
  const [symbol] = await scanSymbols(pdfs[0]!);
  assert.ok(symbol, 'a Data Matrix symbol is on the page');
  const fields = decodeIndicium(symbol);
  assert.equal(fields.kind, 1);
  assert.equal(fields.pieceNumber, 1);
  assert.equal(fields.postage, entry.postage);
  assert.equal(fields.dr, 20_000 - entry.postage);
  assert.equal(fields.destinationZip, Number(TO.zip) * 10000);
  const cert = await (await fetch(`${vault.httpUrl}/v1/certs/${fields.certSerial}`)).text();
  assert.equal(verifyIndicium(symbol, cert), true);
  const flipped = Buffer.from(symbol);
  flipped[19] = (flipped[19] ?? 0) ^ 1; // postage byte
  assert.equal(verifyIndicium(flipped, cert), false);
});

test('the same account signs in again from its profile, in step with the vault', async () => {
  await d.call('logout', {});
  const status = await d.call('login', { username: 'alice', passphrase: PASSPHRASE });
  assert.equal(status.valueOpsBlocked, false);
  assert.equal(status.pieces, 1);
  const history = await d.call('history', {});
  assert.equal(history[0]?.status, 'printed');
});

test('a wrong passphrase is refused by the vault with a plain message and signs nobody in', async () => {
  await d.call('logout', {});
  const r = await d.raw('login', { username: 'alice', passphrase: 'not the passphrase at all' });
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.error.code, 'AUTH_FAILED');
  assert.match(!r.ok ? r.error.message : '', /^Wrong username or passphrase/);
  assert.ok(!r.ok && !r.error.message.includes('not the passphrase'));
  assert.equal(d.core.status().signedIn, false);
});

test('a printer that has not passed setup asks for setup unless skipped on the file sink; setup offsets are stored', async () => {
  await d.call('login', { username: 'alice', passphrase: PASSPHRASE });
  const before = d.pdfs().length;
  const refused = await d.raw('printPostage', { ...letterJob(), skipSetup: false });
  assert.equal(!refused.ok && refused.error.code, 'PRINTER_NOT_SET_UP');
  assert.equal(d.pdfs().length, before, 'nothing printed');
  const check = await d.call('checkPrinter', { printerId: 'file:PDF folder' });
  assert.equal(typeof check.supported, 'boolean');
  assert.deepEqual(await d.call('printTestEnvelope', { printerId: 'file:PDF folder', offsetsMm: { x: 1.5, y: -1 } }), { printed: true });
  const sample = (await scanSymbols(d.pdfs().at(-1)!))[0]!;
  assert.equal(decodeIndicium(sample).kind, 2);
  const saved = await d.call('savePrinterSetup', { printerId: 'file:PDF folder', media: 'envelope-10', offsetsMm: { x: 1.5, y: -1 }, passed: true });
  assert.equal(saved.setupPassed, true);
  const printed = await d.call('printPostage', { ...letterJob(), skipSetup: false });
  assert.equal(printed.entry.status, 'printed');
  const stored = JSON.parse(readFileSync(`${d.profileDir}/printers.json`, 'utf8'));
  assert.deepEqual(stored['file:PDF folder'].offsetsMm, { x: 1.5, y: -1 });
});

test('re-print fetches the same piece; refund returns its postage and marks it', async () => {
  const [latest] = await d.call('history', {});
  assert.ok(latest);
  const beforeBytes = (await scanSymbols(d.pdfs().at(-1)!))[0]!;
  const again = await d.call('reprint', { pieceNumber: latest.pieceNumber, printerId: 'file:PDF folder' });
  assert.equal(again.status, 're-printed');
  assert.deepEqual((await scanSymbols(d.pdfs().at(-1)!))[0], beforeBytes);
  const drBefore = d.core.status().registers!.dr;
  const { entry, status } = await d.call('refund', { pieceNumber: latest.pieceNumber });
  assert.equal(entry.status, 'refunded');
  assert.equal(status.registers!.dr, drBefore + latest.postage);
});

test('the layout chosen is the paper printed: a 4×6 label or a #10 envelope, each with its symbol', async () => {
  const pageSize = (pdf: string) => /Page size:\s+([\d.]+ x [\d.]+) pts/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1];
  for (const [layout, size] of [['label-4x6', '288 x 432'], ['envelope-10', '684 x 297']] as const) {
    const before = d.pdfs().length;
    const { entry } = await d.call('printPostage', { ...letterJob(), layout });
    assert.equal(d.pdfs().length, before + 1);
    const pdf = d.pdfs().at(-1)!;
    assert.equal(pageSize(pdf), size, layout);
    assert.equal(decodeIndicium((await scanSymbols(pdf))[0]!).pieceNumber, entry.pieceNumber);
  }
});

test('Priority Mail quotes say their zone prices are a placeholder; published prices do not', async () => {
  const input = { weightOz: 1, fromZip: '94105', toZip: '10118' } as const;
  const priority = await d.call('quote', { ...input, mailClass: 'priority-mail' });
  assert.equal(priority.placeholder, true);
  assert.match(priority.note, /placeholder/);
  const letter = await d.call('quote', { ...input, mailClass: 'first-class-letter' });
  assert.deepEqual([letter.placeholder, letter.priceMills], [false, 740]);
});
