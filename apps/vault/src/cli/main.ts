/** `pnpm vault <command>` (SPEC §7): lists the commands and dispatches. */
import type { CliCommand } from './command.ts';
import { backupCommand } from './commands/backup.ts';
import { creditCommand } from './commands/credit.ts';
import { devCertCommand } from './commands/dev-cert.ts';
import { importAddressesCommand } from './commands/import-addresses.ts';
import { initCommand } from './commands/init.ts';
import { meterCommand } from './commands/meter.ts';
import { mintCommand } from './commands/mint.ts';
import { moduleCommand } from './commands/module.ts';
import { recoverCommand } from './commands/recover.ts';
import { releaseCommand } from './commands/release.ts';
import { reportCommand } from './commands/report.ts';
import { resetPassphraseCommand } from './commands/reset-passphrase.ts';
import { startCommand } from './commands/start.ts';
import { statusCommand } from './commands/status.ts';
import { verifyLogCommand } from './commands/verify-log.ts';

const COMMANDS: CliCommand[] = [initCommand, startCommand, mintCommand, creditCommand, statusCommand, releaseCommand, importAddressesCommand,
  backupCommand, recoverCommand, verifyLogCommand, reportCommand, devCertCommand, meterCommand, moduleCommand, resetPassphraseCommand];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const list = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
  return `Usage: pnpm vault <command> [options]\n\nCommands:\n${list}\n\nRun "pnpm vault <command> --help" for a command's options.\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    process.stderr.write(`unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : 'unexpected failure'}\n`);
    process.exit(1);
  },
);
