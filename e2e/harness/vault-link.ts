/**
 * A TCP proxy between the web host and the vault. It records the `op` of every request the app
 * sends (so a spec can prove that bad input sent nothing), and it can lose one answer: armed,
 * it passes everything through until a vault frame matching a pattern arrives, then closes
 * both sides without forwarding it. The vault has committed by then (SPEC §4.4: it answers
 * only after the commit), so this is "the connection dropped after the vault committed".
 */
import { connect, createServer, type Socket } from 'node:net';
import { WsStreamSplitter } from './ws-frames.ts';

export interface VaultLink {
  /** ws://127.0.0.1:PORT/v1/meter, to give the web host instead of the vault's own URL. */
  readonly url: string;
  /** The ops of the requests sent to the vault so far, in order. */
  sentOps(): string[];
  /**
   * Drops the connection on the next vault frame whose text matches `pattern`, and resolves
   * with the pattern's first group (or the whole match): the answer the client never saw.
   */
  dropNextAnswer(pattern: RegExp): Promise<string>;
  close(): Promise<void>;
}

const TEXT = 1;

interface Armed {
  pattern: RegExp;
  resolve(captured: string): void;
  reject(error: Error): void;
}

function opOf(payload: string): string {
  try {
    const frame = JSON.parse(payload) as { op?: unknown };
    return typeof frame.op === 'string' ? frame.op : '(no op)';
  } catch {
    return '(not JSON)';
  }
}

export async function startVaultLink(vaultUrl: string): Promise<VaultLink> {
  const target = new URL(vaultUrl);
  const sockets = new Set<Socket>();
  const ops: string[] = [];
  let armed: Armed | null = null;

  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    for (const [a, b] of [[client, upstream], [upstream, client]] as const) {
      sockets.add(a);
      a.on('close', () => {
        sockets.delete(a);
        b.destroy();
      });
      a.on('error', () => b.destroy());
    }
    const fromClient = new WsStreamSplitter();
    client.on('data', (chunk) => {
      upstream.write(chunk);
      for (const frame of fromClient.push(chunk)) if (frame.opcode === TEXT) ops.push(opOf(frame.payload));
    });
    const fromVault = new WsStreamSplitter();
    upstream.on('data', (chunk) => {
      for (const frame of fromVault.push(chunk)) {
        if (armed && /sec-websocket-extensions:[^\r\n]*permessage-deflate/i.test(fromVault.handshake)) {
          armed.reject(new Error('vault link: permessage-deflate is on, answers cannot be read on the wire'));
          armed = null;
        }
        const match = armed?.pattern.exec(frame.payload);
        if (armed && match) {
          const { resolve } = armed;
          armed = null;
          client.destroy();
          upstream.destroy();
          resolve(match[1] ?? match[0]);
          return;
        }
        client.write(frame.raw);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('vault link: no TCP address');

  return {
    url: `ws://127.0.0.1:${address.port}${target.pathname}`,
    sentOps: () => [...ops],
    dropNextAnswer(pattern) {
      return new Promise((resolve, reject) => {
        armed = { pattern, resolve, reject };
      });
    },
    async close() {
      armed?.reject(new Error('vault link closed before the answer came'));
      armed = null;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
