/** Frames of the meter socket (SPEC §3): validation of requests, encoding of answers. */
import { z } from 'zod';
import { nestsDeeperThan } from './depth.ts';
import { ERROR_CODES, ProtocolError, type ErrorCode } from './errors.ts';
import { b64urlBytesPattern, macSchema } from './fields.ts';
import { describeFirstIssue } from './issues.ts';
import {
  isOpName,
  MACED_OPS,
  OPS,
  requestBodySchemas,
  responseBodySchemas,
  type OpName,
  type RequestBody,
  type ResponseBody,
} from './ops.ts';

export const MAX_FRAME_BYTES = 65536;
/** Deepest nesting a body may have (the body object itself is level 1); ours need 4. */
export const MAX_BODY_DEPTH = 8;
const MAX_ERROR_MESSAGE = 500;
const MAC_TEXT = b64urlBytesPattern(32);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isFrameId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

// z.custom passes the parsed object through untouched (no copying of a "__proto__" key).
const bodyObjectSchema = z.custom<Record<string, unknown>>(isPlainObject, 'must be an object');
const frameIdSchema = z.number().int('must be a whole number').min(0).max(Number.MAX_SAFE_INTEGER);

export const requestFrameSchema = z.strictObject({
  v: z.literal(1),
  id: frameIdSchema,
  op: z.enum(OPS),
  body: bodyObjectSchema,
  mac: macSchema.optional(),
});

export const successFrameSchema = z.strictObject({
  v: z.literal(1),
  id: frameIdSchema,
  ok: z.literal(true),
  body: bodyObjectSchema,
  mac: macSchema.optional(),
});

export const failureFrameSchema = z.strictObject({
  v: z.literal(1),
  id: frameIdSchema.nullable(),
  ok: z.literal(false),
  error: z.strictObject({
    code: z.enum(ERROR_CODES),
    message: z.string().max(MAX_ERROR_MESSAGE),
  }),
});

/** A valid request, narrowed by op: the frame schema's fields with the op's own body. */
export type RequestFrame = {
  [K in OpName]: Omit<z.infer<typeof requestFrameSchema>, 'v' | 'op' | 'body'> & { op: K; body: RequestBody<K> };
}[OpName];

export type ParsedRequest =
  | { ok: true; frame: RequestFrame }
  | { ok: false; id: number | null; code: ErrorCode; message: string };

function refuse(id: number | null, message: string, code: ErrorCode = 'BAD_REQUEST'): ParsedRequest {
  return { ok: false, id, code, message };
}

/**
 * Validates one request frame (SPEC §3) before anything else looks at it. `byteLength` is
 * the frame's size on the wire, checked before the text is parsed.
 */
export function parseRequestFrame(text: string, byteLength: number): ParsedRequest {
  if (byteLength > MAX_FRAME_BYTES) {
    return refuse(null, `frame is larger than ${MAX_FRAME_BYTES} bytes`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return refuse(null, 'frame is not JSON');
  }
  if (!isPlainObject(raw)) {
    return refuse(null, 'frame must be a JSON object');
  }
  const id = isFrameId(raw.id) ? raw.id : null;
  if (typeof raw.v === 'number' && raw.v !== 1) {
    return refuse(id, 'unsupported protocol version (this vault speaks v 1)', 'UNSUPPORTED_VERSION');
  }
  if (typeof raw.v !== 'number') {
    return refuse(id, 'v: must be the protocol version number 1');
  }
  if (!isOpName(raw.op)) {
    return refuse(id, 'op: unknown operation');
  }
  const shape = requestFrameSchema.safeParse(raw);
  if (!shape.success) {
    return refuse(id, describeFirstIssue(shape.error, ''));
  }
  const { op, mac } = shape.data;
  const body = raw.body;
  if (nestsDeeperThan(body, MAX_BODY_DEPTH)) {
    return refuse(id, `body: nested deeper than ${MAX_BODY_DEPTH} levels`);
  }
  const parsedBody = requestBodySchemas[op].safeParse(body);
  if (!parsedBody.success) {
    return refuse(id, describeFirstIssue(parsedBody.error, 'body'));
  }
  if (MACED_OPS.has(op) && mac === undefined) {
    return refuse(id, `mac: required for ${op}`);
  }
  if (!MACED_OPS.has(op) && mac !== undefined) {
    return refuse(id, `mac: not allowed for ${op}`);
  }
  const frame = { id: shape.data.id, op, body: parsedBody.data, ...(mac === undefined ? {} : { mac }) };
  return { ok: true, frame: frame as RequestFrame };
}

export function encodeRequest(id: number, op: OpName, body: object, mac?: string): string {
  return JSON.stringify(mac === undefined ? { v: 1, id, op, body } : { v: 1, id, op, body, mac });
}

export function encodeSuccess(id: number, body: object, mac?: string): string {
  return JSON.stringify(mac === undefined ? { v: 1, id, ok: true, body } : { v: 1, id, ok: true, body, mac });
}

/**
 * A success frame around a body already serialised as JSON (e.g. its JCS text, which its MAC
 * covers); the same frame as encodeSuccess(id, JSON.parse(bodyJson), mac).
 */
export function encodeSuccessOfJson(id: number, bodyJson: string, mac?: string): string {
  if (!isFrameId(id)) throw new TypeError('id: must be a frame id');
  if (mac !== undefined && !MAC_TEXT.test(mac)) throw new TypeError('mac: must be 32 bytes as base64url');
  const head = `{"v":1,"id":${id},"ok":true,"body":${bodyJson}`;
  return mac === undefined ? `${head}}` : `${head},"mac":"${mac}"}`;
}

export function encodeFailure(id: number | null, code: ErrorCode, message: string): string {
  const text = message.length <= MAX_ERROR_MESSAGE ? message : `${message.slice(0, MAX_ERROR_MESSAGE - 1)}…`;
  return JSON.stringify({ v: 1, id, ok: false, error: { code, message: text } });
}

/** A valid answer frame (its body not yet checked against the op's answer schema). */
export type ResponseFrame = Omit<z.infer<typeof successFrameSchema>, 'v'> | Omit<z.infer<typeof failureFrameSchema>, 'v'>;

/** Client side: validates an answer frame; throws ProtocolError when it is malformed. */
export function parseResponseFrame(text: string): ResponseFrame {
  // A UTF-16 length above the limit means at least as many UTF-8 bytes.
  if (text.length > MAX_FRAME_BYTES) {
    throw new ProtocolError('BAD_REQUEST', `answer frame is larger than ${MAX_FRAME_BYTES} bytes`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ProtocolError('BAD_REQUEST', 'answer frame is not JSON');
  }
  if (!isPlainObject(raw)) {
    throw new ProtocolError('BAD_REQUEST', 'answer frame must be a JSON object');
  }
  if (typeof raw.v === 'number' && raw.v !== 1) {
    throw new ProtocolError('UNSUPPORTED_VERSION', 'answer frame has an unsupported protocol version');
  }
  if (raw.ok === false) {
    const failure = failureFrameSchema.safeParse(raw);
    if (!failure.success) {
      throw new ProtocolError('BAD_REQUEST', `answer frame ${describeFirstIssue(failure.error, '')}`);
    }
    return { id: failure.data.id, ok: false, error: failure.data.error };
  }
  const success = successFrameSchema.safeParse(raw);
  if (!success.success) {
    throw new ProtocolError('BAD_REQUEST', `answer frame ${describeFirstIssue(success.error, '')}`);
  }
  if (nestsDeeperThan(raw.body, MAX_BODY_DEPTH)) {
    throw new ProtocolError('BAD_REQUEST', `answer body is nested deeper than ${MAX_BODY_DEPTH} levels`);
  }
  // The body schema passes the parsed object through untouched.
  const { id, body, mac } = success.data;
  return mac === undefined ? { id, ok: true, body } : { id, ok: true, body, mac };
}

/** Client side: validates a success body against the op's answer schema. */
export function parseResponseBody<K extends OpName>(op: K, body: unknown): ResponseBody<K> {
  const parsed = responseBodySchemas[op].safeParse(body);
  if (!parsed.success) {
    throw new ProtocolError('BAD_REQUEST', `answer to ${op}: ${describeFirstIssue(parsed.error, 'body')}`);
  }
  return parsed.data as ResponseBody<K>;
}
