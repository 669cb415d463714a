import { z } from 'zod';
import { challengeSchema, nonceSchema, registersSchema } from '../fields.ts';

/**
 * The three fields every MACed body carries both ways (SPEC §3.2, docs/protocol.md):
 * the one-use module challenge, the client's fresh nonce (echoed in the answer), and the
 * registers (the client's mirror before, the module's new registers after).
 */
export const macedFields = {
  challenge: challengeSchema,
  clientNonce: nonceSchema,
  registers: registersSchema,
};

/** A strict object of an op's own fields plus the three MACed fields. */
export function maced<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.strictObject({ ...shape, ...macedFields });
}
