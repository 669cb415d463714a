/** A deterministic set of addresses damaged the way people type them, for measuring match
 * quality (tests) and speed (benchmark): typos in the street or city, long suffixes and
 * directionals, missing or wrong ZIP, odd case and punctuation, units as `#5`, `APT 5`, … */
import type { AmsAddress, RequestBody } from '@vbi/protocol';

export interface DamagedAddress {
  input: RequestBody<'amsMatch'>;
  /** What the first candidate should be. */
  expected: AmsAddress;
  /** Labels of the damage done, for reports. */
  damage: string[];
}

/** Long forms of the suffixes that people spell out (Pub 28 C1 primary names). */
const SUFFIX_LONG: Record<string, string> = {
  ST: 'Street', AVE: 'Avenue', BLVD: 'Boulevard', DR: 'Drive', PL: 'Place', TER: 'Terrace', PLZ: 'Plaza',
  SQ: 'Square', RD: 'Road', CT: 'Court', LN: 'Lane', CIR: 'Circle', HWY: 'Highway', PKWY: 'Parkway',
  ALY: 'Alley', WAY: 'Way', PARK: 'Park', TRL: 'Trail', EXPY: 'Expressway',
};
const DIRECTION_LONG: Record<string, string> = {
  N: 'North', S: 'South', E: 'East', W: 'West', NE: 'Northeast', NW: 'Northwest', SE: 'Southeast', SW: 'Southwest',
};
const STATE_NAMES: Record<string, string> = {
  CA: 'California', NY: 'New York', TX: 'Texas', WA: 'Washington', OR: 'Oregon', IL: 'Illinois', FL: 'Florida',
  MA: 'Massachusetts', CO: 'Colorado', AZ: 'Arizona', GA: 'Georgia', DC: 'District of Columbia',
};
/** How a unit is typed → the designator the answer should carry when the data has none. */
const UNIT_FORMS: Array<[(v: string) => string, string]> = [
  [(v) => `#${v}`, '#'],
  [(v) => `# ${v}`, '#'],
  [(v) => `APT ${v}`, 'APT'],
  [(v) => `Apt. ${v}`, 'APT'],
  [(v) => `apt ${v}`, 'APT'],
  [(v) => `Unit ${v}`, 'UNIT'],
  [(v) => `Ste ${v}`, 'STE'],
];

/** mulberry32: small, fast, and the same sequence on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function damagedAddressSet(addresses: readonly AmsAddress[], count: number, seed: number): DamagedAddress[] {
  if (addresses.length === 0) return [];
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const chance = (p: number) => rand() < p;
  const zipsByCity = new Map<string, Set<string>>();
  for (const a of addresses) {
    const set = zipsByCity.get(a.city) ?? new Set<string>();
    set.add(a.zip);
    zipsByCity.set(a.city, set);
  }
  const allZips = [...new Set(addresses.map((a) => a.zip))].sort();

  /** One typing slip in a word of 4+ letters, never in its first letter. */
  const typo = (word: string): string => {
    const i = 1 + Math.floor(rand() * (word.length - 1));
    const op = Math.floor(rand() * 4);
    if (op === 0) return word.slice(0, i) + pick(LETTERS.split('').filter((c) => c !== word[i])) + word.slice(i + 1);
    if (op === 1) return word.slice(0, i) + word.slice(i + 1);
    if (op === 2 && i < word.length - 1) return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    return word.slice(0, i) + pick(LETTERS.split('')) + word.slice(i);
  };
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
    const suffix = streetWords.length >= 2 ? SUFFIX_LONG[streetWords[last]!] : undefined;
    const nameEnd = suffix !== undefined ? last : last + 1;

    if (chance(0.35)) {
      const name = streetWords.slice(0, nameEnd);
      if (typoIn(name)) {
        streetWords.splice(0, nameEnd, ...name);
        damage.push('street typo');
      }
    }
    if (suffix !== undefined) {
      if (chance(0.1)) {
        streetWords.splice(last, 1);
        damage.push('no suffix');
      } else if (chance(0.4)) {
        streetWords[last] = suffix;
        damage.push('long suffix');
      } else if (chance(0.2)) {
        streetWords[last] = `${streetWords[last]}.`;
        damage.push('suffix period');
      }
    }
    const dir = DIRECTION_LONG[streetWords[0]!];
    if (dir !== undefined && streetWords.length >= 2 && chance(0.4)) {
      streetWords[0] = dir;
      damage.push('long directional');
    }
    streetWords.forEach((w, i) => {
      if (/^[1-9](ST|ND|RD|TH)$/.test(w) && chance(0.4)) {
        streetWords[i] = `0${w}`;
        damage.push('zero-padded number');
      }
    });

    let street = [...words.slice(0, numberWords), ...streetWords].join(' ');
    let secondaryField: string | undefined;
    let expectedSecondary = a.secondary;
    const unitMatch = /^(\S+) (.+)$/.exec(a.secondary);
    if (unitMatch) {
      const [, designator, value] = unitMatch as unknown as [string, string, string];
      const [form, typedDesignator] = pick(UNIT_FORMS);
      // A bare value ("5") only in the unit field: on the street line it would be a guess.
      const bare = chance(0.2);
      const typed = bare ? value : form(value);
      if (designator === '#') expectedSecondary = `${bare ? '#' : typedDesignator} ${value}`;
      if (bare || chance(0.5)) secondaryField = typed;
      else street = `${street}${chance(0.5) ? ',' : ''} ${typed}`;
      damage.push(`unit ${typed}`);
    } else if (a.secondary !== '') {
      secondaryField = a.secondary; // a designator without value, e.g. REAR
    }

    let city: string | undefined = a.city;
    let zip: string | undefined = a.zip;
    const zipRoll = rand();
    if (zipRoll < 0.2) {
      zip = undefined;
      damage.push('no ZIP');
    } else if (zipRoll < 0.35) {
      const sameCity = [...(zipsByCity.get(a.city) ?? [])].filter((z) => z !== a.zip);
      const others = sameCity.length > 0 ? sameCity : allZips.filter((z) => z !== a.zip);
      if (others.length > 0) {
        zip = pick(others);
        damage.push('wrong ZIP');
      }
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
