import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { AppCore } from '../../src/core/app-core.ts';
import { createHost } from '../../src/core/host.ts';
import { FileSink } from '../../src/core/print/file-sink.ts';
import { loadTrustBundle } from '../../src/core/trust.ts';
import { startWebHost, type WebHost } from '../../src/web-host/server.ts';
import { makeFakeTrustDir } from '../helpers/fake-trust.ts';

const tmp = mkdtempSync(join(tmpdir(), 'vbi-wh-'));
let host: WebHost;

before(async () => {
  const rendererDir = join(tmp, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  // Port 9 (discard) on loopback: nothing listens, so the core is offline.
  const core = new AppCore({ vaultUrl: 'ws://127.0.0.1:9/v1/meter', trust: loadTrustBundle(makeFakeTrustDir()), profileDir: join(tmp, 'profile'), sinks: [new FileSink(join(tmp, 'out'))] });
  host = await startWebHost({ host: createHost(core), rendererDir });
});
after(async () => {
  await host.close();
  rmSync(tmp, { recursive: true, force: true });
});

function open(token: string, origin: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/bridge?token=${encodeURIComponent(token)}`, { origin });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function call(ws: WebSocket, callName: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  const id = Math.floor(Math.random() * 1e9);
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const frame = JSON.parse(data.toString());
      if (frame.id === id) {
        ws.off('message', onMessage);
        resolve(frame.result);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, call: callName, input }));
  });
}

test('the printed URL carries the token and the host binds to loopback', async () => {
  assert.match(host.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
  // This machine's other addresses do not reach it.
  const others = Object.values(networkInterfaces()).flat().filter((a) => a && !a.internal && a.family === 'IPv4');
  for (const a of others) {
    await assert.rejects(fetch(`http://${a!.address}:${host.port}/`), `not served on ${a!.address}`);
  }
});

test('every launch has its own token; an earlier one is refused', async () => {
  const core = new AppCore({ vaultUrl: 'ws://127.0.0.1:9/v1/meter', trust: loadTrustBundle(makeFakeTrustDir()), profileDir: join(tmp, 'profile2'), sinks: [] });
  const second = await startWebHost({ host: createHost(core), rendererDir: join(tmp, 'renderer') });
  try {
    assert.notEqual(second.token, host.token);
    const ws = new WebSocket(`ws://127.0.0.1:${second.port}/bridge?token=${host.token}`, { origin: `http://127.0.0.1:${second.port}` });
    await assert.rejects(new Promise((ok, fail) => (ws.once('open', ok), ws.once('unexpected-response', (_q, res) => fail(new Error(`HTTP ${res.statusCode}`))))), /HTTP 403/);
  } finally {
    await second.close();
  }
});

test('a wrong token is refused at the upgrade', async () => {
  await assert.rejects(open('not-the-token', `http://127.0.0.1:${host.port}`), /HTTP 403/);
  await assert.rejects(open('', `http://127.0.0.1:${host.port}`), /HTTP 403/);
});

test('a foreign Origin is refused even with the right token', async () => {
  await assert.rejects(open(host.token, 'http://evil.example'), /HTTP 403/);
});

test('with the token, calls work and bad input is refused by the contract', async () => {
  const ws = await open(host.token, `http://127.0.0.1:${host.port}`);
  try {
    const status = await call(ws, 'status', {});
    assert.equal(status.ok, true);
    assert.equal((status.value as { signedIn: boolean }).signedIn, false);
    const bad = await call(ws, 'register', { username: 'al', licenseZip: '123', passphrase: 'short' });
    assert.equal(bad.ok, false);
    assert.equal(bad.error?.code, 'BAD_REQUEST');
    const extra = await call(ws, 'buyPostage', { amountMills: 1000, sneaky: true });
    assert.equal(extra.error?.code, 'BAD_REQUEST');
    const unknown = await call(ws, 'readFile', { path: '/etc/passwd' });
    assert.equal(unknown.error?.code, 'BAD_REQUEST');
    const notSignedIn = await call(ws, 'buyPostage', { amountMills: 1000 });
    assert.equal(notSignedIn.error?.code, 'AUTH_FAILED');
  } finally {
    ws.close();
  }
});

test('static files carry the CSP header; paths outside the folder are not served', async () => {
  const res = await fetch(`http://127.0.0.1:${host.port}/`);
  assert.equal(res.status, 200);
  const csp = res.headers.get('content-security-policy') ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self'/);
  assert.match(csp, new RegExp(`connect-src ws://127\\.0\\.0\\.1:${host.port}`));
  const escape = await fetch(`http://127.0.0.1:${host.port}/..%2f..%2fetc%2fpasswd`);
  assert.equal(escape.status, 404);
});
