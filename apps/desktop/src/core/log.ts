/**
 * The core's log port: where it writes what it handles without telling the person (a failure it
 * falls back from, a frame or event it drops). Never a secret: callers pass event names, codes and
 * short reasons — never a passphrase, an HMK, a key or a sealed blob, and no request body.
 */
import { AppError } from './errors.ts';

export type LogFields = Record<string, string | number | boolean | null>;

export interface Log {
  warn(event: string, fields?: LogFields): void;
}

export const silentLog: Log = { warn() {} };

/** One JSON line per entry, e.g. to stderr. */
export function lineLog(write: (line: string) => void, now = () => new Date()): Log {
  return {
    warn(event, fields = {}) {
      write(`${JSON.stringify({ at: now().toISOString(), level: 'warn', event, ...fields })}\n`);
    },
  };
}

const MAX_REASON = 200;

/**
 * A caught error as log fields: an AppError's code and message (written for people, never with a
 * secret), otherwise the error's name, code and the first line of its message, shortened.
 */
export function describeError(err: unknown): LogFields {
  if (err instanceof AppError) return { code: err.code, reason: err.message };
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    const line = err.message.split('\n')[0] ?? '';
    return { error: err.name, ...(typeof code === 'string' ? { code } : {}), reason: line.length <= MAX_REASON ? line : `${line.slice(0, MAX_REASON - 1)}…` };
  }
  return { error: typeof err };
}
