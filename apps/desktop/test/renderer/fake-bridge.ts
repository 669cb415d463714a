/// <reference types="node" />
/** A VbiBridge double: records calls, answers from overridable handlers, can push events. */
import type { AppStatus, BridgeEvent, CallName, VbiBridge } from '../../src/shared/contract.ts';

export const signedInStatus: AppStatus = {
  vaultUrl: 'ws://127.0.0.1:7420/v1/meter',
  online: true,
  signedIn: true,
  username: 'alice',
  role: 'admin',
  mustChangePassphrase: false,
  knownUsers: ['alice'],
  registers: { ar: 2220, dr: 17780 },
  pieces: 3,
  funds: 80000,
  licenseZip: '94103',
  deviceId: '0001-0001-00000007',
  valueOpsBlocked: false,
  problem: null,
  pendingPiece: null,
};

export const signedOutStatus: AppStatus = { ...signedInStatus, signedIn: false, username: null, role: null, knownUsers: [], registers: null, pieces: null, funds: null, licenseZip: null, deviceId: null, online: false };

export interface FakeBridge extends VbiBridge {
  calls: Array<{ name: CallName; input: unknown }>;
  push(event: BridgeEvent): void;
}

export function fakeBridge(handlers: Partial<Record<CallName, (input: never) => unknown>>, status: AppStatus = signedInStatus): FakeBridge {
  const listeners = new Set<(e: BridgeEvent) => void>();
  const calls: FakeBridge['calls'] = [];
  const defaults: Partial<Record<CallName, (input: never) => unknown>> = {
    status: () => status,
    connect: () => ({ ...status, online: true }),
    updateStatus: () => ({ status: 'current' }),
    listPrinters: () => [],
    history: () => [],
  };
  const bridge = new Proxy({} as FakeBridge, {
    get(_t, prop: string) {
      if (prop === 'calls') return calls;
      if (prop === 'onEvent') return (l: (e: BridgeEvent) => void) => (listeners.add(l), () => listeners.delete(l));
      if (prop === 'push') return (e: BridgeEvent) => listeners.forEach((l) => l(e));
      return async (input: unknown) => {
        calls.push({ name: prop as CallName, input });
        const h = handlers[prop as CallName] ?? defaults[prop as CallName];
        if (!h) throw { code: 'NOT_IMPLEMENTED', message: `fake has no ${prop}` };
        return (h as (i: unknown) => unknown)(input);
      };
    },
  });
  return bridge;
}
