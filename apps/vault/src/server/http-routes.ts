/** Plain HTTP beside the socket (SPEC §5, §6): health and the certificate directory. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Storage } from '../storage/storage.ts';

/** A route answers the request and returns true, or returns false to let the next one try. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-cache' });
  res.end(body);
}

function pathOf(req: IncomingMessage): string {
  return new URL(req.url ?? '/', 'http://vault').pathname;
}

export function healthRoute(status: () => object): RouteHandler {
  return (req, res) => {
    if (req.method !== 'GET' || pathOf(req) !== '/v1/health') return false;
    send(res, 200, 'application/json', JSON.stringify(status()));
    return true;
  };
}

const CERT_PATH = /^\/v1\/certs\/([^/]+)$/;

/** `GET /v1/certs/ca` and `GET /v1/certs/<serial>` as PEM; 404 for anything else. */
export function certificateRoute(storage: Storage, caPem: string): RouteHandler {
  return (req, res) => {
    const match = CERT_PATH.exec(pathOf(req));
    if (req.method !== 'GET' || match === null) return false;
    const name = match[1] as string;
    const found = name === 'ca'
      ? Promise.resolve(caPem)
      : /^[1-9][0-9]{0,9}$/.test(name) && Number(name) <= 0xffff_ffff
        ? storage.certificateBySerial(Number(name))
        : Promise.resolve(undefined);
    found.then(
      (pem) => {
        if (pem === undefined) send(res, 404, 'text/plain; charset=utf-8', 'certificate not found\n');
        else send(res, 200, 'application/x-pem-file', pem);
      },
      () => send(res, 503, 'text/plain; charset=utf-8', 'certificate directory unavailable\n'),
    );
    return true;
  };
}
