/**
 * What the operator socket does in a running vault: each meter step runs as one module command
 * under the meter's lock (BUSY across every vault process on the database), so it takes the
 * meter's current package and commits with a module checkpoint and a log entry; a re-key first
 * gets the new key and certificate from the minting module (the only one holding the CA key).
 */
import type { ModuleBank } from '../bank/module-bank.ts';
import type { ModuleRequest, OperatorNote } from '../bank/messages.ts';
import type { MeterLocks } from '../server/meter-locks.ts';
import { exclusive } from '../server/meter-locks.ts';
import type { Storage } from '../storage/storage.ts';
import type { AdminRequest, MeterRef } from './admin-protocol.ts';

export interface OperatorParts {
  storage: Storage;
  /** The serving modules. */
  bank: ModuleBank;
  /** The minting module of this process. */
  minter: ModuleBank;
  locks: MeterLocks;
  /** Told when a module's state changed (the run state file is rewritten at once). */
  onModulesChanged: () => void;
}

/** The meter a reference names; throws a plain message when there is none. */
export async function meterOf(storage: Storage, ref: MeterRef): Promise<string> {
  if ('user' in ref) {
    const account = await storage.accountByUsername(ref.user);
    if (account === undefined) throw new Error(`no account named "${ref.user}"`);
    return account.meterId;
  }
  if ((await storage.meterInfo(ref.meterId)) === undefined) throw new Error(`no meter ${ref.meterId}`);
  return ref.meterId;
}

async function commandFor(parts: OperatorParts, req: Exclude<AdminRequest, { op: 'recover-module' }>, meterId: string, note: OperatorNote): Promise<ModuleRequest> {
  switch (req.op) {
    case 'unlock':
    case 'withdraw':
      return { op: req.op, meterId, note };
    case 'resolve':
      return { op: 'resolve', meterId, note, seen: req.seen };
    case 'rekey': {
      const [sealedPackage] = await parts.storage.sealedPackages([meterId]);
      if (sealedPackage === undefined) throw new Error(`no meter ${meterId}`);
      const [serials] = await parts.storage.allocateSerials(1);
      if (serials === undefined) throw new Error('could not allocate a certificate serial');
      return { op: 'rekey', meterId, note, key: await parts.minter.rekey({ meterId, sealedPackage, certSerial: serials.certSerial }) };
    }
  }
}

/** Runs one operator request; resolves to what the operator is told, throws a plain message when refused. */
export async function runOperatorStep(parts: OperatorParts, req: AdminRequest): Promise<Record<string, unknown>> {
  if (req.op === 'recover-module') {
    const outcome = await parts.bank.recoverModule(req.serial, req.note);
    parts.onModulesChanged();
    return { serial: req.serial, recovered: true, discarded: outcome.audits.filter((a) => a.event === 'module-recover-discarded').length };
  }
  const meterId = await meterOf(parts.storage, req.meter);
  const result = await exclusive(parts.locks, meterId, async () => parts.bank.submit(await commandFor(parts, req, meterId, req.note)));
  if (!result.ok) throw new Error(`${result.message} (${result.code})`);
  const funds = req.op === 'withdraw' ? { funds: (await parts.storage.fundsOf([meterId]))[0] ?? 0 } : {};
  return { meterId, ...(JSON.parse(result.bodyJson) as Record<string, unknown>), ...funds };
}
