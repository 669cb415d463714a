/**
 * The meter socket's resource limits against a real vault (small limits, so each shows in
 * seconds): per-address connection cap and handshake time, in-flight cap, backpressure on a
 * client that does not read, heartbeat and idle timeout, the register throttle, the bank queue.
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { encodeRequest } from '@vbi/protocol';
import { randomNonce } from '@vbi/protocol/crypto';
import { MeterClient, startTestVault, today, type TestVault } from '../../src/testing/index.ts';

const PASS = 'a passphrase long enough';
let vault: TestVault;
const clients: MeterClient[] = [];

before(async () => {
  vault = await startTestVault({
    modules: 1,
    startArgs: [
      '--max-connections-per-address', '6', '--max-in-flight', '2', '--send-buffer-kib', '16', '--send-stall-seconds', '1',
      '--ping-seconds', '5', '--idle-seconds', '6', '--handshake-seconds', '1', '--register-per-address-per-hour', '4',
      '--max-queue', '1', '--metrics-port', '0', '--rate-limit', '1000000', // the flood cut-off is tested with the default rate
    ],
  });
});
after(async () => {
  for (const c of clients) c.close();
  await vault.stop();
});

async function client(localAddress = '127.0.0.1'): Promise<MeterClient> {
  const c = await MeterClient.connect(vault.url, vault.trustDir, { localAddress });
  clients.push(c);
  return c;
}

async function metric(name: string): Promise<number> {
  // Logged on stderr beside the listening line on stdout: it may arrive a moment later.
  let url: string | undefined;
  while ((url = /metrics on (http:\/\/\S+\/metrics)/.exec(vault.output())?.[1]) === undefined) await new Promise((r) => setTimeout(r, 20));
  const text = await (await fetch(url)).text();
  return text.split('\n').filter((l) => l.startsWith(name)).reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}

test('per-address cap: a seventh connection from one address is refused, another address is served; silent sockets go after the handshake time', async () => {
  const port = Number(new URL(vault.url).port);
  const silent: Socket[] = [];
  const closed: Array<Promise<void>> = [];
  for (let i = 0; i < 6; i++) {
    const s = connect(port, '127.0.0.1');
    s.on('error', () => {});
    closed.push(new Promise((resolve) => s.once('close', () => resolve())));
    silent.push(s);
    await new Promise((resolve) => s.once('connect', resolve));
  }
  await assert.rejects(MeterClient.connect(vault.url, vault.trustDir), 'the seventh from 127.0.0.1');
  const other = await client('127.0.0.2');
  assert.equal((await other.hello()).ok, true, 'served from 127.0.0.2');
  await Promise.all(closed); // the vault closes sockets that never finish a request
  assert.ok((await metric('vbi_connections_refused_total{reason="address-cap"}')) >= 1);
  const again = await client();
  assert.equal((await again.hello()).ok, true, 'slots come back once the silent sockets are gone');
});

test('in-flight cap: requests beyond it on one connection are answered RATE_LIMITED, each with its id', async () => {
  const c = await client();
  const answers = await Promise.all(Array.from({ length: 8 }, () => c.send('hello', { clientNonce: randomNonce() })));
  const codes = answers.map((a) => (a.ok ? 'ok' : a.error?.code));
  assert.ok(codes.every((code) => code === 'ok' || code === 'RATE_LIMITED'), codes.join());
  assert.ok(codes.includes('RATE_LIMITED'), codes.join());
  assert.ok(codes.filter((code) => code === 'ok').length >= 2, codes.join());
});

test('backpressure: a client that sends and never reads is cut off; the vault serves others meanwhile', async () => {
  const before = (await metric('vbi_connections_closed_by_vault_total{reason="send-stalled"}'))
    + (await metric('vbi_connections_closed_by_vault_total{reason="send-overflow"}'));
  const flood = new WebSocket(vault.url);
  await new Promise((resolve) => flood.once('open', resolve));
  const socket = (flood as unknown as { _socket: Socket })._socket;
  socket.pause(); // never read an answer
  const gone = new Promise<void>((resolve) => flood.once('close', () => resolve()));
  flood.on('error', () => {});
  const junk = 'x'.repeat(200);
  const timer = setInterval(() => {
    for (let i = 0; i < 200 && flood.readyState === WebSocket.OPEN; i++) flood.send(junk);
  }, 5);
  const good = await client('127.0.0.3');
  assert.equal((await good.hello()).ok, true, 'a good client is served during the flood');
  await gone;
  clearInterval(timer);
  const backpressure = (await metric('vbi_connections_closed_by_vault_total{reason="send-stalled"}'))
    + (await metric('vbi_connections_closed_by_vault_total{reason="send-overflow"}'));
  assert.ok(backpressure > before, 'closed for its unsent answers');
});

test('heartbeat: a client that does not answer pings is closed; an idle one is closed with 1001', async () => {
  const mute = new WebSocket(vault.url, { autoPong: false });
  mute.on('error', () => {});
  const muteClosed = new Promise<void>((resolve) => mute.once('close', () => resolve()));
  const idle = await client('127.0.0.4');
  const idleCode = new Promise<number>((resolve) => idle.ws.once('close', (code) => resolve(code)));
  await muteClosed;
  assert.equal(await idleCode, 1001);
  assert.ok((await metric('vbi_connections_closed_by_vault_total{reason="no-pong"}')) >= 1);
  assert.ok((await metric('vbi_connections_closed_by_vault_total{reason="idle"}')) >= 1);
});

test('register throttle per address: the fifth in an hour is RATE_LIMITED and takes nothing; another address goes on', async () => {
  const c = await client('127.0.0.5');
  for (let i = 0; i < 4; i++) assert.equal((await c.register(`throttled-${i}`, PASS)).ok, true, `register ${i + 1}`);
  const fifth = await c.register('throttled-4', PASS);
  assert.equal(fifth.error?.code, 'RATE_LIMITED');
  const elsewhere = await client('127.0.0.6');
  assert.equal((await elsewhere.register('throttled-4', PASS)).ok, true, 'the name was not taken by the refused attempt');
});

test('bank queue bound: commands beyond it are BUSY and change nothing; the same request succeeds after', async () => {
  const meters: MeterClient[] = [];
  for (let i = 0; i < 12; i++) {
    const c = await client(`127.0.1.${i + 1}`);
    assert.equal((await c.register(`queued-${i}`, PASS)).ok, true);
    await vault.credit(`queued-${i}`, 1000);
    meters.push(c);
  }
  const built = meters.map((c) => c.build('purchase', { amount: 100 }));
  const answers = await Promise.all(meters.map((c, i) => c.raw(encodeRequest(1000 + i, 'purchase', built[i]!.body, built[i]!.mac), 1000 + i)));
  const codes = answers.map((a) => (a.ok ? 'ok' : a.error?.code));
  assert.ok(codes.every((code) => code === 'ok' || code === 'BUSY'), codes.join());
  assert.ok(codes.includes('BUSY'), `a queue of 1 behind one module: ${codes.join()}`);
  for (const [i, a] of answers.entries()) {
    const c = meters[i]!;
    if (a.ok) c.accept('purchase', a, (built[i]!.body as { clientNonce: string }).clientNonce);
    else assert.equal((await c.send('purchase', built[i]!.body, built[i]!.mac)).ok, true, 'BUSY kept the challenge');
  }
  const printed = await meters[0]!.maced('indicium', { kind: 'postage', postage: 50, rateCategory: 'FCLT', mailDate: today() });
  assert.equal(printed.ok, true);
});
