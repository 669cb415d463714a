/** A deterministic set of addresses damaged the way people type them, for measuring match
 * quality (tests) and speed (benchmark): typos in the street or city, long, wrong or missing
 * suffixes and directionals, numbered streets in words, missing, wrong or mistyped ZIPs, odd case
 * and punctuation, house-number letters apart, units as `#5`, `APT 5`, `Apt #5`, `apt5`, …
 * Every damage has a label (the kind, never the value), so a report can give a rate per kind. */
import type { AmsAddress, RequestBody } from '@vbi/protocol';

export interface DamagedAddress {
  input: RequestBody<'amsMatch'>;
  /** What the first candidate should be. */
  expected: AmsAddress;
  /** The kinds of damage done, e.g. `street typo`, `unit APT #5`. */
  damage: string[];
}

/** Long forms of the suffixes that people spell out (Pub 28 C1 primary names). */
export const SUFFIX_LONG: Record<string, string> = {
  ST: 'Street', AVE: 'Avenue', BLVD: 'Boulevard', DR: 'Drive', PL: 'Place', TER: 'Terrace', PLZ: 'Plaza',
  SQ: 'Square', RD: 'Road', CT: 'Court', LN: 'Lane', CIR: 'Circle', HWY: 'Highway', PKWY: 'Parkway',
  ALY: 'Alley', WAY: 'Way', PARK: 'Park', TRL: 'Trail', EXPY: 'Expressway',
};
export const DIRECTION_LONG: Record<string, string> = {
  N: 'North', S: 'South', E: 'East', W: 'West', NE: 'Northeast', NW: 'Northwest', SE: 'Southeast', SW: 'Southwest',
};
const ORDINAL_WORDS = [
  '', 'First', 'Second', 'Third', 'Fourth', 'Fifth', 'Sixth', 'Seventh', 'Eighth', 'Ninth', 'Tenth', 'Eleventh',
  'Twelfth', 'Thirteenth', 'Fourteenth', 'Fifteenth', 'Sixteenth', 'Seventeenth', 'Eighteenth', 'Nineteenth', 'Twentieth',
];
const STATE_NAMES: Record<string, string> = {
  CA: 'California', NY: 'New York', TX: 'Texas', WA: 'Washington', OR: 'Oregon', IL: 'Illinois', FL: 'Florida',
  MA: 'Massachusetts', CO: 'Colorado', AZ: 'Arizona', GA: 'Georgia', DC: 'District of Columbia',
};
/** How a unit is typed: label, text from the value, the designator the answer should carry
 * when the data has none (Pub 28's `#`). */
const UNIT_FORMS: Array<[string, (v: string) => string, string]> = [
  ['#5', (v) => `#${v}`, '#'],
  ['# 5', (v) => `# ${v}`, '#'],
  ['APT 5', (v) => `APT ${v}`, 'APT'],
  ['Apt. 5', (v) => `Apt. ${v}`, 'APT'],
  ['Apt #5', (v) => `Apt #${v}`, 'APT'],
  ['Apartment 5', (v) => `Apartment ${v}`, 'APT'],
  ['Unit 5', (v) => `Unit ${v}`, 'UNIT'],
  ['Suite 5', (v) => `Suite ${v}`, 'STE'],
];
/** Neighbouring keys on a QWERTY keyboard, for slips of the finger. */
const KEY_ROWS = ['QWERTYUIOP', 'ASDFGHJKL', 'ZXCVBNM'];

/** mulberry32: small, fast, and the same sequence on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function neighbours(c: string): string[] {
  for (let row = 0; row < KEY_ROWS.length; row++) {
    const i = KEY_ROWS[row]!.indexOf(c);
    if (i < 0) continue;
    const near = [KEY_ROWS[row]![i - 1], KEY_ROWS[row]![i + 1], KEY_ROWS[row - 1]?.[i], KEY_ROWS[row + 1]?.[i]];
    return near.filter((k): k is string => k !== undefined);
  }
  return ['E'];
}

/** One typing slip in a word of 4+ letters: a neighbouring key, a letter dropped, doubled or
 * swapped with the next; in the first letter only one time in ten. `keepLength` never drops one. */
export function typoMaker(rand: () => number): (word: string, keepLength?: boolean) => string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  return (word, keepLength = false) => {
    const i = rand() < 0.1 ? 0 : 1 + Math.floor(rand() * (word.length - 1));
    const op = Math.floor(rand() * 4);
    if (op === 0) return word.slice(0, i) + pick(neighbours(word[i]!)) + word.slice(i + 1);
    if (op === 1 && !keepLength) return word.slice(0, i) + word.slice(i + 1);
    if (op === 2 && i < word.length - 1) return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    return word.slice(0, i) + word[i] + word.slice(i);
  };
}

export function damagedAddressSet(addresses: readonly AmsAddress[], count: number, seed: number): DamagedAddress[] {
  if (addresses.length === 0) return [];
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const chance = (p: number) => rand() < p;
  const typo = typoMaker(rand);
  const zipsByCity = new Map<string, Set<string>>();
  for (const a of addresses) {
    const set = zipsByCity.get(a.city) ?? new Set<string>();
    set.add(a.zip);
    zipsByCity.set(a.city, set);
  }
  const allZips = [...new Set(addresses.map((a) => a.zip))].sort();
  /** Streets without the number, so a "wrong" suffix never names another real street. */
  const streets = new Set(addresses.map((a) => a.street.replace(/^\S+ /, '')));

  const typoIn = (words: string[]): boolean => {
    const spots = words.map((w, i) => [w, i] as const).filter(([w]) => /^[A-Z]{4,}$/.test(w));
    if (spots.length === 0) return false;
    const [w, i] = pick(spots);
    words[i] = typo(w);
    return true;
  };

  const out: DamagedAddress[] = [];
  for (let n = 0; n < count; n++) {
    const a = pick(addresses);
    const damage: string[] = [];
    const words = a.street.split(' ');
    let numberWords = 1;
    if (words[1] !== undefined && /^[0-9]\/[0-9]+$/.test(words[1])) numberWords = 2;
    const streetWords = words.slice(numberWords);
    const last = streetWords.length - 1;
    const suffix = streetWords.length >= 2 ? streetWords[last]! : '';
    const longSuffix = SUFFIX_LONG[suffix];
    const nameEnd = longSuffix !== undefined ? last : last + 1;
    const otherSuffix = suffix === 'ST' ? 'AVE' : 'ST';

    if (chance(0.35)) {
      const name = streetWords.slice(0, nameEnd);
      if (typoIn(name)) {
        streetWords.splice(0, nameEnd, ...name);
        damage.push('street typo');
      }
    }
    if (longSuffix !== undefined) {
      const roll = rand();
      if (roll < 0.08) {
        streetWords.splice(last, 1);
        damage.push('no suffix');
      } else if (roll < 0.12 && !streets.has([...words.slice(numberWords, numberWords + last), otherSuffix].join(' '))) {
        streetWords[last] = otherSuffix === 'ST' ? 'St' : 'Ave';
        damage.push('wrong suffix');
      } else if (roll < 0.45) {
        streetWords[last] = longSuffix;
        damage.push('long suffix');
      } else if (roll < 0.55) {
        streetWords[last] = `${suffix}.`;
        damage.push('suffix period');
      }
    }
    const dir = DIRECTION_LONG[streetWords[0]!];
    if (dir !== undefined && streetWords.length >= 2 && chance(0.5)) {
      const long = chance(0.7);
      streetWords[0] = long ? dir : `${streetWords[0]}.`;
      damage.push(long ? 'long directional' : 'directional period');
    }
    streetWords.forEach((w, i) => {
      const ordinal = /^([0-9]+)(ST|ND|RD|TH)$/.exec(w);
      if (ordinal === null || !chance(0.4)) return;
      const word = ORDINAL_WORDS[Number(ordinal[1])];
      if (word !== undefined && chance(0.4)) {
        streetWords[i] = word;
        damage.push('numbered street in words');
      } else if (w.length === 3) {
        streetWords[i] = `0${w}`;
        damage.push('zero-padded number');
      }
    });
    const number = words.slice(0, numberWords);
    const letter = /^([0-9]+)([A-Z])$/.exec(number[0]!);
    if (letter && chance(0.5)) {
      number[0] = `${letter[1]}${chance(0.5) ? ' ' : '-'}${letter[2]}`;
      damage.push('number letter apart');
    }

    let street = [...number, ...streetWords].join(' ');
    let secondaryField: string | undefined;
    let expectedSecondary = a.secondary;
    const unitMatch = /^(\S+) (.+)$/.exec(a.secondary);
    if (unitMatch) {
      const [, designator, value] = unitMatch as unknown as [string, string, string];
      const roll = rand();
      let label: string;
      let typed: string;
      let typedDesignator: string;
      if (roll < 0.15) {
        [label, typed, typedDesignator] = ['unit bare value', value, '#'];
      } else if (roll < 0.25 && /^[0-9]/.test(value)) {
        [label, typed, typedDesignator] = ['unit apt5', `apt${value.replace(/[ -]/g, '')}`, 'APT'];
      } else {
        const [formLabel, form, formDesignator] = pick(UNIT_FORMS);
        [label, typed, typedDesignator] = [`unit ${formLabel}`, form(value), formDesignator];
        if (/[ -]/.test(value) && chance(0.3)) {
          typed = form(value.replace(/[ -]/g, ''));
          damage.push('unit value run together');
        }
      }
      if (designator === '#') expectedSecondary = `${typedDesignator} ${value}`;
      // A bare value ("5") only in the unit field: on the street line it would be a guess.
      if (label === 'unit bare value' || chance(0.5)) secondaryField = typed;
      else street = `${street}${chance(0.5) ? ',' : ''} ${typed}`;
      damage.push(label);
    } else if (a.secondary !== '') {
      secondaryField = a.secondary; // a designator without value, e.g. REAR
    }

    let city: string | undefined = a.city;
    let zip: string | undefined = a.zip;
    const zipRoll = rand();
    if (zipRoll < 0.15) {
      zip = undefined;
      damage.push('no ZIP');
    } else if (zipRoll < 0.27) {
      const sameCity = [...(zipsByCity.get(a.city) ?? [])].filter((z) => z !== a.zip);
      const others = sameCity.length > 0 ? sameCity : allZips.filter((z) => z !== a.zip);
      if (others.length > 0) {
        zip = pick(others);
        damage.push('wrong ZIP');
      }
    } else if (zipRoll < 0.32 && a.zip[3] !== a.zip[4]) {
      zip = a.zip.slice(0, 3) + a.zip[4] + a.zip[3];
      damage.push('ZIP digits swapped');
    } else if (zipRoll < 0.4) {
      zip = `${a.zip}-${String(1000 + Math.floor(rand() * 9000))}`;
      damage.push('ZIP+4');
    }
    if (chance(0.25)) {
      const cityWords = a.city.split(' ');
      if (typoIn(cityWords)) {
        city = cityWords.join(' ');
        damage.push('city typo');
      }
    } else if (zip === a.zip && chance(0.1)) {
      city = undefined;
      damage.push('no city');
    }
    let state: string | undefined = a.state;
    if (chance(0.15) && STATE_NAMES[a.state] !== undefined) {
      state = STATE_NAMES[a.state];
      damage.push('state name');
    } else if (chance(0.1)) {
      state = undefined;
      damage.push('no state');
    }

    const caseStyle = pick(['upper', 'lower', 'title', 'title', 'mixed'] as const);
    const recase = (s: string): string => {
      if (caseStyle === 'upper') return s.toUpperCase();
      if (caseStyle === 'lower') return s.toLowerCase();
      if (caseStyle === 'title') return s.toLowerCase().replace(/\b[a-z]/g, (c) => c.toUpperCase());
      return [...s].map((c) => (rand() < 0.5 ? c.toLowerCase() : c.toUpperCase())).join('');
    };
    if (caseStyle !== 'upper') damage.push(`${caseStyle} case`);
    if (chance(0.15)) {
      street = `  ${street.replace(/ /g, '  ')} `;
      damage.push('extra spaces');
    }

    const input: RequestBody<'amsMatch'> = { street: recase(street) };
    if (secondaryField !== undefined) input.secondary = recase(secondaryField);
    if (city !== undefined) input.city = recase(city);
    if (state !== undefined) input.state = state.length === 2 ? state : recase(state);
    if (zip !== undefined) input.zip = zip;
    out.push({ input, expected: { ...a, secondary: expectedSecondary }, damage });
  }
  return out;
}
