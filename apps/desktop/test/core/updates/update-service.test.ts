// The update service is the one owner of the update status: its verified check and the gated
// installer's progress reach the UI as one status, through events and through updateStatus.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { BridgeEvent, UpdateStatus } from '../../../src/shared/contract.ts';
import { silentLog } from '../../../src/core/log.ts';
import { createGatedInstaller, UpdateService } from '../../../src/core/updates/index.ts';
import { nodeAppImageUpdater } from './electron-updater-in-node.ts';
import { startFeed, type FeedFixture } from './feed-fixture.ts';

let f: FeedFixture;
before(async () => {
  f = await startFeed();
});
after(() => f.close());

/** The update events the service sent, and its event listener. */
function recorder() {
  const updates: UpdateStatus[] = [];
  return { updates, emit: (e: BridgeEvent) => void (e.type === 'update' && updates.push(e.update)) };
}

test('with an installer: checked, downloaded, re-verified, then one status says "restart"', async () => {
  await f.publish('svc', '2.0.0', { size: 50_000, notes: 'Sharper labels.' });
  const { updates, emit } = recorder();
  const updater = await nodeAppImageUpdater({ version: '1.0.0', feedUrl: f.feed('svc'), dir: join(f.root, 'apps', 'svc') });
  const svc = new UpdateService({ feedBaseUrl: () => f.feed('svc'), releasePublicKeyPem: f.publicKeyPem, currentVersion: '1.0.0', installer: (onChange) => createGatedInstaller(updater, onChange), emit, log: silentLog });
  await svc.checkAndInstall();
  assert.deepEqual(updates[0], { status: 'available', version: '2.0.0', notes: 'Sharper labels.', progress: null, canRestart: false });
  assert.deepEqual(updates.at(-1), { status: 'available', version: '2.0.0', notes: 'Sharper labels.', progress: 1, canRestart: true });
  assert.deepEqual(await svc.status(), { status: 'available', version: '2.0.0', notes: 'Sharper labels.', progress: 1, canRestart: true }, 'updateStatus tells the same');
  let installs = 0;
  updater.quitAndInstall = () => void (installs += 1);
  assert.equal(await svc.restart(), true);
  assert.equal(installs, 1);
});

test('without an installer (web host): the verified check only, and nothing to restart into', async () => {
  await f.publish('plain', '2.1.0', { size: 1000 });
  const { updates, emit } = recorder();
  const svc = new UpdateService({ feedBaseUrl: () => f.feed('plain'), releasePublicKeyPem: f.publicKeyPem, currentVersion: '1.0.0', emit, log: silentLog });
  await svc.checkAndInstall();
  assert.deepEqual(updates, [{ status: 'available', version: '2.1.0', notes: '', progress: null, canRestart: false }]);
  assert.equal(await svc.restart(), false);
});
