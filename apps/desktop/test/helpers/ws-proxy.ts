/**
 * A tiny WebSocket proxy between the core and the vault that can drop or rewrite the vault's
 * answers — the lost-answer and tampered-answer cases, on real sockets.
 */
import type { AddressInfo } from 'node:net';
import { after, before } from 'node:test';
import { startTestVault, type TestVault } from '@vbi/vault/testing';
import WebSocket, { WebSocketServer } from 'ws';

export type AnswerAction = { kind: 'pass' } | { kind: 'drop-and-close' } | { kind: 'replace'; frame: Record<string, unknown> };

export interface Proxy {
  url: string;
  /** Decides what happens to each answer; `op` and `body` are those of the request it answers. */
  onAnswer: (op: string, request: Record<string, unknown>, answer: Record<string, unknown>) => AnswerAction;
  /** The ops of every request that went through, in order. */
  ops: string[];
  /** Cuts every open connection, as a network outage would; new connections still go through. */
  dropConnections(): void;
  close(): Promise<void>;
}

export async function startProxy(upstreamUrl: string): Promise<Proxy> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((ok) => wss.once('listening', () => ok()));
  const proxy: Proxy = {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/v1/meter`,
    onAnswer: () => ({ kind: 'pass' }),
    ops: [],
    dropConnections: () => {
      for (const c of wss.clients) c.terminate();
    },
    close: () => new Promise<void>((ok) => {
      for (const c of wss.clients) c.terminate();
      wss.close(() => ok());
    }),
  };
  wss.on('connection', (client) => {
    const upstream = new WebSocket(upstreamUrl);
    const requests = new Map<number, Record<string, unknown>>();
    const queue: string[] = [];
    upstream.on('open', () => queue.splice(0).forEach((m) => upstream.send(m)));
    client.on('message', (data) => {
      const text = data.toString();
      const frame = JSON.parse(text) as Record<string, unknown>;
      if (typeof frame.id === 'number') requests.set(frame.id, frame);
      proxy.ops.push(String(frame.op));
      if (upstream.readyState === WebSocket.OPEN) upstream.send(text);
      else queue.push(text);
    });
    upstream.on('message', (data) => {
      const answer = JSON.parse(data.toString()) as Record<string, unknown>;
      const request = requests.get(answer.id as number) ?? {};
      const action = proxy.onAnswer(String(request.op), request, answer);
      if (action.kind === 'drop-and-close') {
        client.terminate();
        upstream.close();
      } else {
        client.send(JSON.stringify(action.kind === 'replace' ? action.frame : answer));
      }
    });
    client.on('close', () => upstream.close());
    upstream.on('close', () => client.close());
  });
  return proxy;
}

/**
 * A test vault with the proxy in front of it for the tests of one file: started before them,
 * stopped after them. Read `vault` and `proxy` inside the tests.
 */
export function vaultBehindProxy(): { readonly vault: TestVault; readonly proxy: Proxy } {
  let vault: TestVault | undefined;
  let proxy: Proxy | undefined;
  before(async () => {
    vault = await startTestVault();
    proxy = await startProxy(vault.url);
  });
  after(async () => {
    await proxy?.close();
    await vault?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the vault starts before the tests');
    return value;
  };
  return {
    get vault() {
      return started(vault);
    },
    get proxy() {
      return started(proxy);
    },
  };
}
