/**
 * The MACed ops (SPEC §3.2–3.3): each runs on the connection's meter, holding its lock, as one
 * module command built from the frame and what the vault reads for it.
 */
import { ProtocolError, type RequestFrame } from '@vbi/protocol';
import type { ModuleRequest } from '../../bank/messages.ts';
import { accountKey } from '../../ledger/credits.ts';
import { errorText } from '../../log/vault-log.ts';
import type { Session, VaultContext } from '../context.ts';
import { exclusive } from '../meter-locks.ts';
import { checkMacedPolicy } from '../policy.ts';
import { answerOf } from './module-answer.ts';
import type { OpHandler } from './op-handler.ts';
import { pieceOnFile } from './piece-on-file.ts';

type MacedOp = 'purchase' | 'indicium' | 'piece' | 'refund' | 'audit' | 'printerResult' | 'logout'
  | 'userAdd' | 'userRemove' | 'userReset' | 'passphraseChange' | 'users' | 'pieceLog';
type MacedFrame<K extends MacedOp> = Extract<RequestFrame, { op: K }>;

/** The module command for a request, built while the meter's lock is held. */
type CommandOf<K extends MacedOp> = (ctx: VaultContext, base: { meterId: string; mac: string }, frame: MacedFrame<K>) => Promise<ModuleRequest>;
/** What happens on this process once the module's answer is committed. */
type AfterCommit<K extends MacedOp> = (ctx: VaultContext, session: Session, meterId: string, frame: MacedFrame<K>) => void;

export function macedOp<K extends MacedOp>(commandOf: CommandOf<K>, afterCommit?: AfterCommit<K>): OpHandler<K> {
  return async (ctx, session, frame) => {
    const meterId = session.meterId;
    if (meterId === null) throw new ProtocolError('AUTH_FAILED', 'sign in first');
    const request: RequestFrame = frame;
    const mac = request.mac;
    if (mac === undefined) throw new ProtocolError('BAD_REQUEST', `mac: required for ${request.op}`);
    checkMacedPolicy({ halted: ctx.bank.halted, timeZone: ctx.timeZone }, request);
    const result = await exclusive(ctx.locks, meterId, async () => ctx.bank.submit(await commandOf(ctx, { meterId, mac }, frame)));
    const answer = answerOf(result);
    afterCommit?.(ctx, session, meterId, frame);
    return answer;
  };
}

export const purchase = macedOp<'purchase'>(async (ctx, base, { body }) => {
  // Which credit entries to read is only a hint: the module counts from its package's own head.
  const account = await ctx.storage.accountByMeter(base.meterId);
  const credits = account === undefined ? [] : await ctx.storage.credits(accountKey(account.username), account.creditsSeen);
  return { ...base, op: 'purchase', body, credits };
});

export const indicium = macedOp<'indicium'>(async (_ctx, base, { body }) => ({ ...base, op: 'indicium', body }));

export const piece = macedOp<'piece'>(async (ctx, base, { body }) => ({
  ...base, op: 'piece', body, stored: pieceOnFile(await ctx.storage.piece(base.meterId, body.pieceNumber)),
}));

export const refund = macedOp<'refund'>(async (ctx, base, { body }) => ({
  ...base, op: 'refund', body, piece: pieceOnFile(await ctx.storage.piece(base.meterId, body.pieceNumber)),
}));

export const audit = macedOp<'audit'>(async (_ctx, base, { body }) => ({ ...base, op: 'audit', body }));

export const printerResult = macedOp<'printerResult'>(
  async (_ctx, base, { body }) => ({ ...base, op: 'printerResult', body }),
  (ctx, _session, meterId, { body }) => {
    // The challenge has rolled and is committed, so the answer stands; a storage failure is logged.
    const { printerName, media, offsetsMm, passed } = body;
    try {
      ctx.services.recordPrinterResult(meterId, { printerName, media, offsetsMm, passed });
    } catch (err) {
      ctx.log.warn('printerResult: could not store the result', { error: errorText(err) });
    }
  },
);

export const logout = macedOp<'logout'>(
  async (_ctx, base, { body }) => ({ ...base, op: 'logout', body }),
  (_ctx, session) => {
    session.meterId = null;
  },
);
