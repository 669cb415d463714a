/** The ops anyone may call without signing in (SPEC §3.3): hello and the client-support services. */
import { ProtocolError } from '@vbi/protocol';
import type { OpHandler } from './op-handler.ts';

export const hello: OpHandler<'hello'> = async (ctx, _session, frame) => {
  const signed = await ctx.bank.hello(frame.body.clientNonce).catch(() => {
    throw new ProtocolError('MODULE_UNAVAILABLE', 'no module is available');
  });
  return { body: { moduleSerial: signed.serial, signature: signed.signature } };
};

export const printerCheck: OpHandler<'printerCheck'> = async (ctx, _session, frame) => ({ body: ctx.services.printerCheck(frame.body) });

export const ratesQuote: OpHandler<'ratesQuote'> = async (ctx, _session, frame) => ({ body: ctx.services.ratesQuote(frame.body) });

export const amsMatch: OpHandler<'amsMatch'> = async (ctx, _session, frame) => ({ body: ctx.services.amsMatch(frame.body) });
