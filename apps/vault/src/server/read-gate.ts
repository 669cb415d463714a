/**
 * Whether the vault reads a meter connection. Two parts may stop reading for their own reasons
 * (unsent answers piling up, requests waiting for an in-flight slot); the connection is read
 * again only when neither holds it, so one cannot resume what the other paused.
 */
import type { WebSocket } from 'ws';

export type HoldReason = 'send-buffer' | 'requests-waiting';

export class ReadGate {
  private readonly holds = new Set<HoldReason>();

  constructor(private readonly ws: WebSocket) {}

  hold(reason: HoldReason): void {
    if (this.holds.size === 0) this.ws.pause();
    this.holds.add(reason);
  }

  release(reason: HoldReason): void {
    if (!this.holds.delete(reason) || this.holds.size > 0) return;
    this.ws.resume();
  }
}
