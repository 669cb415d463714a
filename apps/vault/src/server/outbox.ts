/**
 * Answers to one meter connection, with backpressure: a client that does not read its answers
 * cannot make the vault hold them without limit. Above `sendBufferBytes` of unsent answers the
 * vault stops reading the connection (so no new requests arrive, and TCP pushes back on the
 * client); if the answers have not drained within `sendStallMs`, or they pass four times the
 * limit (frames already read in one chunk still get answers), the connection is cut.
 */
import type { WebSocket } from 'ws';

export type CutReason = 'send-stalled' | 'send-overflow';

export class Outbox {
  private paused = false;
  private stall: NodeJS.Timeout | null = null;
  private readonly afterWrite = () => {
    if (this.paused && this.ws.bufferedAmount <= this.limit / 2) this.resume();
  };

  constructor(
    private readonly ws: WebSocket,
    private readonly limit: number,
    private readonly stallMs: number,
    private readonly onCut: (reason: CutReason) => void,
  ) {
    ws.once('close', () => this.clearStall());
  }

  send(text: string): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(text, this.afterWrite);
    const buffered = this.ws.bufferedAmount;
    if (buffered > 4 * this.limit) this.cut('send-overflow');
    else if (buffered > this.limit && !this.paused) this.pause();
  }

  private pause(): void {
    this.paused = true;
    this.ws.pause();
    this.stall = setTimeout(() => this.cut('send-stalled'), this.stallMs);
  }

  private resume(): void {
    this.paused = false;
    this.clearStall();
    this.ws.resume();
  }

  private cut(reason: CutReason): void {
    this.clearStall();
    this.onCut(reason);
    // The peer does not read: a close frame would only queue behind the answers it ignores.
    this.ws.terminate();
  }

  private clearStall(): void {
    if (this.stall !== null) clearTimeout(this.stall);
    this.stall = null;
  }
}
