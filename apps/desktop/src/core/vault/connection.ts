/**
 * One WebSocket to the vault's meter endpoint (SPEC §3): numbered requests, answers matched by
 * id. A connection that closes fails every outstanding request with LOST_ANSWER so the caller
 * knows the vault may or may not have acted on it.
 */
import { isErrorCode, type ErrorCode } from '@vbi/protocol';
import WebSocket from 'ws';
import { AppError } from '../errors.ts';
import type { Log } from '../log.ts';

export interface VaultAnswer {
  ok: boolean;
  body?: Record<string, unknown>;
  mac?: string;
  error?: { code: ErrorCode; message: string };
}

interface Waiter {
  resolve(answer: VaultAnswer): void;
  reject(err: AppError): void;
}

const MAX_FRAME = 1024 * 1024;

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

  static open(url: string, log: Log): Promise<VaultConnection> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { maxPayload: MAX_FRAME, handshakeTimeout: 10_000 });
      socket.once('open', () => resolve(new VaultConnection(socket, log)));
      socket.once('error', () => reject(new AppError('OFFLINE', 'The vault cannot be reached. Check the connection and try again.')));
    });
  }

  get isOpen(): boolean {
    return !this.closed && this.socket.readyState === WebSocket.OPEN;
  }

  onClose(listener: () => void): void {
    this.socket.on('close', listener);
  }

  request(op: string, body: Record<string, unknown>, mac?: string): Promise<VaultAnswer> {
    if (!this.isOpen) {
      return Promise.reject(new AppError('OFFLINE', 'The vault cannot be reached. Check the connection and try again.'));
    }
    const id = this.nextId++;
    const frame = mac === undefined ? { v: 1, id, op, body } : { v: 1, id, op, body, mac };
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.socket.send(JSON.stringify(frame));
    });
  }

  close(): void {
    this.closed = true;
    this.socket.close();
    this.failAll();
  }

  private onFrame(text: string | null): void {
    let frame: unknown;
    try {
      frame = text === null ? null : JSON.parse(text);
    } catch {
      frame = null;
    }
    if (!frame || typeof frame !== 'object') {
      this.log.warn('vault-frame-unreadable');
      return;
    }
    const { id, ok, body, mac, error } = frame as Record<string, unknown>;
    const waiter = typeof id === 'number' ? this.waiting.get(id) : undefined;
    if (!waiter) return;
    this.waiting.delete(id as number);
    if (ok === true && body && typeof body === 'object') {
      waiter.resolve({ ok: true, body: body as Record<string, unknown>, ...(typeof mac === 'string' ? { mac } : {}) });
    } else if (ok === false && error && typeof error === 'object') {
      const e = error as Record<string, unknown>;
      waiter.resolve({ ok: false, error: { code: isErrorCode(e.code) ? e.code : 'INTERNAL', message: String(e.message) } });
    } else {
      waiter.reject(new AppError('ANSWER_REFUSED', 'The vault sent an answer the app cannot read.'));
    }
  }

  private failAll(): void {
    this.closed = true;
    for (const waiter of this.waiting.values()) {
      waiter.reject(new AppError('LOST_ANSWER', 'The connection to the vault dropped before it answered.'));
    }
    this.waiting.clear();
  }
}
