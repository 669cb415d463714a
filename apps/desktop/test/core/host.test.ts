// The host is the one way into the core for every host: calls are checked against the contract
// both ways, and so are the core's events before any window sees them.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { AppCore } from '../../src/core/app-core.ts';
import { createHost } from '../../src/core/host.ts';
import { loadTrustBundle } from '../../src/core/trust.ts';
import type { BridgeEvent } from '../../src/shared/contract.ts';
import { makeFakeTrustDir } from '../helpers/fake-trust.ts';

const tmp = mkdtempSync(join(tmpdir(), 'vbi-host-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
// Port 9 (discard) on loopback: nothing listens, so the core is offline.
const core = new AppCore({ vaultUrl: 'ws://127.0.0.1:9/v1/meter', trust: loadTrustBundle(makeFakeTrustDir()), profileDir: join(tmp, 'profile'), sinks: [] });
const host = createHost(core);

test('an event outside the contract never reaches a window; one inside it does', () => {
  const seen: BridgeEvent[] = [];
  const stop = host.subscribe((e) => seen.push(e));
  core.session.emit({ type: 'progress', task: 'print', label: 'Sending', done: 'half', total: 1 } as unknown as BridgeEvent);
  core.session.emit({ type: 'shell', command: 'rm -rf /' } as unknown as BridgeEvent);
  assert.deepEqual(seen, []);
  core.session.emit({ type: 'progress', task: 'print', label: 'Sending', done: 0, total: 1 });
  assert.deepEqual(seen, [{ type: 'progress', task: 'print', label: 'Sending', done: 0, total: 1 }]);
  stop();
});

test('calls: unknown names and off-contract input are refused before any service runs', async () => {
  assert.deepEqual(await host.dispatch('readFile', { path: '/etc/passwd' }), { ok: false, error: { code: 'BAD_REQUEST', message: 'Unknown bridge call.' } });
  const bad = await host.dispatch('buyPostage', { amountMills: 1.5 });
  assert.equal(!bad.ok && bad.error.code, 'BAD_REQUEST');
  const status = await host.dispatch('status', undefined);
  assert.equal(status.ok && (status.value as { signedIn: boolean }).signedIn, false);
});
