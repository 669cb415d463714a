import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { importAddresses } from '../../services/index.ts';
import type { CliCommand } from '../command.ts';
import { requireOption, runWithHelp, UsageError } from '../options.ts';

const HELP = `Usage: pnpm vault import-addresses --data DIR FILE.csv

Imports an OpenAddresses CSV into the vault's address database (DIR/support.sqlite), for
address matching. Required columns: LON,LAT,NUMBER,STREET,UNIT,CITY,DISTRICT,REGION,POSTCODE,ID,HASH
(other columns are ignored). Addresses are standardized per USPS Publication 28. Malformed rows
(missing number or street, bad postcode, non-numeric LON/LAT, wrong column count) are skipped
and counted; rows already imported (same HASH, else ID) are skipped. A file without the
required header imports nothing. Works while the vault runs: it picks up the new addresses
within a second.

Options:
  --data DIR     the vault's data folder (after vault init)
  -h, --help     show this help

Example:
  pnpm vault import-addresses --data ./vault-data us-ca-berkeley.csv
`;

export const importAddressesCommand: CliCommand = {
  name: 'import-addresses',
  summary: 'import an OpenAddresses CSV into the address database, with a progress bar',
  help: HELP,
  run: (argv) =>
    runWithHelp(HELP, argv, async () => {
      let parsed;
      try {
        parsed = parseArgs({ args: argv, options: { data: { type: 'string' } }, allowPositionals: true, strict: true });
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      const dataDir = resolve(requireOption(parsed.values.data, 'data'));
      if (parsed.positionals.length !== 1) throw new UsageError('give exactly one CSV file');
      const csvPath = resolve(parsed.positionals[0]!);
      const bar = new cliProgress.SingleBar(
        { format: 'importing addresses [{bar}] {percentage}%', stream: process.stderr },
        cliProgress.Presets.shades_classic,
      );
      bar.start(100, 0);
      let report;
      try {
        report = await importAddresses({
          dataDir,
          csvPath,
          onProgress: (done, total) => bar.update(Math.floor((100 * done) / Math.max(1, total))),
        });
      } finally {
        bar.stop();
      }
      process.stdout.write(
        `imported ${report.imported} address(es), skipped ${report.duplicates} already present, rejected ${report.rejected}\n`,
      );
      for (const reason of report.firstReasons) process.stdout.write(`  rejected ${reason}\n`);
      if (report.rejected > report.firstReasons.length) {
        process.stdout.write(`  … and ${report.rejected - report.firstReasons.length} more\n`);
      }
      return 0;
    }),
};
