/**
 * The meter socket's resource limits, all set by `vault start` options (docs/vault.md "Running
 * the vault in production"). The defaults are what we would ship: far above what an honest
 * desktop client needs (one connection, one request in flight, answers of a few KiB), far
 * below what would let one host exhaust the vault.
 */
export interface EdgeLimits {
  /** Open meter connections at most (upgrades beyond get HTTP 503). */
  maxConnections: number;
  /** Open connections (TCP, or meter connections behind a trusted proxy) per client address; IPv6 counts per /64. */
  maxConnectionsPerAddress: number;
  /** Requests per second per connection (token bucket; SPEC §3: no lower than 200). */
  ratePerSecond: number;
  /** Requests of one connection being served at once; more are answered RATE_LIMITED. */
  maxInFlight: number;
  /** Unsent answer bytes of one connection above which the vault stops reading it. */
  sendBufferBytes: number;
  /** How long a connection may stay above `sendBufferBytes` before it is closed. */
  sendStallMs: number;
  /** Ping interval; a connection that has not answered the previous ping is closed. */
  pingIntervalMs: number;
  /** A meter connection with no request for this long is closed. */
  idleTimeoutMs: number;
  /** Time for a new TCP connection to finish TLS and its HTTP request or WebSocket upgrade. */
  handshakeTimeoutMs: number;
  /** `register` per client address per hour (burst of as many). */
  registerPerAddressPerHour: number;
  /** `register` per minute for the whole vault (burst of as many). */
  registerPerMinute: number;
  /** Peers whose X-Forwarded-For names the client (addresses or CIDR blocks); none by default. */
  trustedProxies: readonly string[];
}

export const DEFAULT_EDGE_LIMITS: EdgeLimits = {
  maxConnections: 10_000,
  maxConnectionsPerAddress: 256,
  ratePerSecond: 200,
  maxInFlight: 16,
  sendBufferBytes: 256 * 1024,
  sendStallMs: 10_000,
  pingIntervalMs: 30_000,
  idleTimeoutMs: 15 * 60_000,
  handshakeTimeoutMs: 10_000,
  registerPerAddressPerHour: 20,
  registerPerMinute: 60,
  trustedProxies: [],
};
