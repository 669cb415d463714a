/** Small helpers shared by the commands: option parsing and checked numbers. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { LogFields, VaultLog } from '../log/vault-log.ts';

export class UsageError extends Error {}

export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: false, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export function intOption(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^[0-9]+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  }
  return Number(value);
}

export function requireOption(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

/** Runs a command body; usage errors print the help and exit 2, other errors exit 1. */
export async function runWithHelp(help: string, argv: string[], body: () => Promise<number>): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(help);
    return 0;
  }
  try {
    return await body();
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n\n${help}`);
      return 2;
    }
    process.stderr.write(`error: ${(err as Error).message}\n`);
    return 1;
  }
}

/** The log of the operator commands (not the server): one readable line per event on stderr. */
export const stderrLog: VaultLog = {
  info: (msg, fields) => writeLine(msg, fields),
  warn: (msg, fields) => writeLine(`warning: ${msg}`, fields),
  error: (msg, fields) => writeLine(`error: ${msg}`, fields),
};

function writeLine(msg: string, fields: LogFields = {}): void {
  const extra = Object.entries(fields).map(([k, v]) => ` ${k}=${String(v)}`).join('');
  process.stderr.write(`${new Date().toISOString()} vault: ${msg}${extra}\n`);
}
