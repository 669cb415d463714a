/** What each op of SPEC §3.3 does on the main thread: checks, routing to a module, answers. */
import { MACED_OPS, ProtocolError, type OpName, type RequestFrame } from '@vbi/protocol';
import type { CommandResult, ModuleRequest } from '../bank/messages.ts';
import type { ModuleBank } from '../bank/module-bank.ts';
import type { MeterPool } from '../bank/meter-pool.ts';
import type { Storage } from '../storage/storage.ts';
import { mailDateAllowed } from './mail-date.ts';
import type { SupportServices } from './support-services.ts';

export interface VaultContext {
  storage: Storage;
  bank: ModuleBank;
  pool: MeterPool;
  services: SupportServices;
  timeZone: string;
  /** Meters with a command in flight, across all connections (SPEC §3.2: BUSY). */
  inFlight: Set<string>;
  /** Lower-cased usernames being registered right now. */
  registering: Set<string>;
  log: (line: string) => void;
  /** Set during shutdown: new requests are refused while the batch in flight finishes. */
  closing: boolean;
  /** Funds credited to each new account (demo vaults started with --demo-funds). */
  demoFundsMills: number;
}

/** Per-connection state: the meter bound by register/login (docs/protocol.md). */
export interface Session {
  meterId: string | null;
}

/** An answer body as a plain object (support services) or as the module's JCS text with its MAC. */
export type Answer = { body: object } | { bodyJson: string; mac: string };

const VALUE_OPS: ReadonlySet<OpName> = new Set<OpName>(['purchase', 'indicium', 'refund']);

function answerOf(result: CommandResult): Answer {
  if (!result.ok) throw new ProtocolError(result.code, result.message);
  return { bodyJson: result.bodyJson, mac: result.mac };
}

/** Runs `work` with the meter marked in flight; a concurrent request for it gets BUSY. */
async function exclusive<T>(ctx: VaultContext, meterId: string, work: () => Promise<T>): Promise<T> {
  if (ctx.inFlight.has(meterId)) throw new ProtocolError('BUSY', 'another request for this meter is in progress');
  ctx.inFlight.add(meterId);
  try {
    return await work();
  } finally {
    ctx.inFlight.delete(meterId);
  }
}

export async function handleFrame(ctx: VaultContext, session: Session, frame: RequestFrame): Promise<Answer> {
  if (ctx.closing) throw new ProtocolError('MODULE_UNAVAILABLE', 'the vault is shutting down');
  switch (frame.op) {
    case 'hello': {
      const signed = await ctx.bank.hello(frame.body.clientNonce).catch(() => {
        throw new ProtocolError('MODULE_UNAVAILABLE', 'no module is available');
      });
      return { body: { moduleSerial: signed.serial, signature: signed.signature } };
    }
    case 'register':
      return register(ctx, session, frame.body);
    case 'login':
      return login(ctx, session, frame.body);
    case 'printerCheck':
      return { body: ctx.services.printerCheck(frame.body) };
    case 'ratesQuote':
      return { body: ctx.services.ratesQuote(frame.body) };
    case 'amsMatch':
      return { body: ctx.services.amsMatch(frame.body) };
    default:
      return macedOp(ctx, session, frame);
  }
}

async function register(ctx: VaultContext, session: Session, body: Extract<RequestFrame, { op: 'register' }>['body']): Promise<Answer> {
  ctx.services.checkLicenseZip(body.licenseZip);
  const key = body.username.toLowerCase();
  if (ctx.registering.has(key) || ctx.storage.accountByUsername(body.username) !== undefined) {
    throw new ProtocolError('ALREADY_EXISTS', 'this username is taken');
  }
  ctx.registering.add(key);
  let meterId: string | null = null;
  let assigned = false;
  try {
    meterId = await ctx.pool.take().catch(() => {
      throw new ProtocolError('MODULE_UNAVAILABLE', 'no meter is available right now');
    });
    const id = meterId;
    const info = ctx.storage.meterInfo(id);
    if (info === undefined) throw new ProtocolError('INTERNAL', 'internal error');
    const result = await exclusive(ctx, id, () =>
      ctx.bank.submit({
        op: 'register', meterId: id, username: body.username,
        licenseZip: body.licenseZip, sealed: body.sealed, certificatePem: info.certificatePem,
      }),
    );
    assigned = result.ok;
    const answer = answerOf(result);
    session.meterId = id;
    if (ctx.demoFundsMills > 0) {
      ctx.storage.credit(body.username, ctx.demoFundsMills);
      ctx.log(`demo: credited ${ctx.demoFundsMills} mills to a new account`);
    }
    return answer;
  } finally {
    ctx.registering.delete(key);
    if (meterId !== null) ctx.pool.release(meterId, assigned);
  }
}

async function login(ctx: VaultContext, session: Session, body: Extract<RequestFrame, { op: 'login' }>['body']): Promise<Answer> {
  const account = ctx.storage.accountByUsername(body.username);
  if (account === undefined) throw new ProtocolError('AUTH_FAILED', 'unknown user or wrong passphrase');
  const meterId = account.meterId;
  const last = ctx.storage.lastPiece(meterId);
  const result = await exclusive(ctx, meterId, () =>
    ctx.bank.submit({
      op: 'login', meterId, clientNonce: body.clientNonce, sealed: body.sealed,
      lastPiece: last === undefined ? null : { pieceNumber: last.pieceNumber, postage: last.postage, at: last.createdAt },
    }),
  );
  const answer = answerOf(result);
  session.meterId = meterId;
  return answer;
}

async function macedOp(ctx: VaultContext, session: Session, frame: RequestFrame): Promise<Answer> {
  if (!MACED_OPS.has(frame.op) || frame.mac === undefined) throw new ProtocolError('BAD_REQUEST', 'op: unknown operation');
  const meterId = session.meterId;
  if (meterId === null) throw new ProtocolError('AUTH_FAILED', 'sign in first');
  if (VALUE_OPS.has(frame.op) && ctx.bank.halted) {
    throw new ProtocolError('VAULT_HALTED', 'the vault is halted and takes no value transactions');
  }
  if (frame.op === 'indicium' && !mailDateAllowed(frame.body.mailDate, ctx.timeZone)) {
    throw new ProtocolError('BAD_REQUEST', 'body.mailDate: must be from today to 7 days ahead');
  }
  const mac = frame.mac;
  const result = await exclusive(ctx, meterId, async () => {
    const base = { meterId, mac };
    let command: ModuleRequest;
    switch (frame.op) {
      case 'purchase': {
        const account = ctx.storage.accountByMeter(meterId);
        command = { ...base, op: 'purchase', body: frame.body, funds: account?.funds ?? 0 };
        break;
      }
      case 'piece': {
        const piece = ctx.storage.piece(meterId, frame.body.pieceNumber);
        const stored = piece ? { indicium: piece.indicium.toString('base64url'), refunded: piece.refunded } : null;
        command = { ...base, op: 'piece', body: frame.body, stored };
        break;
      }
      case 'refund': {
        const piece = ctx.storage.piece(meterId, frame.body.pieceNumber);
        command = {
          ...base, op: 'refund', body: frame.body,
          piece: piece ? { postage: piece.postage, refunded: piece.refunded, createdAt: piece.createdAt } : null,
        };
        break;
      }
      case 'indicium':
        command = { ...base, op: 'indicium', body: frame.body };
        break;
      case 'audit':
        command = { ...base, op: 'audit', body: frame.body };
        break;
      case 'printerResult':
        command = { ...base, op: 'printerResult', body: frame.body };
        break;
      case 'logout':
        command = { ...base, op: 'logout', body: frame.body };
        break;
      default:
        throw new ProtocolError('BAD_REQUEST', 'op: unknown operation');
    }
    const r = await ctx.bank.submit(command);
    if (r.ok && frame.op === 'printerResult') {
      // The challenge has rolled and is committed, so the answer stands; a storage failure is logged.
      const { printerName, media, offsetsMm, passed } = frame.body;
      try {
        ctx.services.recordPrinterResult(meterId, { printerName, media, offsetsMm, passed });
      } catch (err) {
        ctx.log(`printerResult: could not store the result: ${(err as Error).message}`);
      }
    }
    return r;
  });
  const answer = answerOf(result);
  if (frame.op === 'logout') session.meterId = null;
  return answer;
}
