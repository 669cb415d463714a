/**
 * Part 3, tamper: random byte flips and row swaps in sealed packages (against the running vault:
 * the next request must be refused), checkpoints (a module must refuse them) and log entries and
 * segments (the chain verifier must refuse them). Afterwards no value has moved.
 */
import { randomInt } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Module } from '../../src/bank/module.ts';
import { memoryFile } from '../../src/bank/module-memory.ts';
import { backupKeys, type BackupKeys } from '../../src/backup/keys.ts';
import { checkEntry, emptyChain, type LogEntry } from '../../src/backup/log-entry.ts';
import { readEntries } from '../../src/backup/rows.ts';
import { listSegments, LOG_SUBDIR, readSegment } from '../../src/backup/segment.ts';
import { today } from '../../src/testing/meter-client.ts';
import type { Part } from '../context.ts';
import { vaultState } from '../db-state.ts';
import { harnessKeys, type HarnessKeys } from '../keys.ts';
import { LoadMeter } from '../load-meter.ts';

function flip(buf: Buffer): Buffer {
  const out = Buffer.from(buf);
  const i = randomInt(out.length);
  out[i] = (out[i] as number) ^ (1 << randomInt(8));
  return out;
}

function flipText(text: string): string {
  const i = randomInt(text.length);
  const c = text.charCodeAt(i);
  return text.slice(0, i) + String.fromCharCode(c === 0x41 ? 0x42 : c ^ 1) + text.slice(i + 1);
}

/** The chain must break somewhere when one entry is altered or two rows are swapped. */
function logRefuses(entries: LogEntry[], keys: BackupKeys, swap: boolean): boolean {
  const copy = entries.map((e) => ({ ...e }));
  const i = randomInt(copy.length);
  if (swap && copy.length > 1) {
    let j = randomInt(copy.length - 1);
    if (j >= i) j++;
    const a = copy[i] as LogEntry;
    const b = copy[j] as LogEntry;
    copy[i] = { ...b, id: a.id };
    copy[j] = { ...a, id: b.id };
  } else {
    const e = copy[i] as LogEntry;
    const fields = ['meterId', 'at', 'prevHash', 'hash', 'mac', 'amount', 'ar', 'dr', 'seq', 'moduleSerial', 'link'] as const;
    const field = fields[randomInt(fields.length)] as (typeof fields)[number];
    const v = e[field];
    copy[i] = { ...e, [field]: typeof v === 'number' ? v + 1 + randomInt(1000) : flipText(v) };
  }
  const chain = emptyChain();
  let last = copy[0] === undefined ? 0 : (copy[0].id - 1);
  for (const e of copy) {
    if (checkEntry(e, keys, chain, last) !== null) return true;
    last = e.id;
  }
  return false;
}

/** A module given an altered or another module's checkpoint must refuse it. */
async function moduleRefuses(dataDir: string, keys: HarnessKeys, serial: number, given: { record: string; mac: string }): Promise<boolean> {
  const work = mkdtempSync(join(tmpdir(), 'vbi-tamper-mod-'));
  try {
    mkdirSync(join(work, 'modules'));
    copyFileSync(memoryFile(dataDir, serial), memoryFile(work, serial));
    const m = await Module.open({ dataDir: work, serial, withMemory: true, refundWindowDays: 30, keyCacheSize: 4 }, keys.module.access, keys.module.caCertPem);
    return m.check(given).status === 'mismatch';
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export const tamperPart: Part = async (h) => {
  const vault = await h.vault({ startArgs: ['--log-offload-seconds', '0'] });
  const keys = harnessKeys(h, vault.dataDir);
  const meters = [new LoadMeter(h, 'tamper.a'), new LoadMeter(h, 'tamper.b')];
  for (const m of meters) {
    await m.register(vault.url, vault.trustDir);
    await vault.credit(m.username, 1_000_000);
    for (let i = 0; i < 6; i++) await m.step();
  }
  // Both modules get a checkpoint: two meters at once make two batches.
  await Promise.all(meters.map((m) => m.step()));
  await vault.kill('SIGTERM'); // off-loads the log into segments
  await vault.restart();
  for (const m of meters) if ((await m.reconcile(vault.url, vault.trustDir)) !== null) throw new Error('reconcile failed');
  const before = await vaultState(vault.database, keys.backend.psd);
  const rw = new Database(join(vault.dataDir, 'vault.sqlite'));
  rw.pragma('busy_timeout = 5000');
  const entries = readEntries(rw, 0, 100_000);
  const checkpoints = rw.prepare('SELECT module_serial AS serial, record, mac FROM checkpoints').all() as Array<{ serial: number; record: string; mac: string }>;
  const bk = backupKeys(keys.backend);
  const segFile = listSegments(join(vault.dataDir, LOG_SUBDIR))[0]?.file;
  if (segFile === undefined || entries.length < 2) throw new Error('the setup made no log to tamper with');
  readSegment(segFile, bk.segment); // the genuine one opens
  const segBytes = readFileSync(segFile);
  const scratch = join(mkdtempSync(join(tmpdir(), 'vbi-tamper-seg-')), 'seg-00000001.vbilog');
  const getPkg = rw.prepare('SELECT package FROM packages WHERE meter_id = ?').pluck();
  const setPkg = rw.prepare('UPDATE packages SET package = ? WHERE meter_id = ?');
  const counts = { package: 0, checkpoint: 0, log: 0, segment: 0 };
  let refused = 0;
  try {
    // The genuine checkpoint must be accepted, or the refusals below prove nothing.
    const control = checkpoints[0];
    if (control === undefined || (await moduleRefuses(vault.dataDir, keys, control.serial, control))) {
      throw new Error('a module refused its genuine checkpoint');
    }
    for (let t = 0; t < h.figures.tamperTrials; t++) {
      const kind = (['package', 'package', 'checkpoint', 'log', 'segment'] as const)[t % 5] as 'package' | 'checkpoint' | 'log' | 'segment';
      const swap = randomInt(2) === 1;
      counts[kind]++;
      let ok = false;
      if (kind === 'package') {
        const [a, b] = randomInt(2) === 0 ? meters : [meters[1], meters[0]];
        if (a === undefined || b === undefined) continue;
        const pa = getPkg.get(a.meterId) as Buffer;
        const pb = getPkg.get(b.meterId) as Buffer;
        setPkg.run(swap ? pb : flip(pa), a.meterId);
        const c = a.client;
        const answer = await c?.maced('indicium', { kind: 'postage', postage: 1, rateCategory: 'FCLT', mailDate: today() });
        setPkg.run(pa, a.meterId);
        ok = answer !== undefined && !answer.ok;
      } else if (kind === 'checkpoint') {
        const own = checkpoints[t % checkpoints.length] as { serial: number; record: string; mac: string };
        const other = checkpoints.find((c) => c.serial !== own.serial);
        const given = swap && other !== undefined ? { record: other.record, mac: other.mac }
          : randomInt(2) === 0 ? { record: flipText(own.record), mac: own.mac } : { record: own.record, mac: flipText(own.mac) };
        ok = await moduleRefuses(vault.dataDir, keys, own.serial, given);
      } else if (kind === 'log') {
        ok = logRefuses(entries, bk, swap);
      } else {
        writeFileSync(scratch, flip(segBytes));
        try {
          readSegment(scratch, bk.segment);
        } catch {
          ok = true;
        }
      }
      if (ok) refused++;
    }
  } finally {
    rw.close();
    rmSync(join(scratch, '..'), { recursive: true, force: true });
  }
  const after = await vaultState(vault.database, keys.backend.psd);
  const unmoved = after.fingerprint === before.fingerprint;
  const trials = h.figures.tamperTrials;
  return {
    ok: refused === trials && unmoved,
    line: `tamper: ${trials} flips/swaps (packages ${counts.package}, checkpoints ${counts.checkpoint}, log entries ${counts.log}, ` +
      `segments ${counts.segment}), ${refused} refused (${((100 * refused) / trials).toFixed(1)} %), value moved: ${unmoved ? 'none' : 'YES'}`,
  };
};
