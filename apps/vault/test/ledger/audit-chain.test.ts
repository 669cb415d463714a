/** The audit log's chained MACs: an edited, inserted, removed or reordered entry breaks the chain. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { randomMacKey } from '../helpers/mac-key.ts';
import { auditLinker, checkAuditEntry, type StoredAuditFields } from '../../src/ledger/audit-chain.ts';

const linker = auditLinker(randomMacKey());

function chain(n: number): Array<{ f: StoredAuditFields; mac: string }> {
  const out: Array<{ f: StoredAuditFields; mac: string }> = [];
  let prev = linker.genesis;
  for (let id = 1; id <= n; id++) {
    const f = { id, at: `2026-12-01T10:00:0${id}.000Z`, event: 'inspection', moduleSerial: 1, meterId: 'm', detail: id % 2 ? null : '{"k":1}' };
    prev = linker.mac(prev, f);
    out.push({ f, mac: prev });
  }
  return out;
}

/** The first break, or null. */
function verify(rows: Array<{ f: StoredAuditFields; mac: string | null }>): string | null {
  let prev = linker.genesis;
  let prevId = 0;
  for (const r of rows) {
    const broken = checkAuditEntry(linker, prev, prevId, r.f, r.mac);
    if (broken !== null) return broken;
    prev = r.mac as string;
    prevId = r.f.id;
  }
  return null;
}

test('a genuine chain verifies; every kind of change breaks it', () => {
  const rows = chain(5);
  assert.equal(verify(rows), null);
  const edit = (i: number, f: Partial<StoredAuditFields>) => rows.map((r, j) => (j === i ? { ...r, f: { ...r.f, ...f } } : r));
  assert.match(verify(edit(2, { event: 'nothing' })) ?? '', /MAC does not verify/);
  assert.match(verify(edit(3, { detail: '{"k":2}' })) ?? '', /MAC does not verify/);
  assert.match(verify(edit(4, { meterId: null })) ?? '', /MAC does not verify/);
  assert.match(verify(rows.filter((_, j) => j !== 2)) ?? '', /missing or out of order/, 'removed');
  const renumbered = rows.filter((_, j) => j !== 2).map((r, j) => ({ ...r, f: { ...r.f, id: j + 1 } }));
  assert.match(verify(renumbered) ?? '', /MAC does not verify/, 'removed and renumbered');
  const swapped = [rows[0], rows[2], rows[1], rows[3]].map((r, j) => ({ ...r!, f: { ...r!.f, id: j + 1 } }));
  assert.match(verify(swapped) ?? '', /MAC does not verify/, 'reordered');
  assert.match(verify([...rows.slice(0, 2), { ...rows[2]!, mac: null }]) ?? '', /no MAC/);
  const foreign = auditLinker(randomMacKey());
  const forged = { f: { ...rows[4]!.f, id: 6 }, mac: foreign.mac(rows[4]!.mac, { ...rows[4]!.f, id: 6 }) };
  assert.match(verify([...rows, forged]) ?? '', /MAC does not verify/, 'appended without the key');
});
