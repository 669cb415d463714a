/** `vault start` options of the public edge: TLS, resource limits, proxies, metrics (server/limits.ts). */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_MAX_QUEUE } from '../bank/module-bank.ts';
import { TrustedProxies } from '../server/client-address.ts';
import { DEFAULT_EDGE_LIMITS, type EdgeLimits } from '../server/limits.ts';
import { intOption, UsageError } from './options.ts';

const d = DEFAULT_EDGE_LIMITS;

export const EDGE_OPTIONS = {
  'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' },
  'rate-limit': { type: 'string' }, 'max-connections': { type: 'string' }, 'max-connections-per-address': { type: 'string' },
  'max-in-flight': { type: 'string' }, 'send-buffer-kib': { type: 'string' }, 'send-stall-seconds': { type: 'string' },
  'ping-seconds': { type: 'string' }, 'idle-seconds': { type: 'string' }, 'handshake-seconds': { type: 'string' },
  'max-queue': { type: 'string' }, 'register-per-address-per-hour': { type: 'string' }, 'register-per-minute': { type: 'string' },
  'trust-proxy': { type: 'string' }, 'metrics-host': { type: 'string' }, 'metrics-port': { type: 'string' },
} as const;

export const EDGE_HELP = `TLS (docs/vault.md "Running the vault in production"):
  --tls-cert FILE            PEM certificate (chain): serve wss:// and https:// (with --tls-key)
  --tls-key FILE             PEM private key of that certificate
  --trust-proxy LIST         comma-separated addresses or CIDR blocks of load balancers whose
                             X-Forwarded-For names the client (default: none; never trust it otherwise)
Limits:
  --rate-limit N             requests per second per connection (default ${d.ratePerSecond}, at least 200)
  --max-connections N        open meter connections at most (default ${d.maxConnections})
  --max-connections-per-address N   open connections per client address, IPv6 per /64 (default ${d.maxConnectionsPerAddress})
  --max-in-flight N          requests served at once per connection (default ${d.maxInFlight})
  --send-buffer-kib N        unsent answers per connection before the vault stops reading it (default ${d.sendBufferBytes / 1024})
  --send-stall-seconds N     a connection that stays above that is closed after N s (default ${d.sendStallMs / 1000})
  --ping-seconds N           heartbeat: ping every N s, close when the last ping went unanswered (default ${d.pingIntervalMs / 1000})
  --idle-seconds N           close a meter connection with no request for N s (default ${d.idleTimeoutMs / 1000})
  --handshake-seconds N      time to finish TLS and the HTTP request or upgrade (default ${d.handshakeTimeoutMs / 1000})
  --max-queue N              commands waiting for a module at most; more get BUSY (default ${DEFAULT_MAX_QUEUE})
  --register-per-address-per-hour N   new accounts per client address per hour (default ${d.registerPerAddressPerHour})
  --register-per-minute N    new accounts per minute for the whole vault (default ${d.registerPerMinute})
Metrics:
  --metrics-port PORT        serve Prometheus GET /metrics on its own listener (0 = a free port; default off)
  --metrics-host HOST        address of that listener (default 127.0.0.1)
`;

type EdgeValues = { [K in keyof typeof EDGE_OPTIONS]?: string | undefined };

export interface EdgeSettings {
  limits: EdgeLimits;
  maxQueue: number;
  tls?: { certFile: string; keyFile: string };
  metrics?: { host: string; port: number };
}

function tlsOf(v: EdgeValues): EdgeSettings['tls'] {
  const cert = v['tls-cert'];
  const key = v['tls-key'];
  if (cert === undefined && key === undefined) return undefined;
  if (cert === undefined || key === undefined) throw new UsageError('--tls-cert and --tls-key go together');
  for (const file of [cert, key]) if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
  return { certFile: resolve(cert), keyFile: resolve(key) };
}

function proxiesOf(text: string | undefined): string[] {
  const list = text === undefined || text === '' ? [] : text.split(',').map((p) => p.trim());
  try {
    new TrustedProxies(list);
  } catch (err) {
    throw new UsageError(`--trust-proxy: ${(err as Error).message}`);
  }
  return list;
}

export function edgeSettings(v: EdgeValues): EdgeSettings {
  const seconds = (name: keyof EdgeValues, fallbackMs: number, min: number, max: number) =>
    intOption(v[name], name, fallbackMs / 1000, min, max) * 1000;
  const limits: EdgeLimits = {
    ratePerSecond: intOption(v['rate-limit'], 'rate-limit', d.ratePerSecond, 200, 1_000_000),
    maxConnections: intOption(v['max-connections'], 'max-connections', d.maxConnections, 1, 1_000_000),
    maxConnectionsPerAddress: intOption(v['max-connections-per-address'], 'max-connections-per-address', d.maxConnectionsPerAddress, 1, 1_000_000),
    maxInFlight: intOption(v['max-in-flight'], 'max-in-flight', d.maxInFlight, 1, 10_000),
    sendBufferBytes: intOption(v['send-buffer-kib'], 'send-buffer-kib', d.sendBufferBytes / 1024, 16, 1024 * 1024) * 1024,
    sendStallMs: seconds('send-stall-seconds', d.sendStallMs, 1, 3600),
    pingIntervalMs: seconds('ping-seconds', d.pingIntervalMs, 1, 3600),
    idleTimeoutMs: seconds('idle-seconds', d.idleTimeoutMs, 1, 86_400),
    handshakeTimeoutMs: seconds('handshake-seconds', d.handshakeTimeoutMs, 1, 600),
    registerPerAddressPerHour: intOption(v['register-per-address-per-hour'], 'register-per-address-per-hour', d.registerPerAddressPerHour, 1, 1_000_000),
    registerPerMinute: intOption(v['register-per-minute'], 'register-per-minute', d.registerPerMinute, 1, 1_000_000),
    trustedProxies: proxiesOf(v['trust-proxy']),
  };
  const tls = tlsOf(v);
  const metricsPort = v['metrics-port'];
  return {
    limits,
    maxQueue: intOption(v['max-queue'], 'max-queue', DEFAULT_MAX_QUEUE, 1, 10_000_000),
    ...(tls === undefined ? {} : { tls }),
    ...(metricsPort === undefined ? {} : { metrics: { host: v['metrics-host'] ?? '127.0.0.1', port: intOption(metricsPort, 'metrics-port', 0, 0, 65535) } }),
  };
}
