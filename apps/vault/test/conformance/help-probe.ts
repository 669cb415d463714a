/**
 * Child process of the CLI conformance test: runs `<command> --help` for every SPEC §7 command
 * through each command's own `run`, in ONE process (a `pnpm vault` process costs ~2 s of CPU,
 * mostly loading; the dispatch of main.ts is checked apart). Prints one JSON array:
 * [{ words, code, stdout }].
 */
import { backupCommand } from '../../src/cli/commands/backup.ts';
import { creditCommand } from '../../src/cli/commands/credit.ts';
import { importAddressesCommand } from '../../src/cli/commands/import-addresses.ts';
import { initCommand } from '../../src/cli/commands/init.ts';
import { mintCommand } from '../../src/cli/commands/mint.ts';
import { recoverCommand } from '../../src/cli/commands/recover.ts';
import { releaseCommand } from '../../src/cli/commands/release.ts';
import { startCommand } from '../../src/cli/commands/start.ts';
import { statusCommand } from '../../src/cli/commands/status.ts';
import type { CliCommand } from '../../src/cli/command.ts';

const commands: CliCommand[] = [initCommand, startCommand, mintCommand, creditCommand, statusCommand, backupCommand,
  recoverCommand, releaseCommand, importAddressesCommand];

const results: Array<{ words: string[]; code: number; stdout: string }> = [];
const realWrite = process.stdout.write.bind(process.stdout);
for (const line of process.argv.slice(2)) {
  const words = line.split(' ');
  const command = commands.find((c) => c.name === words[0]);
  if (command === undefined) throw new Error(`no command ${words[0]}`);
  let stdout = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  }) as typeof process.stdout.write;
  try {
    results.push({ words, code: await command.run([...words.slice(1), '--help']), stdout });
  } finally {
    process.stdout.write = realWrite;
  }
}
realWrite(`${JSON.stringify(results)}\n`);
process.exit(0);
