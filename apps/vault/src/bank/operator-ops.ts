/**
 * The operator's steps on one meter (docs/vault.md "Operator procedures"), run by a serving module
 * like any command: on the meter's current package, under its lock, committed with the module's
 * checkpoint and an entry in the chained log. Nobody but the bank can open or seal a package, so
 * these are the only way an operator changes a meter; the database is not trusted with it.
 */
import { canonicalJson, ProtocolError } from '@vbi/protocol';
import type { LogEntryType } from '../ledger/chain.ts';
import type { CommandEffects, OperatorCommand } from './messages.ts';
import type { OpsContext, TxOutcome } from './module-ops.ts';
import { sealPackage, type PsdPackage } from './psd-package.ts';

function refuse(message: string): never {
  throw new ProtocolError('BAD_REQUEST', message);
}

/** The outcome of a step: the new package, an answer for the operator (not MACed: no client reads it), the log entry. */
function stepDone(
  ctx: OpsContext, next: PsdPackage, answer: Record<string, unknown>, effects: CommandEffects, type: LogEntryType, amount: number,
): TxOutcome {
  return {
    outcome: {
      result: { ok: true, bodyJson: canonicalJson(answer), mac: '' },
      change: { pkg: sealPackage(ctx.keys.psd, next), state: next.state },
      effects,
    },
    tx: { type, amount, value: type, pieceNumber: null },
    pkg: next,
  };
}

/** Executes one operator step; refusals throw (and change nothing). */
export function operatorStep(ctx: OpsContext, cmd: OperatorCommand, p: PsdPackage, now: Date): TxOutcome {
  if (p.state === 'withdrawn') throw new ProtocolError('METER_NOT_OPERATIONAL', 'this meter is withdrawn: nothing more can be done with it');
  const at = now.toISOString();
  const audit = (event: string, detail: Record<string, unknown>) => ({
    at, event, meterId: p.meterId, detail: { operator: cmd.note.operator, reason: cmd.note.reason, ...detail },
  });
  const registers = { ar: p.ar, dr: p.dr };
  switch (cmd.op) {
    case 'unlock': {
      const locked = p.lockedUntil !== null && Date.parse(p.lockedUntil) > now.getTime();
      if (!locked && p.failedLogins === 0) refuse('this meter is not locked and has no failed logins to clear');
      const next: PsdPackage = { ...p, failedLogins: 0, lockedUntil: null };
      const detail = { lockedUntil: locked ? p.lockedUntil : null, failedLogins: p.failedLogins };
      return stepDone(ctx, next, { unlocked: true, ...detail }, { audits: [audit('operator-unlock', detail)] }, 'unlock', 0);
    }
    case 'withdraw': {
      if (p.state === 'manufactured') refuse('this meter was never assigned to an account: there is nothing to withdraw');
      const next: PsdPackage = {
        ...p, state: 'withdrawn', dr: 0, totalReturned: (p.totalReturned ?? 0) + p.dr, challenge: null, lastTxAt: at, resolution: null,
      };
      const detail = { returned: p.dr, ar: p.ar, pieces: p.pieceCounter };
      return stepDone(ctx, next, detail, { audits: [audit('operator-withdraw', detail)] }, 'withdraw', p.dr);
    }
    case 'resolve': {
      if (p.hmk === null) refuse('this meter is not registered: there is no client to agree with');
      if (cmd.seen.ar !== p.ar || cmd.seen.dr !== p.dr) {
        refuse('the meter\'s registers changed since they were shown: look at them again before confirming');
      }
      const resolution = { at, ar: p.ar, dr: p.dr, pieces: p.pieceCounter };
      const next: PsdPackage = { ...p, resolution };
      return stepDone(ctx, next, { resolution }, { audits: [audit('operator-resolve', { confirmed: resolution })] }, 'resolve', 0);
    }
    case 'rekey': {
      const { key } = cmd;
      const next: PsdPackage = {
        ...p, signingKey: key.signingKey, certSerial: key.certSerial, keyNotBefore: key.keyNotBefore, keyNotAfter: key.keyNotAfter,
      };
      const detail = { oldCertSerial: p.certSerial, certSerial: key.certSerial, keyNotAfter: key.keyNotAfter, ...registers };
      const effects: CommandEffects = {
        certificate: { certSerial: key.certSerial, certificatePem: key.certificatePem }, audits: [audit('operator-rekey', detail)],
      };
      return stepDone(ctx, next, detail, effects, 'rekey', 0);
    }
  }
}
