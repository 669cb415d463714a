/** One meter connection `/v1/meter` (SPEC §3): framing, rate limit, in-flight cap, answers with backpressure. */
import type { WebSocket } from 'ws';
import { encodeFailure, encodeSuccess, encodeSuccessOfJson, parseRequestFrame, ProtocolError } from '@vbi/protocol';
import { errorText } from '../log/vault-log.ts';
import type { Session, VaultContext } from './context.ts';
import type { Heartbeat } from './heartbeat.ts';
import type { EdgeLimits } from './limits.ts';
import { handleFrame } from './ops/op-table.ts';
import { Outbox } from './outbox.ts';
import { TokenBucket } from './rate-limit.ts';

export interface ConnectionParts {
  address: string;
  limits: EdgeLimits;
  heartbeat: Heartbeat;
}

export function serveMeterConnection(ctx: VaultContext, ws: WebSocket, parts: ConnectionParts): void {
  const { limits } = parts;
  const session: Session = { address: parts.address, meterId: null, loginNonce: null };
  const bucket = new TokenBucket(limits.ratePerSecond);
  // Frames sent on after RATE_LIMITED: as many again as the rate allows, then the connection is cut.
  const overLimit = new TokenBucket(limits.ratePerSecond);
  const outbox = new Outbox(ws, limits.sendBufferBytes, limits.sendStallMs, (reason) => ctx.metrics.connectionCut(reason));
  let inFlight = 0;
  const fail = (op: string, id: number | null, code: ProtocolError['code'], message: string) => {
    ctx.metrics.frame(op, code);
    outbox.send(encodeFailure(id, code, message));
  };
  ctx.metrics.connectionOpened();
  parts.heartbeat.watch(ws);
  ws.once('close', () => ctx.metrics.connectionClosed());

  ws.on('message', (data, isBinary) => {
    // Cut (flood, backpressure): frames already read in the same chunk get nothing more.
    if (ws.readyState !== ws.OPEN) return;
    parts.heartbeat.touch(ws);
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    if (isBinary) {
      fail('invalid', null, 'BAD_REQUEST', 'frames must be text');
      return;
    }
    const parsed = parseRequestFrame(bytes.toString('utf8'), bytes.length);
    const op = parsed.ok ? parsed.frame.op : 'invalid';
    if (!bucket.take()) {
      if (!overLimit.take()) {
        ctx.metrics.connectionCut('flood');
        ws.terminate();
        return;
      }
      fail(op, parsed.ok ? parsed.frame.id : parsed.id, 'RATE_LIMITED', 'too many requests; slow down');
      return;
    }
    if (!parsed.ok) {
      fail(op, parsed.id, parsed.code, parsed.message);
      return;
    }
    const { frame } = parsed;
    if (inFlight >= limits.maxInFlight) {
      fail(op, frame.id, 'RATE_LIMITED', 'too many requests in progress on this connection; wait for their answers');
      return;
    }
    inFlight++;
    handleFrame(ctx, session, frame).then(
      (answer) => {
        ctx.metrics.frame(op, 'ok');
        outbox.send('bodyJson' in answer ? encodeSuccessOfJson(frame.id, answer.bodyJson, answer.mac) : encodeSuccess(frame.id, answer.body));
      },
      (err: unknown) => {
        if (err instanceof ProtocolError) {
          fail(op, frame.id, err.code, err.message);
          return;
        }
        ctx.log.error('internal error', { op: frame.op, error: errorText(err) });
        fail(op, frame.id, 'INTERNAL', 'internal error');
      },
    ).finally(() => {
      inFlight--;
    });
  });
  // ws closes the connection itself after a bad frame (1009 above maxPayload, 1002 for protocol
  // errors). Terminating here would destroy the socket with unread input buffered, and the reset
  // can reach the client before the close frame does. The listener only keeps the error handled.
  ws.on('error', () => {});
}
