/**
 * The attacks on the vault's public edge (issue 14), each against a running vault with the
 * production limits; each resolves with what it saw. The good client is measured meanwhile
 * (good-client.ts).
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';
import type { TestVault } from '../../src/testing/index.ts';
import { MeterClient } from '../../src/testing/meter-client.ts';
import type { Harness } from '../context.ts';

/** 64 KiB of masked text frames (mask key 0, so the payload is as written): cheap to send over and over. */
function junkChunk(): Buffer {
  const payload = Buffer.from(`{"v":1,"id":1,"op":"nope","body":{},"pad":"${'x'.repeat(60)}"}`);
  const frame = Buffer.concat([Buffer.from([0x81, 0x80 | payload.length, 0, 0, 0, 0]), payload]);
  return Buffer.concat(Array.from({ length: Math.floor(65_536 / frame.length) }, () => frame));
}

/**
 * Connections that send junk frames as fast as TCP takes them and never read an answer;
 * resolves with how many the vault cut. The frames are written raw, so the attack costs this
 * process (where the good client is measured too) next to nothing.
 */
export async function nonReadingFlood(vault: TestVault, connections: number, limitMs: number): Promise<{ cut: number }> {
  const chunk = junkChunk();
  const one = async (): Promise<boolean> => {
    const ws = new WebSocket(vault.url);
    ws.on('error', () => {});
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('close', reject);
    });
    const socket = (ws as unknown as { _socket: Socket })._socket;
    socket.pause(); // never read
    const closed = new Promise<boolean>((resolve) => socket.once('close', () => resolve(true)));
    const pump = () => {
      while (!socket.destroyed && socket.write(chunk));
    };
    socket.on('drain', pump);
    pump();
    const cut = await Promise.race([closed, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), limitMs))]);
    socket.off('drain', pump);
    ws.terminate();
    return cut;
  };
  const results = await Promise.all(Array.from({ length: connections }, one));
  return { cut: results.filter(Boolean).length };
}

/** `count` TCP connections from 127.0.0.1 that say nothing; resolves once the vault has closed them all (or `limitMs`). */
export async function idleSockets(vault: TestVault, count: number, limitMs: number): Promise<{ closed: number; open: number }> {
  const port = Number(new URL(vault.url).port);
  let closed = 0;
  const sockets: Socket[] = [];
  const all: Array<Promise<void>> = [];
  for (let i = 0; i < count; i += 500) {
    const batch = Array.from({ length: Math.min(500, count - i) }, () => {
      const s = connect(port, '127.0.0.1');
      s.on('error', () => {});
      sockets.push(s);
      all.push(new Promise((resolve) => s.once('close', () => {
        closed++;
        resolve();
      })));
      return new Promise((resolve) => {
        s.once('connect', resolve);
        s.once('close', resolve);
      });
    });
    await Promise.all(batch);
  }
  await Promise.race([Promise.all(all), new Promise((resolve) => setTimeout(resolve, limitMs))]);
  const open = count - closed;
  for (const s of sockets) s.destroy();
  return { closed, open };
}

/** Tally of answer codes ('ok' for a success). */
export type Tally = Map<string, number>;
const count = (t: Tally, code: string) => t.set(code, (t.get(code) ?? 0) + 1);

/** `connections` clients (over 10 addresses) sending hellos, 8 at a time each, for `ms`. */
export async function helloFlood(h: Harness, vault: TestVault, connections: number, ms: number): Promise<Tally> {
  const tally: Tally = new Map();
  const until = performance.now() + ms;
  await Promise.all(Array.from({ length: connections }, async (_, i) => {
    const c = h.track(await MeterClient.connect(vault.url, vault.trustDir, { localAddress: `127.0.2.${(i % 10) + 1}` }));
    // A flooder past twice its rate is cut: its unanswered hellos then end with the connection.
    const closed = new Promise<null>((resolve) => c.ws.once('close', () => resolve(null)));
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (performance.now() < until && c.ws.readyState === WebSocket.OPEN) {
        const a = await Promise.race([c.hello(), closed]);
        count(tally, a === null ? 'cut' : a.ok ? 'ok' : (a.error?.code ?? '?'));
      }
    }));
    c.close();
  }));
  return tally;
}

/** `connections` clients from one address registering new accounts as fast as they are answered, for `ms`. */
export async function registerFlood(h: Harness, vault: TestVault, connections: number, ms: number): Promise<Tally> {
  const tally: Tally = new Map();
  const until = performance.now() + ms;
  await Promise.all(Array.from({ length: connections }, async (_, i) => {
    const localAddress = '127.0.3.1';
    let c = await MeterClient.connect(vault.url, vault.trustDir, { localAddress });
    for (let n = 0; performance.now() < until; n++) {
      const a = await c.register(`flood-${i}-${n}`, `flood passphrase ${randomBytes(6).toString('hex')}`);
      count(tally, a.ok ? 'ok' : (a.error?.code ?? '?'));
      if (a.ok) {
        // A connection is bound to the meter it registered: the next try comes on a new one.
        c.close();
        c = await MeterClient.connect(vault.url, vault.trustDir, { localAddress });
      }
    }
    c.close();
  }));
  return tally;
}

/** A genuine login captured and replayed from another connection; then the owner's own login. */
export async function loginReplay(h: Harness, vault: TestVault): Promise<{ replays: string[]; ownerAfter: string }> {
  const passphrase = `replay-victim-${randomBytes(8).toString('hex')}`;
  h.secret('passphrase of edge.victim', passphrase);
  const victim = h.track(await MeterClient.connect(vault.url, vault.trustDir, { localAddress: '127.0.0.7' }));
  if (!(await victim.register('edge.victim', passphrase)).ok) throw new Error('replay victim: register refused');
  const loginNonce = await victim.freshLoginNonce();
  const clientNonce = randomBytes(16).toString('base64url');
  const body = { username: 'edge.victim', clientNonce, sealed: victim.sealed({ passphrase, clientNonce, loginNonce }) };
  const genuine = await victim.send('login', body);
  if (!genuine.ok) throw new Error(`replay victim: genuine login ${genuine.error?.code}`);
  const attacker = h.track(await MeterClient.connect(vault.url, vault.trustDir, { localAddress: '127.0.0.8' }));
  const replays: string[] = [];
  for (let i = 0; i < 6; i++) {
    await attacker.hello();
    const a = await attacker.send('login', body);
    replays.push(a.ok ? 'ACCEPTED' : (a.error?.code ?? '?'));
  }
  const owner = await victim.login('edge.victim', passphrase, victim.hmk);
  return { replays, ownerAfter: owner.ok ? 'ACCEPTED' : (owner.error?.code ?? '?') };
}
