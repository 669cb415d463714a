/** The ops anyone may call without signing in (SPEC §3.3): hello and the client-support services. */
import { ProtocolError } from '@vbi/protocol';
import { issueLoginNonce } from '../login-nonce.ts';
import type { OpHandler } from './op-handler.ts';

export const hello: OpHandler<'hello'> = async (ctx, session, frame) => {
  const signed = await ctx.bank.hello(frame.body.clientNonce).catch((err: unknown) => {
    throw err instanceof ProtocolError ? err : new ProtocolError('MODULE_UNAVAILABLE', 'no module is available');
  });
  const nonce = issueLoginNonce();
  session.loginNonce = nonce;
  return { body: { moduleSerial: signed.serial, signature: signed.signature, loginNonce: nonce.value } };
};

export const printerCheck: OpHandler<'printerCheck'> = async (ctx, _session, frame) => ({ body: ctx.services.printerCheck(frame.body) });

export const ratesQuote: OpHandler<'ratesQuote'> = async (ctx, _session, frame) => ({ body: ctx.services.ratesQuote(frame.body) });

export const amsMatch: OpHandler<'amsMatch'> = async (ctx, _session, frame) => ({ body: ctx.services.amsMatch(frame.body) });
