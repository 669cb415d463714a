import { fromB64url } from '@vbi/protocol/crypto';
import { decodeIndicium } from '../codec.ts';
import { indiciumJson } from './describe.ts';
import { parseCommand, UsageError } from './usage.ts';

export const DECODE_HELP = `Usage: pnpm indicia decode B64URL

Prints the fields of an indicium (113 bytes, base64url without padding) as JSON.
Does not check the signature: use "verify" with the meter certificate for that.

Options:
  -h, --help   this help
`;

export function decodeCommand(argv: string[]): number {
  const parsed = parseCommand(argv, {}, DECODE_HELP, true);
  if (!parsed) return 0;
  if (parsed.positionals.length !== 1) throw new UsageError('give exactly one base64url indicium');
  let bytes: Buffer;
  try {
    bytes = fromB64url(parsed.positionals[0] ?? '');
  } catch {
    throw new UsageError('the indicium must be base64url without padding');
  }
  process.stdout.write(`${JSON.stringify(indiciumJson(decodeIndicium(bytes)), null, 2)}\n`);
  return 0;
}
