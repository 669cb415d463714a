/** The meter socket's ops (SPEC §3.3), one handler per op name. */
import { ProtocolError, type OpName, type RequestFrame } from '@vbi/protocol';
import { StorageUnavailable } from '../../storage/storage.ts';
import type { Answer, Session, VaultContext } from '../context.ts';
import { login, register, transfer } from './account-ops.ts';
import { audit, indicium, logout, piece, printerResult, purchase, refund } from './maced-ops.ts';
import type { OpHandler } from './op-handler.ts';
import { passphraseChange, pieceLog, userAdd, userRemove, userReset, users } from './people-ops.ts';
import { amsMatch, hello, printerCheck, ratesQuote } from './public-ops.ts';

const OP_HANDLERS: { [K in OpName]: OpHandler<K> } = {
  hello, register, login, purchase, indicium, piece, refund, audit, printerCheck, printerResult, ratesQuote, amsMatch, logout,
  userAdd, userRemove, userReset, passphraseChange, users, pieceLog, transfer,
};

/** Serves one checked request frame: its answer, or a ProtocolError for the error answer. */
export function handleFrame(ctx: VaultContext, session: Session, frame: RequestFrame): Promise<Answer> {
  if (ctx.closing) return Promise.reject(new ProtocolError('MODULE_UNAVAILABLE', 'the vault is shutting down'));
  // The table pairs each op with its handler; TypeScript cannot follow the pairing through an index.
  const handler = OP_HANDLERS[frame.op] as OpHandler<OpName>;
  return handler(ctx, session, frame as Extract<RequestFrame, { op: OpName }>).catch((err: unknown) => {
    // The database is out of reach (a failover): nothing changed, the client may try again.
    if (err instanceof StorageUnavailable) throw new ProtocolError('MODULE_UNAVAILABLE', 'the vault cannot reach its database right now');
    throw err;
  });
}
