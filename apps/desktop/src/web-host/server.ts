/**
 * The web host: the built renderer over HTTP and the bridge contract over a WebSocket, both on
 * 127.0.0.1 only. The socket needs the per-launch token (constant-time compare) and our own
 * Origin; every call goes through the same validating dispatcher as Electron's IPC.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Host } from '../core/host.ts';
import { contentSecurityPolicy } from '../shared/csp.ts';
import { BRIDGE_PATH, callFrameSchema, failure, type HostFrame } from '../shared/wire.ts';

export interface WebHostOptions {
  host: Host;
  rendererDir: string;
  port?: number;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

function tokenMatches(given: string | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = randomBytes(32).toString('base64url');
  const root = resolve(options.rendererDir);
  let port = 0;

  const server = createServer((req, res) => serveStatic(req, res, root, port));
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const originOk = req.headers.origin === `http://127.0.0.1:${port}` || req.headers.origin === `http://localhost:${port}`;
    if (url.pathname !== BRIDGE_PATH || !originOk || !tokenMatches(url.searchParams.get('token'), token)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveBridge(ws, options));
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((ok) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}

function serveBridge(ws: WebSocket, { host }: WebHostOptions): void {
  const send = (frame: HostFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };
  const unsubscribe = host.subscribe((event) => send({ event }));
  ws.on('close', unsubscribe);
  // dispatch never rejects (every failure is an envelope), so the reply needs no catch.
  ws.on('message', (data, isBinary) => void answer(data, isBinary));
  async function answer(data: RawData, isBinary: boolean): Promise<void> {
    let raw: unknown = null;
    try {
      raw = isBinary ? null : JSON.parse(data.toString());
    } catch {
      raw = null;
    }
    const frame = callFrameSchema.safeParse(raw);
    if (!frame.success) {
      const id = (raw as { id?: unknown } | null)?.id;
      send({ id: typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null, result: failure('BAD_REQUEST', 'Unknown bridge call.') });
      return;
    }
    send({ id: frame.data.id, result: await host.dispatch(frame.data.call, frame.data.input) });
  }
}

function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, port: number): void {
  const headers = {
    'Content-Security-Policy': contentSecurityPolicy(`ws://127.0.0.1:${port}`),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, headers).end();
    return;
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    res.writeHead(400, headers).end();
    return;
  }
  const file = normalize(join(root, pathname === '/' ? 'index.html' : pathname));
  if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('not found');
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}
