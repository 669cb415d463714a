/** One WebSocket to the vault's meter endpoint with one request in flight: send a frame, get its answer. */
import { WebSocket } from 'ws';

/** An answer frame as parsed from JSON (callers check what they rely on). */
export interface Answer {
  id: number | null;
  ok: boolean;
  body?: Record<string, unknown>;
  mac?: string;
  error?: { code: string; message: string };
}

export class Channel {
  private nextId = 1;
  private waiting: { id: number; resolve: (a: Answer) => void; reject: (e: Error) => void } | undefined;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => this.receive(data.toString('utf8')));
    ws.on('close', () => this.fail(new Error('meter socket closed')));
    ws.on('error', (error: Error) => this.fail(error));
  }

  static open(url: string): Promise<Channel> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      ws.once('open', () => resolve(new Channel(ws)));
      ws.once('error', reject);
    });
  }

  id(): number {
    return this.nextId++;
  }

  send(id: number, frame: string): Promise<Answer> {
    if (this.waiting) throw new Error('a request is already in flight on this connection');
    return new Promise((resolve, reject) => {
      this.waiting = { id, resolve, reject };
      this.ws.send(frame);
    });
  }

  close(): void {
    this.ws.close();
  }

  private receive(text: string): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    // Thrown from the socket's listener: fails the whole run, as a broken vault should.
    if (!waiting) throw new Error('the vault sent an answer with no request in flight');
    const answer = JSON.parse(text) as Answer;
    if (answer.id !== waiting.id && answer.id !== null) waiting.reject(new Error(`answer id ${answer.id}, expected ${waiting.id}`));
    else waiting.resolve(answer);
  }

  private fail(error: Error): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(error);
  }
}
