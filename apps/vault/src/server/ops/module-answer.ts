/** A module's result as the socket's answer: its JCS body text and MAC, or its refusal as a ProtocolError. */
import { ProtocolError } from '@vbi/protocol';
import type { CommandResult } from '../../bank/messages.ts';
import type { Answer } from '../context.ts';

export function answerOf(result: CommandResult): Answer {
  if (!result.ok) throw new ProtocolError(result.code, result.message);
  return { bodyJson: result.bodyJson, mac: result.mac };
}
