/**
 * The vault's one logging seam: structured events (a message plus flat fields), written as JSON
 * lines on stderr by pino. Everything that logs takes a `VaultLog`; tests and tools may pass
 * their own. No secret is ever a field (docs/vault.md "Logs"); a few field names that could only
 * hold one are redacted all the same, as a second line of defence.
 */
import { pino, type DestinationStream } from 'pino';

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface VaultLog {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

const NEVER_LOGGED = ['passphrase', 'hmk', 'key', 'secret', 'sealed', 'mac', 'signature', 'token'];

/** JSON lines on `destination` (stderr by default), synchronous: a crash loses no line before it. */
export function createVaultLog(options: { level?: string; destination?: DestinationStream } = {}): VaultLog {
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: { service: 'vbi-vault', pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: NEVER_LOGGED.flatMap((name) => [name, `*.${name}`]), censor: '[redacted]' },
    },
    options.destination ?? pino.destination({ dest: 2, sync: true }),
  );
  return {
    info: (msg, fields) => logger.info(fields ?? {}, msg),
    warn: (msg, fields) => logger.warn(fields ?? {}, msg),
    error: (msg, fields) => logger.error(fields ?? {}, msg),
  };
}

/** The message of an error for a log field (never its stack: it may name paths of the machine). */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : 'unknown error';
}

/** A log event as it crosses from a worker thread to the main thread's log. */
export interface LogEvent {
  level: 'info' | 'warn' | 'error';
  msg: string;
  fields?: LogFields;
}

/** A VaultLog for a worker thread: each event is posted to the main thread (see `logEvent`). */
export function postingLog(post: (event: LogEvent) => void): VaultLog {
  return {
    info: (msg, fields) => post({ level: 'info', msg, ...(fields ? { fields } : {}) }),
    warn: (msg, fields) => post({ level: 'warn', msg, ...(fields ? { fields } : {}) }),
    error: (msg, fields) => post({ level: 'error', msg, ...(fields ? { fields } : {}) }),
  };
}

/** Writes an event a worker posted. */
export function logEvent(log: VaultLog, event: LogEvent): void {
  log[event.level](event.msg, event.fields);
}
