import { resolve } from 'node:path';
import { backupKeys } from '../../backup/keys.ts';
import { progressBar } from '../../backup/progress-bar.ts';
import { writeSnapshot } from '../../backup/snapshot.ts';
import { openVaultBackend } from '../../keystore/open-backend.ts';
import type { CliCommand } from '../command.ts';
import { parseOptions, requireOption, runWithHelp } from '../options.ts';
import { vaultDatabase } from '../vault-folder.ts';

const HELP = `Usage: pnpm vault backup --data DIR --out FILE

Writes an encrypted snapshot of the vault: SQLite's online backup copies the PSD database and
the client-support database page by page (the vault keeps running and answering), then the
copies are sealed into FILE with AES-256-GCM under a backup key derived from the bank's log key.
Restore it with "pnpm vault recover" together with the off-loaded log (DIR/backup/log).

Options:
  --data DIR    the vault's data folder
  --out FILE    the snapshot to write (replaced atomically if it exists)
  -h, --help    show this help

Environment: VBI_KEYSTORE_PASSPHRASE (software key store), VBI_PKCS11_PIN (keys in a PKCS#11 token).

Example:
  pnpm vault backup --data ./vault-data --out /mnt/backup/vault-2026-11-24.vbisnap
`;

export const backupCommand: CliCommand = {
  name: 'backup',
  summary: 'write an encrypted snapshot (online; works while the vault runs), with a progress bar',
  help: HELP,
  run: (argv) =>
    runWithHelp(HELP, argv, async () => {
      const { values } = parseOptions(argv, { data: { type: 'string' }, out: { type: 'string' } });
      const dataDir = resolve(requireOption(values.data, 'data'));
      const out = resolve(requireOption(values.out, 'out'));
      if (vaultDatabase(dataDir).kind !== 'sqlite') {
        throw new Error('snapshots of a PostgreSQL vault are not made by this version (docs/scale.md); the off-loaded log (DIR/backup/log) and the standby protect it meanwhile');
      }
      const backend = openVaultBackend(dataDir);
      const bar = progressBar();
      try {
        const header = await writeSnapshot(dataDir, out, backupKeys(backend).snapshot, bar.update);
        bar.stop();
        process.stdout.write(`snapshot written to ${out} (${header.parts.map((p) => p.name).join(', ')}; log up to entry ${header.lastLogId})\n`);
        return 0;
      } finally {
        bar.stop();
        backend.close();
      }
    }),
};
