import assert from 'node:assert/strict';
import { test } from 'node:test';
import { updateStatusSchema } from '../../../src/shared/contract.ts';
import { toUpdateStatus } from '../../../src/core/updates/update-status.ts';

test('a feed refused by the signature check reaches the UI as refused, not as unknown', () => {
  const status = toUpdateStatus({ status: 'refused', reason: 'the feed signature does not verify' });
  assert.deepEqual(status, { status: 'refused', message: 'the feed signature does not verify' });
  assert.equal(updateStatusSchema.safeParse(status).success, true);
});

test('an unreachable feed is unknown, a newer verified release is available', () => {
  assert.equal(toUpdateStatus({ status: 'offline', reason: 'no answer' }).status, 'unknown');
  const available = toUpdateStatus({
    status: 'available', version: '9.9.9', releaseNotes: 'Faster labels', releaseDate: '2026-11-24T00:00:00.000Z',
    file: { url: 'app.AppImage', sha512: 'x', size: 1 },
  });
  assert.deepEqual(available, { status: 'available', version: '9.9.9', notes: 'Faster labels', progress: null, canRestart: false });
});
