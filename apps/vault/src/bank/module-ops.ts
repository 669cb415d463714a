/** The commands a module executes on one PSD package (SPEC §3.3, §4.1). Runs in a worker. */
import {
  auditSignatureInput,
  canonicalJson,
  MAX_AR,
  MAX_DR,
  ProtocolError,
  registerSecretSchema,
  type ErrorCode,
} from '@vbi/protocol';
import { computeMacOfCanonical, openSealedWith, verifyMac } from '@vbi/protocol/crypto';
import { destinationZipToUint, KIND_POSTAGE, KIND_TEST, mailDateToUint, signIndicium } from '@vbi/indicia';
import type { KeyBackend, MeterSigner } from '../keystore/backend.ts';
import type { LogEntryType } from '../ledger/chain.ts';
import { accountKey, EMPTY_CREDIT_HEAD, makeCreditEntry } from '../ledger/credits.ts';
import { pieceSeal } from '../ledger/piece-seal.ts';
import type { KeyCache } from './key-cache.ts';
import { OPERATOR_OPS, type CommandEffects, type CommandOutcome, type ModuleCommand, type OperatorCommand, type PieceOnFile } from './messages.ts';
import { operatorStep } from './operator-ops.ts';
import { actingPerson, checkPermission, type Person } from './package-users.ts';
import { hashPassphrase } from './passphrase-hash.ts';
import { isPeopleOp, peopleOp, type PeopleOp } from './people-ops.ts';
import { signIn } from './sign-in.ts';
import { randomChallenge } from './random-pool.ts';
import { openPackage, PackageRefused, sealPackage, unwrapSecret, wrapSecret, type PsdPackage } from './psd-package.ts';
import { checkNotRolledBack, countCredits, RecordRefused, verifiedPiece } from './record-checks.ts';
import { printedSecond, refundedOrForgotten, rememberRefund } from './refund-memory.ts';

export const SOFTWARE_ID = 1;
export const STALE_LOGIN_NONCE = 'sealed: the login nonce is not the unused one of this connection\'s latest hello (or is older than 120 s)';

export interface OpsContext {
  keys: KeyBackend;
  signingKeys: KeyCache<MeterSigner>;
  hmks: KeyCache<Buffer>;
  refundWindowDays: number;
}

/** What a command did: its outcome, and for the log and the checkpoint what it changed. */
export interface TxOutcome {
  outcome: CommandOutcome;
  /** `value`: the log entry the command makes (a value transaction or an operator step), null for none. */
  tx: { type: string; amount: number; value: LogEntryType | null; pieceNumber: number | null } | null;
  pkg: PsdPackage | null;
}

export function registersOf(p: PsdPackage) {
  return { ar: p.ar, dr: p.dr };
}

export function hmkOf(ctx: OpsContext, p: PsdPackage): Buffer {
  if (p.hmk === null) throw new ProtocolError('METER_NOT_OPERATIONAL', 'this meter is not registered');
  const wrapped = p.hmk;
  return ctx.hmks.get(wrapped, () => unwrapSecret(ctx.keys.psd, p.meterId, 'hmk', wrapped));
}

function signingKeyOf(ctx: OpsContext, p: PsdPackage): MeterSigner {
  const wrapped = p.signingKey;
  return ctx.signingKeys.get(wrapped, () => {
    const blob = unwrapSecret(ctx.keys.psd, p.meterId, 'sign', wrapped);
    try {
      return ctx.keys.meterKeys.signer(blob);
    } finally {
      blob.fill(0);
    }
  });
}

export function openBankSealed(ctx: OpsContext, sealed: string): unknown {
  return openSealedWith((ciphertext) => ctx.keys.decryptBankEnc(ciphertext), sealed);
}

/** A refusal that leaves an audit record (it still changes nothing of the meter). */
class AuditedRefusal extends ProtocolError {
  constructor(code: ErrorCode, message: string, readonly audit: CommandEffects['audits'][number]) {
    super(code, message);
  }
}

const isOperator = (cmd: ModuleCommand): cmd is OperatorCommand => (OPERATOR_OPS as readonly string[]).includes(cmd.op);

/** A refusal's answer, and its audit record when a record failed a check (or the refusal is audited). */
function refusalOf(err: unknown, cmd: ModuleCommand, at: string): { code: ErrorCode; message: string; audits: CommandEffects['audits'] } {
  const audit = (event: string, detail: Record<string, unknown> = {}) => [{ at, event, meterId: cmd.meterId, detail: { op: cmd.op, ...detail } }];
  if (err instanceof RecordRefused) return { code: err.code, message: err.message, audits: audit(err.event, err.detail) };
  if (err instanceof AuditedRefusal) return { code: err.code, message: err.message, audits: [err.audit] };
  if (err instanceof ProtocolError) return { code: err.code, message: err.message, audits: [] };
  if (err instanceof PackageRefused) {
    return { code: 'METER_NOT_OPERATIONAL', message: 'this meter cannot operate: its record failed an integrity check', audits: audit('package-refused') };
  }
  return { code: 'INTERNAL', message: 'internal error', audits: [] };
}

/** Executes one command. Never throws: refusals become error results that change nothing but the audit log. */
export async function executeCommand(ctx: OpsContext, cmd: ModuleCommand, now: Date): Promise<TxOutcome> {
  try {
    const pkg = openPackage(ctx.keys.psd, cmd.meterId, cmd.sealedPackage);
    checkNotRolledBack(ctx.keys.logMac, pkg, cmd.newestEntry);
    const done = isOperator(cmd) ? operatorStep(ctx, cmd, pkg, now)
      : cmd.op === 'register' ? await register(ctx, cmd, pkg, now)
        : cmd.op === 'login' || cmd.op === 'transfer' ? await signIn(ctx, cmd, pkg, now)
          : await macedCommand(ctx, cmd, pkg, now);
    // The meter row's state is rewritten only when the command changed it (a few ops ever do).
    const change = done.outcome.change;
    if (change === null || change.state !== pkg.state) return done;
    return { ...done, outcome: { ...done.outcome, change: { pkg: change.pkg } } };
  } catch (err) {
    const { code, message, audits } = refusalOf(err, cmd, now.toISOString());
    return { outcome: { result: { ok: false, code, message }, change: null, effects: { audits } }, tx: null, pkg: null };
  }
}

export function success(
  ctx: OpsContext,
  op: Exclude<ModuleCommand, OperatorCommand>['op'],
  hmk: Buffer,
  p: PsdPackage,
  body: Record<string, unknown>,
  effects: CommandEffects,
  tx: TxOutcome['tx'],
): TxOutcome {
  const bodyJson = canonicalJson(body);
  const mac = computeMacOfCanonical(hmk, 'res', op, bodyJson);
  return { outcome: { result: { ok: true, bodyJson, mac }, change: { pkg: sealPackage(ctx.keys.psd, p), state: p.state }, effects }, tx, pkg: p };
}

async function register(
  ctx: OpsContext,
  cmd: Extract<ModuleCommand, { op: 'register' }>,
  p: PsdPackage,
  now: Date,
): Promise<TxOutcome> {
  if (p.state !== 'manufactured' || p.hmk !== null) throw new ProtocolError('INTERNAL', 'internal error');
  const secret = registerSecretSchema.safeParse(openBankSealed(ctx, cmd.sealed));
  if (!secret.success) throw new ProtocolError('BAD_REQUEST', 'sealed: does not hold {hmk, passphrase, clientNonce, loginNonce}');
  if (secret.data.loginNonce !== cmd.loginNonce) throw new ProtocolError('BAD_REQUEST', STALE_LOGIN_NONCE);
  const { hmk: hmkText, passphrase, clientNonce } = secret.data;
  const hmk = Buffer.from(hmkText, 'base64url');
  const hash = await hashPassphrase(passphrase);
  const account = accountKey(cmd.username);
  const next: PsdPackage = {
    ...p,
    state: 'operational',
    account,
    licenseZip: cmd.licenseZip,
    hmk: wrapSecret(ctx.keys.psd, p.meterId, 'hmk', hmk),
    passphraseHash: hash,
    repetitionList: [hash],
    owner: cmd.username,
    challenge: randomChallenge(),
    failedLogins: 0,
    lockedUntil: null,
  };
  const body = {
    meterId: p.meterId,
    deviceId: p.deviceId,
    certificate: cmd.certificatePem,
    registers: registersOf(next),
    challenge: next.challenge,
    clientNonce,
  };
  const effects: CommandEffects = { newAccount: { username: cmd.username }, audits: [] };
  if (cmd.demoCredit > 0) {
    effects.credit = makeCreditEntry(ctx.keys.ledgerMac, account, EMPTY_CREDIT_HEAD, {
      amount: cmd.demoCredit, kind: 'demo', by: 'vault', reason: 'demo funds at registration',
    }, now);
  }
  return success(ctx, 'register', hmk, next, body, effects, { type: 'register', amount: 0, value: null, pieceNumber: null });
}

export type MacedCommand = Exclude<ModuleCommand, { op: 'register' } | { op: 'login' } | { op: 'transfer' } | OperatorCommand>;
type PeopleCommand = Extract<MacedCommand, { op: PeopleOp }>;

/** What every MACed op works with once the frame passed SPEC §3.2's checks and the person's permission. */
export interface MacedStart {
  hmk: Buffer;
  at: string;
  person: Person;
  /** The package with its challenge rolled. */
  rolled: PsdPackage;
  /** The success answer: the op's own fields plus the three MACed fields of `next`. */
  reply: (next: PsdPackage, own: Record<string, unknown>, effects: CommandEffects, tx: TxOutcome['tx']) => TxOutcome;
}

/** SPEC §3.2 (MAC, challenge, registers), then whether the person signed in may use this op. */
function startMaced(ctx: OpsContext, cmd: MacedCommand, p: PsdPackage, now: Date): MacedStart {
  if (p.state !== 'operational') throw new ProtocolError('METER_NOT_OPERATIONAL', `this meter is ${p.state}`);
  const hmk = hmkOf(ctx, p);
  if (!verifyMac(hmk, 'req', cmd.op, cmd.body, cmd.mac)) throw new ProtocolError('BAD_MAC', 'the request MAC does not verify');
  if (cmd.body.challenge !== p.challenge) throw new ProtocolError('STALE_CHALLENGE', 'the challenge is not the outstanding one');
  const at = now.toISOString();
  if (cmd.body.registers.ar !== p.ar || cmd.body.registers.dr !== p.dr) {
    // The MAC verified, so these are the client's own registers: the operator's view of its side.
    const detail = { op: cmd.op, client: cmd.body.registers, vault: registersOf(p), pieces: p.pieceCounter };
    throw new AuditedRefusal('REGISTER_MISMATCH', 'the registers do not match the meter', { at, event: 'register-mismatch', meterId: p.meterId, detail });
  }
  const person = actingPerson(p);
  checkPermission(cmd.op, person);
  const reply: MacedStart['reply'] = (next, own, effects, tx) =>
    success(ctx, cmd.op, hmk, next, { ...own, registers: registersOf(next), challenge: next.challenge, clientNonce: cmd.body.clientNonce }, effects, tx);
  // Registers that match show the client holds the vault's state: a confirmed resolution is done.
  const rolled: PsdPackage = { ...p, challenge: randomChallenge(), ...(p.resolution ? { resolution: null } : {}) };
  return { hmk, at, person, rolled, reply };
}

function maced(ctx: OpsContext, cmd: Exclude<MacedCommand, PeopleCommand>, p: PsdPackage, start: MacedStart, now: Date): TxOutcome {
  const { at, rolled, reply } = start;
  switch (cmd.op) {
    case 'purchase': {
      const amount = cmd.body.amount;
      const counted = countCredits(ctx.keys.ledgerMac, p, cmd.credits);
      const refused = counted.refused === null ? [] : [{ at, event: 'credit-refused', meterId: p.meterId, detail: { account: p.account, ...counted.refused } }];
      const funds = counted.head.total - p.totalDownloaded;
      if (funds < amount) {
        const message = 'the account does not hold enough funds';
        if (counted.refused === null) throw new ProtocolError('INSUFFICIENT_FUNDS', message);
        throw new RecordRefused('INSUFFICIENT_FUNDS', message, 'credit-refused', { account: p.account, ...counted.refused });
      }
      if (p.dr + amount > MAX_DR) throw new ProtocolError('BAD_REQUEST', `amount: the descending register may not exceed ${MAX_DR} mills`);
      const next = { ...rolled, dr: p.dr + amount, totalDownloaded: p.totalDownloaded + amount, credits: counted.head, lastTxAt: at };
      return reply(next, { amount, funds: funds - amount }, { creditsSeen: counted.head.seq, audits: refused },
        { type: 'purchase', amount, value: 'purchase', pieceNumber: null });
    }
    case 'indicium': {
      const b = cmd.body;
      if (Date.parse(p.keyNotAfter) <= now.getTime() || Date.parse(p.keyNotBefore) > now.getTime()) {
        throw new ProtocolError('METER_NOT_OPERATIONAL', 'the meter key is outside its validity period');
      }
      const isTest = b.kind === 'test';
      if (!isTest && b.postage > p.dr) throw new ProtocolError('INSUFFICIENT_POSTAGE', 'the descending register is too low for this postage');
      if (!isTest && p.ar + b.postage > MAX_AR) throw new ProtocolError('BAD_REQUEST', 'postage: the ascending register would overflow');
      const next = isTest
        ? rolled
        : { ...rolled, ar: p.ar + b.postage, dr: p.dr - b.postage, pieceCounter: p.pieceCounter + 1, lastTxAt: at };
      const pieceNumber = isTest ? 0 : next.pieceCounter;
      const indicium = signIndicium(
        {
          certSerial: p.certSerial, vendorId: p.deviceId.vendor, model: p.deviceId.model, psdSerial: p.deviceId.serial,
          ar: next.ar, postage: b.postage, mailDate: mailDateToUint(b.mailDate), originZip: Number(p.licenseZip ?? '0'),
          softwareId: SOFTWARE_ID, pieceNumber, dr: next.dr, rateCategory: b.rateCategory,
          destinationZip: destinationZipToUint(b.destinationZip), kind: isTest ? KIND_TEST : KIND_POSTAGE,
        },
        (signedPart) => signingKeyOf(ctx, p).sign(signedPart),
      );
      const piece = { meterId: p.meterId, pieceNumber, postage: b.postage, indicium, mailDate: b.mailDate, createdAt: at };
      const effects: CommandEffects = isTest
        ? { audits: [{ at, event: 'test-print', meterId: p.meterId, detail: { mailDate: b.mailDate } }] }
        : { piece: { pieceNumber, postage: b.postage, indicium, mailDate: b.mailDate, createdAt: at, seal: pieceSeal(ctx.keys.pieceSealMac, piece) }, audits: [] };
      return reply(next, { pieceNumber, indicium: indicium.toString('base64url') }, effects,
        isTest ? { type: 'test-print', amount: 0, value: null, pieceNumber: null }
          : { type: 'indicium', amount: b.postage, value: 'indicium', pieceNumber });
    }
    case 'piece': {
      const stored = verifiedPiece(ctx.keys.pieceSealMac, p.meterId, cmd.body.pieceNumber, cmd.stored);
      // Its postage went back to the descending register: printing it again would be postage unpaid.
      if (stored.refunded || refundedOrForgotten(p, stored.pieceNumber, printedSecond(stored.createdAt))) {
        throw new ProtocolError('NOT_FOUND', 'this piece was refunded, or is too old, and cannot be printed again');
      }
      return reply(rolled, { pieceNumber: cmd.body.pieceNumber, indicium: stored.indicium },
        { audits: [{ at, event: 're-print', meterId: p.meterId, detail: { pieceNumber: cmd.body.pieceNumber } }] },
        { type: 'piece', amount: 0, value: null, pieceNumber: cmd.body.pieceNumber });
    }
    case 'refund': {
      const piece = verifiedPiece(ctx.keys.pieceSealMac, p.meterId, cmd.body.pieceNumber, cmd.piece);
      const printedAt = printedSecond(piece.createdAt);
      if (piece.refunded || p.refunds.some(([n]) => n === piece.pieceNumber)) {
        throw new ProtocolError('NOT_REFUNDABLE', 'this piece has already been refunded');
      }
      if (refundedOrForgotten(p, piece.pieceNumber, printedAt)) throw new ProtocolError('NOT_REFUNDABLE', 'this piece is outside the refund window');
      const windowEnd = Date.parse(piece.createdAt) + ctx.refundWindowDays * 86_400_000;
      if (now.getTime() > windowEnd) throw new ProtocolError('NOT_REFUNDABLE', 'this piece is outside the refund window');
      if (p.dr + piece.postage > MAX_DR) throw new ProtocolError('NOT_REFUNDABLE', 'the descending register would overflow');
      const next = {
        ...rolled, ...rememberRefund(p, piece.pieceNumber, printedAt, now, ctx.refundWindowDays),
        dr: p.dr + piece.postage, totalRefunded: p.totalRefunded + piece.postage, lastTxAt: at,
      };
      return reply(next, { pieceNumber: cmd.body.pieceNumber, amount: piece.postage },
        { refundPiece: cmd.body.pieceNumber, audits: [] },
        { type: 'refund', amount: piece.postage, value: 'refund', pieceNumber: cmd.body.pieceNumber });
    }
    case 'audit': {
      const record = { meterId: p.meterId, deviceId: p.deviceId, ar: p.ar, dr: p.dr, pieces: p.pieceCounter, at };
      const signature = ctx.keys.signBankAuth(Buffer.from(auditSignatureInput(record), 'utf8'));
      return reply(rolled, { record, signature: signature.toString('base64url') },
        { inspectionAt: at, audits: [{ at, event: 'inspection', meterId: p.meterId }] },
        { type: 'audit', amount: 0, value: null, pieceNumber: null });
    }
    case 'printerResult':
    case 'logout':
      return reply(rolled, {}, { audits: [] }, { type: cmd.op, amount: 0, value: null, pieceNumber: null });
  }
}

/** A MACed command: SPEC §3.2's checks and the person's permission, then the op (people's ops in people-ops.ts). */
async function macedCommand(ctx: OpsContext, cmd: MacedCommand, p: PsdPackage, now: Date): Promise<TxOutcome> {
  const start = startMaced(ctx, cmd, p, now);
  return isPeopleOp(cmd) ? peopleOp(ctx, cmd, p, start, now) : maced(ctx, cmd, p, start, now);
}
