import { resolve } from 'node:path';
import { progressBar } from '../../backup/progress-bar.ts';
import { recoverVault } from '../../backup/recover.ts';
import type { CliCommand } from '../command.ts';
import { parseOptions, requireOption, runWithHelp } from '../options.ts';

const HELP = `Usage: pnpm vault recover --snapshot FILE --logs DIR --data NEWDIR [--keys KEYDIR]

Rebuilds a vault in NEWDIR from a snapshot ("vault backup") plus the off-loaded transaction log
(the old DATA/backup/log folder). It first verifies the whole log chain (segment seals, hash
links, every entry's hash and MAC) and refuses a broken one; then it replays every transaction
after the snapshot, checks that each meter's registers equal its last log entry, seeds fresh
module memory from the log (SPEC §4.3) and copies the key store and trust bundle, still sealed.
Start the rebuilt vault with "pnpm vault start --data NEWDIR".

Options:
  --snapshot FILE   the snapshot written by "vault backup"
  --logs DIR        the off-loaded log folder (old DATA/backup/log)
  --data NEWDIR     the folder to rebuild into (must not hold a vault)
  --keys KEYDIR     where keystore.json and trust/ are: the old data folder or a copy of them
                    kept off the machine (default: the parent of --logs' parent, i.e. old DATA)
  -h, --help        show this help

Environment: VBI_KEYSTORE_PASSPHRASE (the software key store's passphrase), VBI_PKCS11_PIN (keys in a PKCS#11 token).

Example:
  pnpm vault recover --snapshot /mnt/backup/vault.vbisnap --logs /mnt/backup/log --keys /mnt/keys --data ./vault-new
`;

export const recoverCommand: CliCommand = {
  name: 'recover',
  summary: 'rebuild a vault from a snapshot plus the off-loaded log, with a progress bar',
  help: HELP,
  run: (argv) =>
    runWithHelp(HELP, argv, async () => {
      const { values } = parseOptions(argv, {
        snapshot: { type: 'string' }, logs: { type: 'string' }, data: { type: 'string' }, keys: { type: 'string' },
      });
      const logsDir = resolve(requireOption(values.logs, 'logs'));
      const bar = progressBar();
      try {
        const r = await recoverVault({
          snapshot: resolve(requireOption(values.snapshot, 'snapshot')),
          logsDir,
          dataDir: resolve(requireOption(values.data, 'data')),
          keysDir: resolve(values.keys ?? resolve(logsDir, '../..')),
          progress: bar.update,
        });
        bar.stop();
        process.stdout.write(
          `recovered: snapshot of ${r.snapshotAt} (${r.snapshotEntries} log entries) + ${r.replayed} replayed from ${r.segments} segment(s); ` +
            `${r.entries} entries, ${r.meters} meters checked, module memory seeded for ${r.modules.length} module(s)\n`,
        );
        return 0;
      } finally {
        bar.stop();
      }
    }),
};
