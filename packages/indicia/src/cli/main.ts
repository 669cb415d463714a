// `pnpm indicia <command>`: render, verify and decode indicia (SPEC §5).
import { IndiciumError } from '../errors.ts';
import { decodeCommand } from './decode.ts';
import { labelCommand } from './label.ts';
import { samplesCommand } from './samples.ts';
import { UsageError } from './usage.ts';
import { verifyCommand } from './verify.ts';

const HELP = `Usage: pnpm indicia <command> [options]

Commands:
  label    render an indicium as a PDF label or envelope
  samples  render a sample of every layout (and a two-label sheet) into a folder
  verify   read the indicium from a PDF or PNG and check its signature
  decode   print an indicium's fields as JSON

Run "pnpm indicia <command> --help" for a command's options.
`;

const COMMANDS: Record<string, (argv: string[]) => number | Promise<number>> = {
  label: labelCommand,
  samples: samplesCommand,
  verify: verifyCommand,
  decode: decodeCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(HELP);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`unknown command "${name}"`);
  return command(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\nRun "pnpm indicia --help" for usage.\n`);
      process.exitCode = 2;
    } else if (err instanceof IndiciumError) {
      process.stderr.write(`error: ${err.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    }
  },
);
