import type { OpName, RequestFrame } from '@vbi/protocol';
import type { Answer, Session, VaultContext } from '../context.ts';

/** Serves one op of SPEC §3.3: an answer, or a ProtocolError for the error answer. */
export type OpHandler<K extends OpName> = (ctx: VaultContext, session: Session, frame: Extract<RequestFrame, { op: K }>) => Promise<Answer>;
