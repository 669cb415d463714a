/** Audit entries appended through two connections (the commit writer's and the main thread's) form one chain. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { auditLinker, checkAuditEntry } from '../../src/ledger/audit-chain.ts';
import { openSqliteStore } from '../../src/storage/sqlite/sqlite-storage.ts';
import { randomMacKey } from '../helpers/mac-key.ts';

const dir = mkdtempSync(join(tmpdir(), 'vbi-audit-log-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('appends of two writers chain one after the other; a storage without the audit key writes none', () => {
  const file = join(dir, 'vault.sqlite');
  const key = randomMacKey();
  const a = openSqliteStore(file, { auditMac: key });
  const b = openSqliteStore(file, { auditMac: key });
  const reader = openSqliteStore(file);
  try {
    a.appendAudit([{ at: '2026-12-01T10:00:00.000Z', event: 'module-down', moduleSerial: 1 }]);
    b.appendAudit([{ at: '2026-12-01T10:00:01.000Z', event: 'package-rollback', meterId: 'm', detail: { logId: 3 } },
      { at: '2026-12-01T10:00:01.000Z', event: 'inspection', meterId: 'm' }]);
    a.appendAudit([{ at: '2026-12-01T10:00:02.000Z', event: 'module-failed', moduleSerial: 2 }]);
    assert.throws(() => reader.appendAudit([{ at: '2026-12-01T10:00:03.000Z', event: 'forged' }]), /without the audit key/);
    const linker = auditLinker(key);
    const rows = reader.auditEntries(0, 100);
    assert.deepEqual(rows.map((r) => r.event), ['module-down', 'package-rollback', 'inspection', 'module-failed']);
    let prev = linker.genesis;
    rows.forEach((r, i) => {
      assert.equal(checkAuditEntry(linker, prev, i, r, r.mac), null, `entry ${r.id}`);
      prev = r.mac as string;
    });
    assert.deepEqual(reader.auditLog(1)[0]?.detail, undefined);
    assert.deepEqual(reader.auditLog(3)[2]?.detail, { logId: 3 });
  } finally {
    for (const s of [a, b, reader]) s.close();
  }
});
