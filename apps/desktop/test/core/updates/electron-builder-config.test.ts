// apps/desktop/electron-builder.yml against what it must agree with: the vault's feed (channel
// folders, artifact names, the update-info file per artifact type) and electron-updater (the
// generic provider, the update-info file it reads on each platform).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';
import { ArtifactFileName, ChannelName, updateInfoFileFor } from '../../../../vault/src/updates/feed-names.ts';
import { updateInfoFileName, type UpdatePlatform } from '../../../src/core/updates/index.ts';

interface BuilderConfig {
  artifactName: string;
  files: string[];
  extraResources: Array<{ from: string; to: string; filter: string[] }>;
  linux: { target: string | string[] };
  win: { target: string | string[] };
  mac: { target: string | string[] };
  publish: { provider: string; url: string };
}

const config = parse(readFileSync(new URL('../../../electron-builder.yml', import.meta.url), 'utf8')) as BuilderConfig;
const desktopPackage = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { main: string };

/** The file extension electron-builder gives each target's artifact. */
const EXTENSION: Record<string, string> = { AppImage: 'AppImage', nsis: 'exe', dmg: 'dmg', zip: 'zip' };
const targets = (target: string | string[]) => (Array.isArray(target) ? target : [target]);
const artifactFor = (target: string) =>
  config.artifactName.replace('${version}', '1.2.3').replace('${ext}', EXTENSION[target] ?? `unknown-target-${target}`);

test('publishes with the generic provider to a channel folder of the vault feed', () => {
  assert.equal(config.publish.provider, 'generic');
  const path = /^\/updates\/([^/]+)\/$/.exec(new URL(config.publish.url).pathname);
  assert.ok(path, `${config.publish.url} is not /updates/<channel>/`);
  assert.equal(ChannelName.safeParse(path[1]).success, true);
});

test('every artifact gets a name the vault publishes, into the update-info file electron-updater reads on its platform', () => {
  const autoUpdate: Array<[UpdatePlatform, string[], string]> = [
    ['linux', targets(config.linux.target), 'AppImage'],
    ['win32', targets(config.win.target), 'nsis'],
    ['darwin', targets(config.mac.target), 'zip'],
  ];
  for (const [platform, built, updater] of autoUpdate) {
    assert.ok(built.includes(updater), `${platform} builds no ${updater}, the artifact its updater installs`);
    for (const target of built) {
      const name = artifactFor(target);
      assert.equal(ArtifactFileName.safeParse(name).success, true, name);
      assert.equal(updateInfoFileFor(name), updateInfoFileName(platform), name);
    }
  }
  // latest-linux.yml and latest.yml carry one artifact per release: one target each.
  assert.deepEqual(targets(config.linux.target), ['AppImage']);
  assert.deepEqual(targets(config.win.target), ['nsis']);
});

test('packs the built app and ships the pinned trust bundle to <resources>/trust', () => {
  assert.ok(config.files.includes('dist/**/*') && desktopPackage.main.startsWith('dist/'), 'the main entry is packed');
  assert.deepEqual(config.extraResources, [{ from: 'trust', to: 'trust', filter: ['*.pem'] }]);
});
