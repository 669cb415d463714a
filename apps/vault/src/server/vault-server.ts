/**
 * One port: HTTP routes plus the meter WebSocket on `/v1/meter`, over TLS when the vault has a
 * certificate (`wss://`, `https://`). Connection-level limits live here: per-address caps,
 * handshake time, the total cap and the heartbeat (server/limits.ts).
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { errorText } from '../log/vault-log.ts';
import { addressKey, AddressCounter, plainAddress, TrustedProxies } from './client-address.ts';
import type { VaultContext } from './context.ts';
import { Heartbeat } from './heartbeat.ts';
import type { RouteHandler } from './http-routes.ts';
import type { EdgeLimits } from './limits.ts';
import { serveMeterConnection } from './meter-socket.ts';

export const METER_PATH = '/v1/meter';
/** Frames above this close the connection (1009); frames above 64 KiB get BAD_REQUEST. */
const MAX_PAYLOAD = 1024 * 1024;
/** Sockets beyond the meter connections: health checks, certificates, update downloads, handshakes. */
const HTTP_HEADROOM = 1024;

export interface ServerOptions {
  host: string;
  port: number;
  routes: RouteHandler[];
  limits: EdgeLimits;
  /** PEM certificate chain and key: serve `wss://` and `https://`. */
  tls?: { cert: Buffer; key: Buffer };
}

export interface RunningServer {
  host: string;
  port: number;
  /** `ws` or `wss`. */
  scheme: 'ws' | 'wss';
  /** Stops accepting new connections; open ones keep being served. */
  stopAccepting(): void;
  /** Closes every connection and the listener. */
  close(): Promise<void>;
}

function refuseUpgrade(socket: Socket, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export function startServer(ctx: VaultContext, opts: ServerOptions): Promise<RunningServer> {
  const { limits } = opts;
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    try {
      for (const route of opts.routes) if (route(req, res)) return;
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found\n');
    } catch (err) {
      ctx.log.error('http: internal error', { error: errorText(err) });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('internal error\n');
    }
  };
  const server: Server = opts.tls === undefined
    ? createHttpServer(onRequest)
    : createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key, minVersion: 'TLSv1.2', handshakeTimeout: limits.handshakeTimeoutMs }, onRequest);
  // A socket must finish its request (or upgrade) in time; ws clears this timeout once upgraded.
  server.timeout = limits.handshakeTimeoutMs;
  server.headersTimeout = limits.handshakeTimeoutMs;
  server.requestTimeout = Math.max(limits.handshakeTimeoutMs, 30_000);
  server.maxConnections = limits.maxConnections + HTTP_HEADROOM;

  const proxies = new TrustedProxies(limits.trustedProxies);
  const perAddress = new AddressCounter(limits.maxConnectionsPerAddress);
  // Direct peers are counted per TCP connection, from accept on; a trusted proxy's connections
  // are counted per meter connection, under the client it names (at the upgrade).
  server.on('connection', (socket: Socket) => {
    const peer = plainAddress(socket.remoteAddress);
    if (proxies.has(peer)) return;
    const key = addressKey(peer);
    if (!perAddress.tryAcquire(key)) {
      ctx.metrics.connectionRefused('address-cap');
      socket.destroy();
      return;
    }
    socket.once('close', () => perAddress.release(key));
  });

  const heartbeat = new Heartbeat(limits.pingIntervalMs, limits.idleTimeoutMs, (reason) => ctx.metrics.connectionCut(reason));
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD, perMessageDeflate: false });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://vault').pathname;
    if (path !== METER_PATH) {
      refuseUpgrade(socket, '404 Not Found');
      return;
    }
    if (wss.clients.size >= limits.maxConnections) {
      ctx.metrics.connectionRefused('capacity');
      refuseUpgrade(socket, '503 Service Unavailable');
      return;
    }
    const peer = plainAddress(socket.remoteAddress);
    const address = proxies.clientOf(peer, req.headers['x-forwarded-for']);
    const proxied = proxies.has(peer);
    const key = addressKey(address);
    if (proxied && !perAddress.tryAcquire(key)) {
      ctx.metrics.connectionRefused('address-cap');
      refuseUpgrade(socket, '429 Too Many Requests');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (proxied) ws.once('close', () => perAddress.release(key));
      serveMeterConnection(ctx, ws, { address, limits, heartbeat });
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      const address = server.address() as AddressInfo;
      resolve({
        host: opts.host,
        port: address.port,
        scheme: opts.tls === undefined ? 'ws' : 'wss',
        stopAccepting: () => {
          server.close();
          server.closeIdleConnections();
        },
        close: () =>
          new Promise<void>((done) => {
            heartbeat.stop();
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
