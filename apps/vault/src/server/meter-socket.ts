/** The meter socket `/v1/meter` (SPEC §3): framing, rate limit, error answers. */
import type { WebSocket } from 'ws';
import { encodeFailure, encodeSuccess, encodeSuccessOfJson, parseRequestFrame, ProtocolError } from '@vbi/protocol';
import type { Session, VaultContext } from './context.ts';
import { handleFrame } from './ops/op-table.ts';
import { TokenBucket } from './rate-limit.ts';

export function serveMeterConnection(ctx: VaultContext, ws: WebSocket, ratePerSecond: number): void {
  const session: Session = { meterId: null, loginNonce: null };
  const bucket = new TokenBucket(ratePerSecond);
  const reply = (text: string) => {
    if (ws.readyState === ws.OPEN) ws.send(text);
  };

  ws.on('message', (data, isBinary) => {
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    if (isBinary) {
      reply(encodeFailure(null, 'BAD_REQUEST', 'frames must be text'));
      return;
    }
    const parsed = parseRequestFrame(bytes.toString('utf8'), bytes.length);
    if (!bucket.take()) {
      reply(encodeFailure(parsed.ok ? parsed.frame.id : parsed.id, 'RATE_LIMITED', 'too many requests; slow down'));
      return;
    }
    if (!parsed.ok) {
      reply(encodeFailure(parsed.id, parsed.code, parsed.message));
      return;
    }
    const { frame } = parsed;
    handleFrame(ctx, session, frame).then(
      (answer) => reply('bodyJson' in answer ? encodeSuccessOfJson(frame.id, answer.bodyJson, answer.mac) : encodeSuccess(frame.id, answer.body)),
      (err: unknown) => {
        if (err instanceof ProtocolError) {
          reply(encodeFailure(frame.id, err.code, err.message));
          return;
        }
        ctx.log(`${frame.op}: internal error: ${err instanceof Error ? err.message : 'unknown'}`);
        reply(encodeFailure(frame.id, 'INTERNAL', 'internal error'));
      },
    );
  });
  // ws closes the connection itself after a bad frame (1009 above maxPayload, 1002 for protocol
  // errors). Terminating here would destroy the socket with unread input buffered, and the reset
  // can reach the client before the close frame does. The listener only keeps the error handled.
  ws.on('error', () => {});
}
