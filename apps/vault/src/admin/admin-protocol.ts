/**
 * The operator socket (`DIR/admin.sock`): how `vault meter …` and `vault module recover` reach a
 * running vault, whose modules alone can change a meter. A Unix socket in the data folder, mode
 * 0600: whoever may use it may read the data folder anyway. One JSON line each way per connection.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { meterIdSchema, usernameSchema } from '@vbi/protocol';

export const ADMIN_SOCKET = 'admin.sock';
/** A request line is small; anything longer is refused unread. */
export const MAX_ADMIN_LINE = 16 * 1024;

export function adminSocketPath(dataDir: string): string {
  return join(dataDir, ADMIN_SOCKET);
}

const noteSchema = z.strictObject({
  operator: z.string().min(1).max(64),
  reason: z.string().min(1).max(500).nullable(),
});

/** Which meter: by its account's username or by meter id. */
export const meterRefSchema = z.union([z.strictObject({ user: usernameSchema }), z.strictObject({ meterId: meterIdSchema })]);
export type MeterRef = z.infer<typeof meterRefSchema>;

const registersSchema = z.strictObject({ ar: z.number().int().min(0), dr: z.number().int().min(0) });

export const adminRequestSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('unlock'), meter: meterRefSchema, note: noteSchema }),
  z.strictObject({ op: z.literal('withdraw'), meter: meterRefSchema, note: noteSchema }),
  z.strictObject({ op: z.literal('rekey'), meter: meterRefSchema, note: noteSchema }),
  z.strictObject({ op: z.literal('resolve'), meter: meterRefSchema, note: noteSchema, seen: registersSchema }),
  z.strictObject({ op: z.literal('recover-module'), serial: z.number().int().min(1), note: noteSchema }),
]);
export type AdminRequest = z.infer<typeof adminRequestSchema>;

export const adminAnswerSchema = z.union([
  z.strictObject({ ok: z.literal(true), result: z.record(z.string(), z.unknown()) }),
  z.strictObject({ ok: z.literal(false), message: z.string() }),
]);
export type AdminAnswer = z.infer<typeof adminAnswerSchema>;
