/**
 * register and login (SPEC §3.3), and transfer (a login that moves the meter to this computer):
 * they bind the connection to a meter (docs/protocol.md "Sessions").
 */
import { ProtocolError, type RequestBody } from '@vbi/protocol';
import type { Session } from '../context.ts';
import { expectedLoginNonce } from '../login-nonce.ts';
import { exclusive } from '../meter-locks.ts';
import { answerOf } from './module-answer.ts';
import type { OpHandler } from './op-handler.ts';
import { pieceOnFile } from './piece-on-file.ts';

/** The connection's hello nonce a login/register must carry; using it up whatever the outcome (single use). */
function takeLoginNonce(session: Session): string | null {
  const expected = expectedLoginNonce(session.loginNonce);
  session.loginNonce = null;
  return expected;
}

export const register: OpHandler<'register'> = async (ctx, session, { body }) => {
  const loginNonce = takeLoginNonce(session);
  ctx.registerThrottle.admit(session.address);
  ctx.services.checkLicenseZip(body.licenseZip);
  // The username's lock, held until the account is committed, makes the check below hold across
  // every vault process on the database (usernames are unique without regard to case).
  const key = `username:${body.username.toLowerCase()}`;
  if (!(await ctx.locks.tryAcquire(key))) throw new ProtocolError('ALREADY_EXISTS', 'this username is taken');
  let meterId: string | null = null;
  let assigned = false;
  try {
    if ((await ctx.storage.personByUsername(body.username)) !== undefined) throw new ProtocolError('ALREADY_EXISTS', 'this username is taken');
    meterId = await ctx.pool.take().catch(() => {
      throw new ProtocolError('MODULE_UNAVAILABLE', 'no meter is available right now');
    });
    const id = meterId;
    const info = await ctx.storage.meterInfo(id);
    if (info === undefined) throw new ProtocolError('INTERNAL', 'internal error');
    const result = await exclusive(ctx.locks, id, () =>
      ctx.bank.submit({
        op: 'register', meterId: id, username: body.username,
        licenseZip: body.licenseZip, sealed: body.sealed, loginNonce, certificatePem: info.certificatePem, demoCredit: ctx.demoCreditMills,
      }),
    );
    assigned = result.ok;
    const answer = answerOf(result);
    session.meterId = id;
    return answer;
  } finally {
    ctx.locks.release(key);
    if (meterId !== null) ctx.pool.release(meterId, assigned);
  }
};

/** login and transfer: the username's meter, the person's pending operator reset, then the module decides. */
function signInOp<K extends 'login' | 'transfer'>(op: K): OpHandler<K> {
  return async (ctx, session, frame) => {
    // Both ops' bodies are {username, clientNonce, sealed}; TypeScript cannot narrow a generic frame.
    const body = (frame as { body: RequestBody<'login' | 'transfer'> }).body;
    const loginNonce = takeLoginNonce(session);
    const person = await ctx.storage.personByUsername(body.username);
    if (person === undefined) throw new ProtocolError('AUTH_FAILED', 'unknown user or wrong passphrase');
    const meterId = person.meterId;
    const result = await exclusive(ctx.locks, meterId, async () => {
      const [last, reset] = await Promise.all([ctx.storage.lastPiece(meterId), ctx.storage.passphraseReset(person.username)]);
      return ctx.bank.submit({
        op: op as 'login' | 'transfer', meterId, username: person.username, clientNonce: body.clientNonce, sealed: body.sealed, loginNonce,
        reset: reset !== undefined && reset.meterId === meterId ? reset.sealed.toString('base64url') : null,
        lastPiece: pieceOnFile(last),
      });
    });
    const answer = answerOf(result);
    session.meterId = meterId;
    return answer;
  };
}

export const login = signInOp('login');
export const transfer = signInOp('transfer');
