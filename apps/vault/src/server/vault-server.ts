/** One port: HTTP routes plus the meter WebSocket on `/v1/meter`. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { RouteHandler } from './http-routes.ts';
import { serveMeterConnection } from './meter-socket.ts';
import type { VaultContext } from './context.ts';

export const METER_PATH = '/v1/meter';
/** Frames above this close the connection (1009); frames above 64 KiB get BAD_REQUEST. */
const MAX_PAYLOAD = 1024 * 1024;

export interface ServerOptions {
  host: string;
  port: number;
  routes: RouteHandler[];
  maxConnections: number;
  ratePerSecond: number;
}

export interface RunningServer {
  host: string;
  port: number;
  /** Stops accepting new connections; open ones keep being served. */
  stopAccepting(): void;
  /** Closes every connection and the listener. */
  close(): Promise<void>;
}

export function startServer(ctx: VaultContext, opts: ServerOptions): Promise<RunningServer> {
  const server: Server = createServer((req, res) => {
    try {
      for (const route of opts.routes) if (route(req, res)) return;
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found\n');
    } catch (err) {
      ctx.log(`http: internal error: ${(err as Error).message}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('internal error\n');
    }
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD, perMessageDeflate: false });
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://vault').pathname;
    if (path !== METER_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    if (wss.clients.size >= opts.maxConnections) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveMeterConnection(ctx, ws, opts.ratePerSecond));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      const address = server.address() as AddressInfo;
      resolve({
        host: opts.host,
        port: address.port,
        stopAccepting: () => {
          server.close();
          server.closeIdleConnections();
        },
        close: () =>
          new Promise<void>((done) => {
            for (const client of wss.clients) client.terminate();
            wss.close();
            server.closeAllConnections();
            if (server.listening) server.close(() => done());
            else done();
          }),
      });
    });
  });
}
