/**
 * Ping/pong and idle timeout for the meter connections: one timer for all of them. Each beat
 * closes a connection that has not answered the previous ping (a dead peer or a half-open TCP
 * connection) or has sent no request for `idleMs`, and pings the rest.
 */
import type { WebSocket } from 'ws';

export type HeartbeatReason = 'no-pong' | 'idle';

interface Beat {
  answered: boolean;
  lastRequest: number;
}

export class Heartbeat {
  private readonly beats = new Map<WebSocket, Beat>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    intervalMs: number,
    private readonly idleMs: number,
    private readonly onClose: (reason: HeartbeatReason) => void,
  ) {
    this.timer = setInterval(() => this.beat(), intervalMs);
    this.timer.unref();
  }

  watch(ws: WebSocket): void {
    const beat: Beat = { answered: true, lastRequest: Date.now() };
    this.beats.set(ws, beat);
    ws.on('pong', () => {
      beat.answered = true;
    });
    ws.once('close', () => this.beats.delete(ws));
  }

  /** A request arrived on `ws`. */
  touch(ws: WebSocket): void {
    const beat = this.beats.get(ws);
    if (beat !== undefined) beat.lastRequest = Date.now();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private beat(): void {
    const now = Date.now();
    for (const [ws, beat] of this.beats) {
      if (!beat.answered) {
        this.beats.delete(ws);
        this.onClose('no-pong');
        ws.terminate();
      } else if (now - beat.lastRequest > this.idleMs) {
        this.beats.delete(ws);
        this.onClose('idle');
        ws.close(1001, 'idle timeout');
      } else {
        beat.answered = false;
        ws.ping();
      }
    }
  }
}
