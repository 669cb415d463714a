/**
 * One WebSocket to the vault's meter endpoint (SPEC §3): numbered requests, answers matched by
 * id. Frames are written and read with @vbi/protocol's frame codec (encodeRequest,
 * parseResponseFrame), the same one the vault uses. A connection that closes fails every
 * outstanding request with LOST_ANSWER so the caller knows the vault may or may not have acted on it.
 */
import { encodeRequest, parseResponseFrame, type ErrorCode, type OpName, type ResponseFrame } from '@vbi/protocol';
import WebSocket from 'ws';
import { AppError } from '../errors.ts';
import { describeError, type Log } from '../log.ts';

export type VaultAnswer =
  | { ok: true; body: Record<string, unknown>; mac?: string }
  | { ok: false; error: { code: ErrorCode; message: string } };

interface Waiter {
  resolve(answer: VaultAnswer): void;
  reject(err: AppError): void;
}

/** Larger frames close the socket (1009); the codec refuses any answer above 64 KiB anyway. */
const MAX_FRAME = 1024 * 1024;
const UNREACHABLE = 'The vault cannot be reached. Check the connection and try again.';

export class VaultConnection {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiter>();
  private closed = false;

  private constructor(
    private readonly socket: WebSocket,
    private readonly log: Log,
  ) {
    socket.on('message', (data, isBinary) => this.onFrame(isBinary ? null : data.toString()));
    socket.on('close', () => this.failAll());
    socket.on('error', () => this.failAll());
  }

  /** `options`: TLS trust from the vault transport (vault/transport.ts). */
  static open(url: string, log: Log, options: WebSocket.ClientOptions = {}): Promise<VaultConnection> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { ...options, maxPayload: MAX_FRAME, handshakeTimeout: 10_000 });
      socket.once('open', () => resolve(new VaultConnection(socket, log)));
      socket.once('error', () => reject(new AppError('OFFLINE', UNREACHABLE)));
    });
  }

  get isOpen(): boolean {
    return !this.closed && this.socket.readyState === WebSocket.OPEN;
  }

  onClose(listener: () => void): void {
    this.socket.on('close', listener);
  }

  request(op: OpName, body: Record<string, unknown>, mac?: string): Promise<VaultAnswer> {
    if (!this.isOpen) return Promise.reject(new AppError('OFFLINE', UNREACHABLE));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.socket.send(encodeRequest(id, op, body, mac));
    });
  }

  close(): void {
    this.closed = true;
    this.socket.close();
    this.failAll();
  }

  private onFrame(text: string | null): void {
    let frame: ResponseFrame;
    try {
      if (text === null) throw new AppError('ANSWER_REFUSED', 'binary frame');
      frame = parseResponseFrame(text);
    } catch (err) {
      // Which request it answers cannot be trusted either: none of the outstanding answers is used.
      this.log.warn('vault-frame-refused', describeError(err));
      this.failAll(new AppError('ANSWER_REFUSED', 'The vault sent an answer the app cannot read.'));
      return;
    }
    if (frame.id === null) {
      // The vault could not read a request of ours well enough to know its id.
      this.log.warn('vault-refused-unnumbered', frame.ok ? {} : { code: frame.error.code });
      if (!frame.ok) for (const waiter of this.takeAll()) waiter.resolve({ ok: false, error: frame.error });
      return;
    }
    const waiter = this.waiting.get(frame.id);
    if (!waiter) {
      this.log.warn('vault-answer-unmatched', { id: frame.id });
      return;
    }
    this.waiting.delete(frame.id);
    if (!frame.ok) waiter.resolve({ ok: false, error: frame.error });
    else waiter.resolve(frame.mac === undefined ? { ok: true, body: frame.body } : { ok: true, body: frame.body, mac: frame.mac });
  }

  private takeAll(): Waiter[] {
    const all = [...this.waiting.values()];
    this.waiting.clear();
    return all;
  }

  private failAll(err = new AppError('LOST_ANSWER', 'The connection to the vault dropped before it answered.')): void {
    if (err.code === 'LOST_ANSWER') this.closed = true;
    for (const waiter of this.takeAll()) waiter.reject(err);
  }
}
