import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { decodeIndicium } from '@vbi/indicia';
import { createHost } from '../../src/core/host.ts';
import { startWebHost, type WebHost } from '../../src/web-host/server.ts';
import { makeDesktop, PASSPHRASE, startTestVault, type Desktop, type TestVault } from '../helpers/desktop-fixture.ts';
import { scanSymbols } from '../helpers/scan.ts';

let vault: TestVault;
let d: Desktop;
let host: WebHost;
let ws: WebSocket;
const events: Array<{ type: string }> = [];

before(async () => {
  vault = await startTestVault();
  d = makeDesktop(vault);
  const rendererDir = join(d.profileDir, '..', 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
  host = await startWebHost({ host: createHost(d.core), rendererDir });
  ws = new WebSocket(`ws://127.0.0.1:${host.port}/bridge?token=${host.token}`, { origin: `http://127.0.0.1:${host.port}` });
  await new Promise((ok, fail) => (ws.once('open', ok), ws.once('error', fail)));
  ws.on('message', (m) => {
    const f = JSON.parse(m.toString());
    if (f.event) events.push(f.event);
  });
});
after(async () => {
  ws.close();
  await host.close();
  d.cleanup();
  await vault.stop();
});

let nextId = 1;
function call(name: string, input: unknown): Promise<any> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const on = (m: WebSocket.RawData) => {
      const f = JSON.parse(m.toString());
      if (f.id !== id) return;
      ws.off('message', on);
      f.result.ok ? resolve(f.result.value) : reject(Object.assign(new Error(f.result.error.message), { code: f.result.error.code }));
    };
    ws.on('message', on);
    ws.send(JSON.stringify({ id, call: name, input }));
  });
}

test('printer setup through the web host: check, test envelope, save, then listed as set up', async () => {
  await call('register', { username: 'setup', licenseZip: '94105', passphrase: PASSPHRASE });
  assert.ok(events.some((e) => e.type === 'status'), 'status changes are pushed over the socket');
  const printers = await call('listPrinters', {});
  const file = printers.find((p: { sink: string }) => p.sink === 'file');
  assert.equal(file.setupPassed, false);
  const check = await call('checkPrinter', { printerId: file.id });
  assert.equal(typeof check.notes, 'string');
  await call('printTestEnvelope', { printerId: file.id, offsetsMm: { x: 2, y: 1 } });
  assert.equal(decodeIndicium((await scanSymbols(d.pdfs()[0]!))[0]!).kind, 2, 'the test envelope carries a kind 2 sample');
  const saved = await call('savePrinterSetup', { printerId: file.id, media: 'envelope-10', offsetsMm: { x: 2, y: 1 }, passed: true });
  assert.deepEqual([saved.setupPassed, saved.offsetsMm], [true, { x: 2, y: 1 }]);
  const again = await call('listPrinters', {});
  assert.equal(again.find((p: { id: string }) => p.id === file.id).setupPassed, true);
});
