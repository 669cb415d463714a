/** USPS Publication 28 tables (C1 street suffixes, C2 unit designators, directionals, state
 * abbreviations): read from the shared CSVs at init, kept in the support database after that. */
import { join } from 'node:path';
import { readCsvObjects } from '../csv.ts';
import type { SupportDb } from '../db/support-db.ts';

export interface Pub28Tables {
  /** Any accepted spelling (upper case) → standard abbreviation and primary name. */
  suffixes: Map<string, { abbr: string; name: string }>;
  /** Any accepted spelling → approved abbreviation; requiresRange: the designator takes a value. */
  units: Map<string, { abbr: string; requiresRange: boolean }>;
  /** NORTH → N, N → N … */
  directionals: Map<string, string>;
  /** CALIFORNIA → CA, CA → CA … */
  states: Map<string, string>;
}

const up = (s: string | undefined): string => (s ?? '').trim().toUpperCase();

export function loadPub28FromCsv(uspsDir: string): Pub28Tables {
  const t: Pub28Tables = { suffixes: new Map(), units: new Map(), directionals: new Map(), states: new Map() };
  for (const r of readCsvObjects(join(uspsDir, 'pub28_c1_street_suffixes.csv'))) {
    const abbr = up(r.POSTAL_SERVICE_STANDARD_ABBREVIATION);
    const name = up(r.PRIMARY_STREET_SUFFIX_NAME);
    for (const spelling of [up(r.COMMONLY_USED_SUFFIX_OR_ABBREVIATION), name, abbr]) {
      if (spelling && !t.suffixes.has(spelling)) t.suffixes.set(spelling, { abbr, name });
    }
  }
  for (const r of readCsvObjects(join(uspsDir, 'pub28_c2_secondary_unit_designators.csv'))) {
    const abbr = up(r.APPROVED_ABBREVIATION);
    const requiresRange = up(r.REQUIRES_SECONDARY_RANGE) === 'Y';
    const spellings = [up(r.NAME), abbr, ...up(r.ACCEPTED_INPUT_SPELLINGS).split('|')];
    for (const spelling of spellings) if (spelling) t.units.set(spelling.trim(), { abbr, requiresRange });
  }
  for (const r of readCsvObjects(join(uspsDir, 'directionals.csv'))) {
    t.directionals.set(up(r.NAME), up(r.ABBREVIATION));
    t.directionals.set(up(r.ABBREVIATION), up(r.ABBREVIATION));
  }
  for (const r of readCsvObjects(join(uspsDir, 'states_and_possessions.csv'))) {
    t.states.set(up(r.NAME), up(r.ABBREVIATION));
    t.states.set(up(r.ABBREVIATION), up(r.ABBREVIATION));
  }
  if (t.suffixes.size < 100 || t.units.size < 20 || t.directionals.size < 16 || t.states.size < 100) {
    throw new Error(`Publication 28 tables in ${uspsDir} look incomplete`);
  }
  return t;
}

/** Replaces the stored Pub 28 tables (one transaction). */
export function savePub28(db: SupportDb, t: Pub28Tables): void {
  db.transaction(() => {
    for (const table of ['pub28_suffix', 'pub28_unit', 'pub28_directional', 'pub28_state']) db.exec(`DELETE FROM ${table}`);
    const suffix = db.prepare('INSERT INTO pub28_suffix (spelling, abbr, name) VALUES (?, ?, ?)');
    for (const [s, v] of t.suffixes) suffix.run(s, v.abbr, v.name);
    const unit = db.prepare('INSERT INTO pub28_unit (spelling, abbr, requires_range) VALUES (?, ?, ?)');
    for (const [s, v] of t.units) unit.run(s, v.abbr, v.requiresRange ? 1 : 0);
    const dir = db.prepare('INSERT INTO pub28_directional (spelling, abbr) VALUES (?, ?)');
    for (const [s, v] of t.directionals) dir.run(s, v);
    const state = db.prepare('INSERT INTO pub28_state (spelling, abbr) VALUES (?, ?)');
    for (const [s, v] of t.states) state.run(s, v);
  })();
}

export function loadPub28FromDb(db: SupportDb): Pub28Tables {
  const rows = <T>(sql: string) => db.prepare(sql).all() as T[];
  const t: Pub28Tables = {
    suffixes: new Map(
      rows<{ spelling: string; abbr: string; name: string }>('SELECT * FROM pub28_suffix').map((r) => [
        r.spelling,
        { abbr: r.abbr, name: r.name },
      ]),
    ),
    units: new Map(
      rows<{ spelling: string; abbr: string; requires_range: number }>('SELECT * FROM pub28_unit').map((r) => [
        r.spelling,
        { abbr: r.abbr, requiresRange: r.requires_range === 1 },
      ]),
    ),
    directionals: new Map(rows<{ spelling: string; abbr: string }>('SELECT * FROM pub28_directional').map((r) => [r.spelling, r.abbr])),
    states: new Map(rows<{ spelling: string; abbr: string }>('SELECT * FROM pub28_state').map((r) => [r.spelling, r.abbr])),
  };
  if (t.suffixes.size === 0) {
    throw new Error('the client-support database has no Publication 28 tables: run `vault init` first');
  }
  return t;
}
