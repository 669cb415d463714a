import { resolve } from 'node:path';
import { callVault } from '../../admin/admin-client.ts';
import type { CliCommand } from '../command.ts';
import { operatorNote } from '../operator-options.ts';
import { intOption, parseOptions, requireOption, runWithHelp, UsageError } from '../options.ts';

const MODULE_HELP = `Usage: pnpm vault module <subcommand> [options]

The module bank's operator steps (docs/vault.md "Operator procedures").

Subcommands:
  recover   bring one inhibited module back without restarting or rebuilding the vault

Run "pnpm vault module recover --help" for its options.
`;

const RECOVER_HELP = `Usage: pnpm vault module recover --data DIR --serial N [--reason TEXT]

Brings one inhibited module (CHECKPOINT_MISMATCH: its memory does not hold the database's
checkpoint) back into service while the other modules go on serving. The module checks the
database's checkpoint for it (its MAC, under the bank's checkpoint key) and its newest committed
log entry (hash and MAC), adopts them as its newest record and chain head, and serves again.
Transactions its memory held beyond the database are written to the audit log as discarded.
Refused, changing nothing, when the module is not inhibited, when either record does not verify,
or when the module table disagrees with the checkpoint (restore the database: vault recover).
The vault must be running; "vault status" shows which modules are inhibited.

Options:
  --data DIR        the vault's data folder (of the vault process that runs the module)
  --serial N        the module's serial
  --reason TEXT     why (kept in the audit log with your login name; optional)
  -h, --help        show this help

Example:
  pnpm vault module recover --data ./vault-data --serial 2 --reason "memory file restored from an old copy"
`;

export const moduleCommand: CliCommand = {
  name: 'module',
  summary: 'recover one inhibited module in place',
  help: MODULE_HELP,
  run(argv) {
    const [sub, ...rest] = argv;
    if (sub === 'recover') {
      return runWithHelp(RECOVER_HELP, rest, async () => {
        const { values } = parseOptions(rest, { data: { type: 'string' }, serial: { type: 'string' }, reason: { type: 'string' } });
        const dataDir = resolve(requireOption(values.data, 'data'));
        const serial = intOption(requireOption(values.serial, 'serial'), 'serial', 0, 1, 2 ** 31 - 1);
        const r = await callVault(dataDir, { op: 'recover-module', serial, note: operatorNote(values.reason) });
        process.stdout.write(`module ${serial} recovered and serving again; ${String(r.discarded)} transaction(s) its memory held beyond the database were recorded as discarded\n`);
        return 0;
      });
    }
    return runWithHelp(MODULE_HELP, argv, async () => {
      throw new UsageError(sub === undefined ? 'module: a subcommand is required' : `module: unknown subcommand "${sub}"`);
    });
  },
};
