import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake in how the command was called: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;
const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * parseArgs with strict checking and a --help flag; returns null when help was asked for
 * (after printing it), so every command has --help.
 */
export function parseCommand<O extends Options>(argv: string[], options: O, help: string, allowPositionals = false) {
  const config = { args: argv, options: { ...options, ...HELP_OPTION } as O & typeof HELP_OPTION, allowPositionals: true, strict: true } as const;
  let parsed;
  try {
    parsed = parseArgs(config);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (!allowPositionals && parsed.positionals.length > 0) throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`);
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(help);
    return null;
  }
  return parsed;
}
