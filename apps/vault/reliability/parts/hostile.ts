/**
 * Part 4, hostile input: generated frames over several connections (one of them signed in, for
 * replays and forged MACs), oversize frames, slow and half-open connections. Every frame must get
 * an error answer (none INTERNAL), the database must not change, and a good client still works.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { encodeRequest } from '@vbi/protocol';
import type { TestVault } from '../../src/testing/index.ts';
import { MeterClient, today, type Answer } from '../../src/testing/meter-client.ts';
import type { Harness, Part } from '../context.ts';
import { vaultState } from '../db-state.ts';
import { harnessKeys } from '../keys.ts';
import { LoadMeter } from '../load-meter.ts';
import { expectedId, hostileFrame, type FrameSources, type HostileFrame } from './hostile-frames.ts';

const CHUNK = 250;

/** Connections that never finish: silent TCP, a byte-by-byte handshake, a frame cut short, an abrupt reset. */
function slowAndHalfOpen(port: number): { sockets: Socket[]; timers: NodeJS.Timeout[] } {
  const sockets: Socket[] = [];
  const timers: NodeJS.Timeout[] = [];
  const handshake = `GET /v1/meter HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`;
  const open = () => {
    const s = connect(port, '127.0.0.1');
    s.on('error', () => {});
    sockets.push(s);
    return s;
  };
  for (let i = 0; i < 20; i++) open();
  for (let i = 0; i < 5; i++) {
    const s = open();
    let at = 0;
    const t = setInterval(() => {
      if (at < handshake.length && !s.destroyed) s.write(handshake[at++] as string);
    }, 30);
    timers.push(t);
  }
  for (let i = 0; i < 10; i++) {
    const s = open();
    s.write(handshake);
    s.once('data', () => {
      s.write(Buffer.from([0x81, 0xfe, 0x01])); // a masked text frame header, cut short
      if (i % 2 === 1) setTimeout(() => s.resetAndDestroy(), 50);
    });
  }
  return { sockets, timers };
}

async function sendAll(c: MeterClient, frames: Array<{ data: string | Buffer; binary?: boolean }>): Promise<Array<Answer | null>> {
  let onClose = () => {};
  const closed = new Promise<null>((resolve) => {
    onClose = () => resolve(null);
    c.ws.once('close', onClose);
  });
  try {
    return await Promise.all(frames.map((f) => Promise.race([c.raw(f.data, expectedId(f.data, f.binary === true), f.binary === true), closed])));
  } finally {
    c.ws.off('close', onClose); // one listener per round would pile up over a long run
  }
}

async function oversizeCloses(v: TestVault): Promise<number> {
  let closes = 0;
  for (let i = 0; i < 3; i++) {
    const ws = new WebSocket(v.url);
    await new Promise((resolve) => ws.once('open', resolve));
    const code = await new Promise<number>((resolve) => {
      ws.once('close', (c) => resolve(c));
      ws.send('x'.repeat(1024 * 1024 + 10));
    });
    if (code === 1009) closes++;
  }
  return closes;
}

export const hostilePart: Part = async (h: Harness) => {
  const vault = await h.vault({ startArgs: ['--rate-limit', '1000000', '--log-offload-seconds', '0'] });
  const keys = harnessKeys(h, vault.dataDir);
  const good = new LoadMeter(h, 'hostile.good');
  const target = new LoadMeter(h, 'hostile.session');
  for (const m of [good, target]) {
    await m.register(vault.url, vault.trustDir);
    await vault.credit(m.username, 1_000_000);
    await m.step();
  }
  const session = target.client as MeterClient;
  // A genuine frame, answered once: every later copy of it is a replay.
  const { body, mac } = session.build('audit', {});
  const replay = encodeRequest(999_999, 'audit', body, mac);
  const first = await session.raw(replay, 999_999);
  if (!first.ok) throw new Error('the genuine frame was refused');
  session.accept('audit', first, (body as { clientNonce: string }).clientNonce);
  const src: FrameSources = { replay, forgedBody: () => session.build('purchase', { amount: 1 }).body };

  const before = await vaultState(vault.database, keys.backend.psd);
  const port = Number(new URL(vault.url).port);
  const slow = slowAndHalfOpen(port);
  const plain = await Promise.all([0, 1, 2].map(async () => h.track(await MeterClient.connect(vault.url, vault.trustDir))));
  const conns = [session, ...plain];
  const kinds = new Map<string, number>();
  let answered = 0;
  let internal = 0;
  let accepted = 0;
  const acceptedKinds = new Set<string>();
  let silent = 0;
  const total = h.figures.hostileFrames;
  for (let start = 0; start < total; start += CHUNK * conns.length) {
    await Promise.all(conns.map(async (c, ci) => {
      const frames: HostileFrame[] = [];
      for (let j = 0; j < CHUNK; j++) {
        const i = start + ci * CHUNK + j;
        if (i >= total) break;
        const f = hostileFrame(i, src);
        kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
        frames.push(f);
      }
      (await sendAll(c, frames)).forEach((a, j) => {
        if (a === null) silent++;
        else if (a.ok) {
          accepted++;
          acceptedKinds.add(frames[j]?.kind ?? '?');
        }
        else if (a.error?.code === 'INTERNAL') internal++;
        else answered++;
      });
    }));
  }
  const closes1009 = await oversizeCloses(vault);
  const health = (await (await fetch(`${vault.httpUrl}/v1/health`)).json()) as { ok: boolean };
  const after = await vaultState(vault.database, keys.backend.psd);
  const unchanged = after.fingerprint === before.fingerprint;
  // The vault still answers a good client: a fresh login and a piece of postage.
  const reconciled = (await good.reconcile(vault.url, vault.trustDir)) === null;
  const piece = await good.client?.maced('indicium', { kind: 'postage', postage: 1, rateCategory: 'FCLT', mailDate: today() });
  for (const t of slow.timers) clearInterval(t);
  for (const s of slow.sockets) s.destroy();
  await sleep(10);
  const alive = health.ok && reconciled && piece?.ok === true;
  const ok = answered === total && internal === 0 && accepted === 0 && unchanged && alive && closes1009 === 3;
  return {
    ok,
    line: `hostile: ${total} frames (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}) + 3 frames > 1 MiB + ` +
      `${slow.sockets.length} slow/half-open connections → ${answered} refused, ${accepted} accepted${accepted > 0 ? ` (${[...acceptedKinds].join(', ')})` : ''}, ${internal} INTERNAL, ${silent} unanswered, ` +
      `${closes1009}/3 closed 1009, 0 crashes: ${health.ok}, state changes: ${unchanged ? 0 : 'SOME'}, good client served: ${alive}`,
  };
};
