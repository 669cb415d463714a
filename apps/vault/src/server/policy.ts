/** The vault's refusals that come before any module sees a request (docs/protocol.md "Vault answers"). */
import { ProtocolError, type OpName, type RequestFrame } from '@vbi/protocol';
import { mailDateAllowed } from './mail-date.ts';

const VALUE_OPS: ReadonlySet<OpName> = new Set<OpName>(['purchase', 'indicium', 'refund']);

export interface PolicyState {
  halted: boolean;
  timeZone: string;
}

/** Throws the refusal a MACed request gets from the vault itself: halted (value ops), mail date out of range. */
export function checkMacedPolicy(state: PolicyState, frame: RequestFrame): void {
  if (VALUE_OPS.has(frame.op) && state.halted) {
    throw new ProtocolError('VAULT_HALTED', 'the vault is halted and takes no value transactions');
  }
  if (frame.op === 'indicium' && !mailDateAllowed(frame.body.mailDate, state.timeZone)) {
    throw new ProtocolError('BAD_REQUEST', 'body.mailDate: must be from today to 7 days ahead');
  }
}
