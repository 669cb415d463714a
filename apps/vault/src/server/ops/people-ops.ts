/**
 * The vault's side of the people ops (docs/protocol.md "Accounts with several users"): each is a
 * MACed op (maced-ops.ts) whose module command carries what the vault reads for it. The module
 * decides who may do what; the vault only keeps usernames unique across every process.
 */
import { ProtocolError } from '@vbi/protocol';
import type { PieceLogRow } from '../../bank/messages.ts';
import type { VaultContext } from '../context.ts';
import { macedOp } from './maced-ops.ts';
import type { OpHandler } from './op-handler.ts';

/** Bytes 40–43 of an indicium (SPEC §5): its rate category, space-padded. */
function rateCategoryOf(indicium: Buffer): string {
  return indicium.subarray(40, 44).toString('latin1').trimEnd();
}

async function ownerOf(ctx: VaultContext, meterId: string): Promise<string> {
  const account = await ctx.storage.accountByMeter(meterId);
  if (account === undefined) throw new ProtocolError('INTERNAL', 'internal error');
  return account.username;
}

const addToMeter = macedOp<'userAdd'>(async (_ctx, base, { body }) => ({ ...base, op: 'userAdd', body }));

/**
 * The username's lock (as `register` takes it) is held until the person is committed, so the
 * name stays unique without regard to case across every vault process on the database.
 */
export const userAdd: OpHandler<'userAdd'> = async (ctx, session, frame) => {
  if (session.meterId === null) throw new ProtocolError('AUTH_FAILED', 'sign in first');
  const key = `username:${frame.body.username.toLowerCase()}`;
  if (!(await ctx.locks.tryAcquire(key))) throw new ProtocolError('ALREADY_EXISTS', 'this username is taken');
  try {
    if ((await ctx.storage.personByUsername(frame.body.username)) !== undefined) throw new ProtocolError('ALREADY_EXISTS', 'this username is taken');
    return await addToMeter(ctx, session, frame);
  } finally {
    ctx.locks.release(key);
  }
};

export const userRemove = macedOp<'userRemove'>(async (_ctx, base, { body }) => ({ ...base, op: 'userRemove', body }));
export const userReset = macedOp<'userReset'>(async (_ctx, base, { body }) => ({ ...base, op: 'userReset', body }));
export const passphraseChange = macedOp<'passphraseChange'>(async (_ctx, base, { body }) => ({ ...base, op: 'passphraseChange', body }));

export const users = macedOp<'users'>(async (ctx, base, { body }) => ({ ...base, op: 'users', body, ownerUsername: await ownerOf(ctx, base.meterId) }));

export const pieceLog = macedOp<'pieceLog'>(async (ctx, base, { body }) => {
  const ownerUsername = await ownerOf(ctx, base.meterId);
  const found = await ctx.storage.pieceLog(base.meterId, {
    fromPiece: body.fromPiece ?? 1, limit: body.limit, username: body.username ?? null, ownerUsername,
  });
  const rows: PieceLogRow[] = found.map((r) => ({
    pieceNumber: r.pieceNumber, postage: r.postage, rateCategory: rateCategoryOf(r.indicium), mailDate: r.mailDate,
    at: r.createdAt, refunded: r.refunded, username: r.username,
  }));
  return { ...base, op: 'pieceLog', body, ownerUsername, rows };
});
