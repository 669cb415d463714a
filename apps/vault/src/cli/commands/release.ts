import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KEYSTORE_FILE } from '../../keystore/keystore.ts';
import { openReleaseSigningKey, RELEASE_KEYSTORE_FILE } from '../../keystore/release-keystore.ts';
import { publishRelease } from '../../updates/publish.ts';
import { signerFromKey } from '../../updates/release-signature.ts';
import type { CliCommand } from '../command.ts';
import { parseOptions, requireOption, runWithHelp, UsageError } from '../options.ts';

const RELEASE_HELP = `Usage: pnpm vault release <subcommand> [options]

Manages the signed auto-update feed served at /updates/<channel>/ (docs/updates.md).

Subcommands:
  publish   add a release artifact to a channel and sign the channel's update info

Run "pnpm vault release publish --help" for its options.
`;

const PUBLISH_HELP = `Usage: pnpm vault release publish --data DIR --channel NAME --version X.Y.Z --file ARTIFACT [--notes TEXT] [--force]
                                 [--release-keystore FILE]

Copies ARTIFACT into DIR/updates/NAME/, writes the channel's update info as electron-builder
does for the generic provider (latest-linux.yml for .AppImage/.deb/.rpm/.snap/.pacman/.tar.gz/
.tar.xz, latest.yml for .exe/.msi, latest-mac.yml for .dmg/.zip), signs it with the vault's
Ed25519 release key into <yml>.sig, and appends the release to DIR/updates/NAME/history.jsonl.

Options:
  --data DIR        the vault's data folder (made by "vault init")
  --channel NAME    feed channel: letters, digits, "-" and "_" (e.g. stable, beta)
  --version X.Y.Z   semantic version of the release; must be greater than the channel's
                    current release for that platform (1.3.0-beta.1 < 1.3.0)
  --file ARTIFACT   the installer or package to publish
  --notes TEXT      release notes shown to users (optional)
  --force           publish even when the version is not greater than the current one, or
                    replace an artifact of the same name
  --release-keystore FILE
                    the release key's own store (default DIR/${RELEASE_KEYSTORE_FILE}); it may be
                    kept off the vault's machines: "vault start" never reads it
  -h, --help        show this help

The release key store's passphrase comes from VBI_RELEASE_PASSPHRASE (development: a random one
in release.passphrase beside the store, with a warning).

Example:
  pnpm vault release publish --data ./vault-data --channel stable --version 1.2.0 \\
    --file dist/VBI-Meter-1.2.0.AppImage --notes "Faster label printing."
`;

/** `vault release publish` (SPEC §7). Refusals exit 1 and change nothing; usage errors exit 2. */
export const releaseCommand: CliCommand = {
  name: 'release',
  summary: 'publish a signed release to the auto-update feed',
  help: RELEASE_HELP,
  run(argv) {
    const [sub, ...rest] = argv;
    if (sub === 'publish') return runWithHelp(PUBLISH_HELP, rest, () => publish(rest));
    return runWithHelp(RELEASE_HELP, argv, async () => {
      throw new UsageError(sub === undefined ? 'release: a subcommand is required' : `release: unknown subcommand "${sub}"`);
    });
  },
};

async function publish(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, {
    data: { type: 'string' },
    channel: { type: 'string' },
    version: { type: 'string' },
    file: { type: 'string' },
    notes: { type: 'string' },
    force: { type: 'boolean' },
    'release-keystore': { type: 'string' },
  });
  const dataDir = resolve(requireOption(values.data, 'data'));
  const channel = requireOption(values.channel, 'channel');
  const version = requireOption(values.version, 'version');
  const file = requireOption(values.file, 'file');
  if (!existsSync(join(dataDir, KEYSTORE_FILE))) throw new Error(`${dataDir} holds no key store (run vault init)`);
  const releaseStore = resolve(values['release-keystore'] ?? join(dataDir, RELEASE_KEYSTORE_FILE));

  const signer = signerFromKey(openReleaseSigningKey(releaseStore, dataDir));
  const notes = values.notes !== undefined ? { notes: values.notes } : {};
  const result = await publishRelease({ dataDir, channel, version, file, ...notes, force: values.force === true }, signer);
  const was = result.previousVersion ? ` (was ${result.previousVersion}${result.forced ? ', forced' : ''})` : '';
  process.stdout.write(
    `published ${result.file} ${result.version}${was} to channel "${result.channel}": ` +
      `${result.updateInfoFile} and ${result.updateInfoFile}.sig, ${result.size} bytes, sha512 ${result.sha512}\n`,
  );
  return 0;
}
