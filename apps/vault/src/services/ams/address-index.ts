/** In-memory indexes over the address points, built when the services open (and again when an
 * import bumps the address version): street groups per name, ZIP and city, house numbers per
 * street group, and a trigram index over the distinct street names for fuzzy lookup. */
import type { SupportDb } from '../db/support-db.ts';
import { formatStreet, type StreetParts, type UnitParts } from './standardize.ts';
import { trigrams } from './text-distance.ts';

/** One street in one city and ZIP, with its house numbers. */
export interface StreetGroup {
  parts: StreetParts;
  street: string;
  city: string;
  state: string;
  zip: string;
  /** house number → (unit key → the unit as stored); key '' is the address without a unit. */
  numbers: Map<string, Map<string, UnitParts>>;
}

interface AddressRow extends StreetParts {
  number: string;
  unit_designator: string;
  unit: string;
  city: string;
  state: string;
  zip: string;
}

export class AddressIndex {
  readonly groups: StreetGroup[] = [];
  readonly byZip = new Map<string, number[]>();
  readonly byCity = new Map<string, number[]>();
  /** Distinct street names (without directionals and suffix) and the groups of each. */
  readonly names: string[] = [];
  readonly nameGroups: number[][] = [];
  private readonly nameIds = new Map<string, number>();
  private readonly trigramNames = new Map<string, number[]>();
  private readonly trigramSizes: number[] = [];
  readonly addressCount: number;

  constructor(rows: Iterable<AddressRow>) {
    const groupIds = new Map<string, number>();
    let count = 0;
    for (const r of rows) {
      count++;
      const street = formatStreet(r);
      const key = `${street}|${r.city}|${r.zip}`;
      let id = groupIds.get(key);
      if (id === undefined) {
        id = this.groups.length;
        groupIds.set(key, id);
        const parts = { predir: r.predir, name: r.name, suffix: r.suffix, postdir: r.postdir };
        this.groups.push({ parts, street, city: r.city, state: r.state, zip: r.zip, numbers: new Map() });
        push(this.byZip, r.zip, id);
        push(this.byCity, r.city, id);
        this.nameGroupsFor(r.name).push(id);
      }
      const numbers = this.groups[id]!.numbers;
      let units = numbers.get(r.number);
      if (units === undefined) numbers.set(r.number, (units = new Map()));
      const unit = unitKey(r.unit_designator, r.unit);
      if (!units.has(unit) || r.unit_designator !== '') units.set(unit, { designator: r.unit_designator, value: r.unit });
    }
    this.addressCount = count;
  }

  static load(db: SupportDb): AddressIndex {
    return new AddressIndex(
      db
        .prepare('SELECT number, predir, name, suffix, postdir, unit_designator, unit, city, state, zip FROM addresses')
        .iterate() as Iterable<AddressRow>,
    );
  }

  nameId(name: string): number | undefined {
    return this.nameIds.get(name);
  }

  /** Up to `limit` names sharing the most trigrams with `name` (Dice coefficient ≥ minDice). */
  similarNames(name: string, limit: number, minDice = 0.3): number[] {
    const grams = trigrams(name);
    const shared = new Map<number, number>();
    for (const g of grams) {
      for (const id of this.trigramNames.get(g) ?? []) shared.set(id, (shared.get(id) ?? 0) + 1);
    }
    const scored: Array<[number, number]> = [];
    for (const [id, n] of shared) {
      const dice = (2 * n) / (grams.length + this.trigramSizes[id]!);
      if (dice >= minDice) scored.push([id, dice]);
    }
    scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    return scored.slice(0, limit).map(([id]) => id);
  }

  private nameGroupsFor(name: string): number[] {
    let id = this.nameIds.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.nameIds.set(name, id);
      this.names.push(name);
      this.nameGroups.push([]);
      const grams = trigrams(name);
      this.trigramSizes.push(grams.length);
      for (const g of grams) push(this.trigramNames, g, id);
    }
    return this.nameGroups[id]!;
  }
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A unit is known by its value (`5` of `APT 5`), or by its designator when it has none (`REAR`);
 * spaces and hyphens in the value do not count (`309 A` = `309A`, `1B-5` = `1B5`). */
export function unitKey(designator: string, value: string): string {
  return value !== '' ? value.replace(/[ -]/g, '') : designator === '#' ? '' : designator;
}
