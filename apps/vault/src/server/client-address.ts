/**
 * Who a connection is, for the per-address limits: the TCP peer, or — only when the peer is a
 * trusted proxy (a load balancer that terminates TLS) — the client that proxy names in
 * X-Forwarded-For. IPv6 clients are counted per /64: one host usually holds a whole /64.
 */
import { BlockList, isIP } from 'node:net';

/** "::ffff:192.0.2.1" → "192.0.2.1"; anything else as given. */
export function plainAddress(address: string | undefined): string {
  const a = address ?? '';
  return a.startsWith('::ffff:') && isIP(a.slice(7)) === 4 ? a.slice(7) : a;
}

/** The eight 16-bit groups of an IPv6 address (an embedded IPv4 tail and a zone id allowed). */
function ipv6Groups(address: string): number[] {
  let text = address.split('%')[0] as string;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4 !== null) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const front = head === '' ? [] : head.split(':');
  const back = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array<string>(8 - front.length - back.length).fill('0');
  return [...front, ...zeros, ...back].map((g) => parseInt(g, 16));
}

/** The key the per-address limits count under: the IPv4 address, or the IPv6 /64 prefix. */
export function addressKey(address: string): string {
  if (isIP(address) !== 6) return address;
  return `${ipv6Groups(address).slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

export class TrustedProxies {
  private readonly list = new BlockList();
  readonly any: boolean;

  /** `entries`: addresses or CIDR blocks (`10.0.0.0/8`, `fd00::/8`). Throws on a malformed one. */
  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const [address = '', bits] = entry.split('/');
      const family = isIP(address);
      if (family === 0) throw new Error(`not an IP address or CIDR block: ${entry}`);
      const type = family === 6 ? 'ipv6' : 'ipv4';
      if (bits === undefined) this.list.addAddress(address, type);
      else this.list.addSubnet(address, Number(bits), type);
    }
    this.any = entries.length > 0;
  }

  has(address: string): boolean {
    const family = isIP(address);
    return this.any && family !== 0 && this.list.check(address, family === 6 ? 'ipv6' : 'ipv4');
  }

  /**
   * The client's address: the peer's, unless the peer is trusted; then the right-most
   * X-Forwarded-For hop that is not itself a trusted proxy (hops to its left are the client's
   * to write, so they are never believed). A malformed hop falls back to the peer.
   */
  clientOf(peer: string, forwardedFor: string | string[] | undefined): string {
    if (!this.has(peer) || forwardedFor === undefined) return peer;
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',').map((h) => plainAddress(h.trim()));
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i] as string;
      if (isIP(hop) === 0) return peer;
      if (!this.has(hop)) return hop;
    }
    return peer;
  }
}

/** Open connections per address key, with a cap. */
export class AddressCounter {
  private readonly counts = new Map<string, number>();

  constructor(private readonly cap: number) {}

  tryAcquire(key: string): boolean {
    const n = this.counts.get(key) ?? 0;
    if (n >= this.cap) return false;
    this.counts.set(key, n + 1);
    return true;
  }

  release(key: string): void {
    const n = this.counts.get(key) ?? 0;
    if (n <= 1) this.counts.delete(key);
    else this.counts.set(key, n - 1);
  }
}
