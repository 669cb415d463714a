/**
 * How the app reaches its vault: only over TLS (`wss://`, `https://`), except to this computer
 * (loopback, for development), and — when the trust bundle pins a development certificate
 * (`tls-dev.pem`, made by `vault dev-cert`) — trusting exactly that certificate besides the
 * system's CAs. Addresses, usernames and unMACed answers (quotes, errors, health) must not cross
 * a network in clear, where they could be read or forged.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import { Readable } from 'node:stream';
import type { ClientOptions } from 'ws';
import { AppError } from '../errors.ts';
import type { TrustBundle } from '../trust.ts';

export interface VaultTransport {
  /** Options for the meter socket (ws). */
  wsOptions: ClientOptions;
  /** fetch for the vault's HTTP side (health, update feed). */
  fetch: typeof fetch;
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/** Throws a plain-words error unless `url` is a `wss://` address, or a `ws://` one to this computer. */
export function checkVaultUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('BAD_REQUEST', 'The vault address is not a valid address (it looks like wss://vault.example.com/v1/meter).');
  }
  if (parsed.protocol === 'wss:') return;
  if (parsed.protocol === 'ws:') {
    if (isLoopback(parsed.hostname)) return;
    throw new AppError(
      'INSECURE_VAULT',
      'The vault address starts with ws://, which is not encrypted: your account and addresses would cross the network readable by anyone. Use the wss:// address of your vault (ws:// is allowed only to this computer).',
    );
  }
  throw new AppError('BAD_REQUEST', 'The vault address must start with wss:// (or ws:// to this computer).');
}

/** GETs over node:http(s) trusting `ca` besides the system's CAs; a Response like fetch's. */
function fetchTrusting(caPem: string): typeof fetch {
  const ca = [...rootCertificates, caPem];
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
        reject(new AppError('INSECURE_VAULT', 'The vault must be reached over https.'));
        return;
      }
      const headers = Object.fromEntries(new Headers(init?.headers).entries());
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(url, { method: 'GET', headers, ca, ...(init?.signal ? { signal: init.signal } : {}) }, (res) => {
        const body = Readable.toWeb(res) as ReadableStream<Uint8Array>;
        resolve(new Response(res.statusCode === 204 || res.statusCode === 304 ? null : body, { status: res.statusCode ?? 500 }));
      });
      req.on('error', reject);
      req.end();
    });
}

export function vaultTransport(trust: TrustBundle): VaultTransport {
  if (trust.tlsDevPem === undefined) return { wsOptions: {}, fetch: globalThis.fetch };
  return { wsOptions: { ca: [...rootCertificates, trust.tlsDevPem] }, fetch: fetchTrusting(trust.tlsDevPem) };
}
