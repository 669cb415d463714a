/** The status the UI shows, as a pure function of what the session knows. */
import { formatDeviceId } from '@vbi/indicia';
import type { AppStatus } from '../shared/contract.ts';
import type { MeterAccount } from './account/meter-account.ts';
import { OFFLINE, type Problem } from './problems.ts';
import type { HistoryRecord } from './profile/history-store.ts';

export interface StatusFacts {
  vaultUrl: string;
  online: boolean;
  problem: Problem | null;
  knownUsers: string[];
  meter: MeterAccount | null;
  /** A piece the vault committed that is not printed yet (the newest such). */
  waitingPiece: HistoryRecord | null;
}

export function statusOf(f: StatusFacts): AppStatus {
  const a = f.meter;
  const blocked = a?.blocked ?? null;
  const problem = blocked ?? f.problem ?? (a && !f.online ? OFFLINE : null);
  const w = f.waitingPiece;
  return {
    vaultUrl: f.vaultUrl,
    online: f.online,
    signedIn: a !== null,
    username: a?.person.username ?? null,
    role: a?.person.role ?? null,
    mustChangePassphrase: a?.person.mustChangePassphrase ?? false,
    knownUsers: f.knownUsers,
    registers: a ? { ...a.registers } : null,
    pieces: a ? a.mirror.pieces : null,
    funds: a?.funds ?? null,
    licenseZip: a?.account.licenseZip ?? null,
    deviceId: a ? formatDeviceId(a.account.deviceId.vendor, a.account.deviceId.model, a.account.deviceId.serial) : null,
    valueOpsBlocked: blocked !== null,
    problem,
    pendingPiece: a && w ? { pieceNumber: w.pieceNumber, postage: w.postage, addressee: w.to.name || w.to.street, printerId: w.printerId } : null,
  };
}
