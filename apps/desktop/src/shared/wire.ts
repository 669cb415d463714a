/**
 * How bridge calls, their answers and the core's events travel between the renderer and the
 * core, whichever host carries them: written once for Electron IPC (main ↔ preload), the web
 * host's WebSocket (server ↔ ws-bridge) and tests. Browser-safe: zod and the contract only.
 */
import { z } from 'zod';
import { bridgeErrorSchema, bridgeEventSchema, type BridgeErrorShape, type CallName } from './contract.ts';

/** Electron IPC: one `invoke` channel per call, and one channel the core's events come on. */
export function callChannel(name: CallName): string {
  return `vbi:${name}`;
}
export const EVENT_CHANNEL = 'vbi:event';

/** The web host's bridge socket: `ws://127.0.0.1:PORT/bridge?token=…`. */
export const BRIDGE_PATH = '/bridge';

/** The answer to one call: its value, or an error for a person. */
export const envelopeSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), value: z.unknown() }),
  z.strictObject({ ok: z.literal(false), error: bridgeErrorSchema }),
]);
export type Envelope = z.infer<typeof envelopeSchema>;

export function failure(code: BridgeErrorShape['code'], message: string): Envelope {
  return { ok: false, error: { code, message } };
}

/** An answer as the window reads it; anything off the wire shape becomes a plain failure. */
export function readEnvelope(raw: unknown): Envelope {
  const parsed = envelopeSchema.safeParse(raw);
  return parsed.success ? parsed.data : failure('INTERNAL', 'The app sent an answer this window cannot read.');
}

/** Web host socket, window → host: one call. */
export const callFrameSchema = z.strictObject({
  id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  call: z.string().max(64),
  input: z.unknown(),
});
export type CallFrame = z.infer<typeof callFrameSchema>;

/** Web host socket, host → window: the answer to a call (id null when the frame had none), or an event. */
export const hostFrameSchema = z.union([
  z.strictObject({ id: z.number().int().min(0).nullable(), result: envelopeSchema }),
  z.strictObject({ event: bridgeEventSchema }),
]);
export type HostFrame = z.infer<typeof hostFrameSchema>;
