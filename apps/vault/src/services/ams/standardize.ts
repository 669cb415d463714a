/** Publication 28 standardisation of address parts: upper case, no punctuation, standard suffix,
 * directional, unit-designator and state abbreviations, numbered streets without zero padding.
 * The same code standardises imported address points and typed input, so they compare equal. */
import type { Pub28Tables } from '../reference/pub28.ts';
import { editDistance } from './text-distance.ts';

export interface StreetParts {
  predir: string;
  name: string;
  suffix: string;
  postdir: string;
}

export interface UnitParts {
  /** Approved abbreviation (`APT`), `#`, or '' when only a value was written. */
  designator: string;
  value: string;
}

export interface DeliveryLine {
  number: string;
  street: StreetParts;
  unit: UnitParts | null;
  /** The last street word as typed when it was read as a suffix (for `LAKE SHORE` style names). */
  suffixWord: string;
  /** How many misspelled suffix or directional words this reading took as the nearest Pub 28 word. */
  corrected: number;
}

/** Spelled-out directionals a misspelling can be close to (a one-letter one cannot). */
const LONG_DIRECTIONALS = ['NORTH', 'SOUTH', 'EAST', 'WEST', 'NORTHEAST', 'NORTHWEST', 'SOUTHEAST', 'SOUTHWEST'];
/** Words shorter than this are never taken as a misspelled suffix or directional. */
const MIN_FUZZY_LENGTH = 4;
/** At most this many Pub 28 words are tried for one misspelled word. */
const MAX_GUESSES = 3;

/** County street-type codes in assessor data (e.g. Alameda County) that Pub 28 C1 lacks. */
const COUNTY_TYPE_CODES: ReadonlyMap<string, string> = new Map([
  ['BL', 'BLVD'],
  ['TR', 'TER'],
  ['TE', 'TER'],
  ['PZ', 'PLZ'],
  ['WY', 'WAY'],
]);

const ORDINAL_WORDS: ReadonlyMap<string, string> = new Map(
  (
    'FIRST 1ST,SECOND 2ND,THIRD 3RD,FOURTH 4TH,FIFTH 5TH,SIXTH 6TH,SEVENTH 7TH,EIGHTH 8TH,NINTH 9TH,' +
    'TENTH 10TH,ELEVENTH 11TH,TWELFTH 12TH,THIRTEENTH 13TH,FOURTEENTH 14TH,FIFTEENTH 15TH,' +
    'SIXTEENTH 16TH,SEVENTEENTH 17TH,EIGHTEENTH 18TH,NINETEENTH 19TH,TWENTIETH 20TH'
  )
    .split(',')
    .map((pair) => pair.split(' ') as [string, string]),
);

const NUMBER_TOKEN = /^[0-9][0-9A-Z\-]*$/;
const FRACTION_TOKEN = /^[0-9]\/[0-9]{1,2}$/;
const LETTER_TOKEN = /^[A-Z]$/;
const DIGITS = /^[0-9]+$/;

/** `769-A` → `769A`: a letter suffix is written against the number (Pub 28 form). */
const joinLetter = (number: string) => number.replace(/^([0-9]+)-([A-Z])$/, '$1$2');

/** Upper case, `#` split off, punctuation dropped (hyphens and fraction slashes kept). */
export function addressTokens(text: string): string[] {
  return text
    .toUpperCase()
    .replace(/#/g, ' # ')
    .replace(/[.'’`]/g, '')
    .replace(/[^A-Z0-9#\/\- ]/g, ' ')
    .split(/\s+/)
    .filter((t) => t !== '' && t !== '-');
}

export class Standardizer {
  /** Suffix spellings long enough to be misspelled recognisably. */
  private readonly longSuffixes: string[];

  constructor(private readonly tables: Pub28Tables) {
    this.longSuffixes = [...tables.suffixes.keys()].filter((s) => s.length >= MIN_FUZZY_LENGTH);
  }

  suffixAbbr(word: string): string | undefined {
    return this.tables.suffixes.get(word)?.abbr ?? COUNTY_TYPE_CODES.get(word);
  }

  /** The abbreviation of a state name or abbreviation (`California`, `CA`), if it is one. */
  stateAbbr(text: string): string | undefined {
    return this.tables.states.get(addressTokens(text).join(' '));
  }

  /** The suffixes a misspelled word may be (`STRET`, `AVTNUE` → ST, AVE; `STREETT` → ST or STS),
   * closest first; none when the word is a spelling already, or nothing is that close. */
  suffixesNear(word: string): string[] {
    if (this.suffixAbbr(word) !== undefined) return [];
    return nearest(word, this.longSuffixes, (s) => this.tables.suffixes.get(s)!.abbr);
  }

  /** The directionals a misspelled spelled-out one may be (`NOTHWEST` → NW; `AEST` → E or W). */
  directionalsNear(word: string): string[] {
    if (this.tables.directionals.has(word)) return [];
    return nearest(word, LONG_DIRECTIONALS, (d) => this.tables.directionals.get(d)!);
  }

  /** `650 Turk Street Apt. 5` → number, street parts and unit; none when no house number leads.
   * Every reading: one, or two when a single letter follows the number (`769 A Tehama St` is
   * 769A on Tehama, `1749 M L King Jr Way` is 1749 on M L King), the number's letter first. */
  deliveryLines(text: string): DeliveryLine[] {
    const tokens = addressTokens(text);
    const first = tokens[0];
    if (first === undefined || !NUMBER_TOKEN.test(first)) return [];
    let number = joinLetter(first);
    let rest = tokens.slice(1);
    if (rest[0] !== undefined && FRACTION_TOKEN.test(rest[0])) {
      number = `${number} ${rest[0]}`;
      rest = rest.slice(1);
    }
    const { tokens: streetTokens, unit } = this.splitUnit(rest);
    if (streetTokens.length === 0) return [];
    const reading = (n: string, words: string[]): DeliveryLine => {
      const { parts, suffixWord } = this.streetFromTokens(words);
      return { number: n, street: parts, unit, suffixWord, corrected: 0 };
    };
    const lines = [reading(number, streetTokens)];
    if (DIGITS.test(number) && this.isNumberLetter(streetTokens)) {
      lines.unshift(reading(number + streetTokens[0], streetTokens.slice(1)));
    }
    // A misspelled suffix or directional (`650 TURK STRET`, `… NOTHWEST`) is also read as each
    // nearest Pub 28 word (the data decides between `AEST` = E or W); the matcher charges for it.
    const seen = new Set(lines.map((l) => formatStreet(l.street)));
    for (let choice = 0; choice < MAX_GUESSES; choice++) {
      const fuzzy = this.streetFromTokens(streetTokens, choice);
      const key = formatStreet(fuzzy.parts);
      if (fuzzy.corrected === 0 || seen.has(key)) continue;
      seen.add(key);
      lines.push({ number, street: fuzzy.parts, unit, suffixWord: fuzzy.suffixWord, corrected: fuzzy.corrected });
    }
    return lines;
  }

  /** The house number of an address record (`769 A`, `769-a`, `12 1/2`) in the form that
   * `deliveryLines` reads from typed input; '' when it does not start with a digit. */
  houseNumber(text: string): string {
    const [first, ...rest] = addressTokens(text);
    if (first === undefined || !/^[0-9]/.test(first)) return '';
    const number = joinLetter(first);
    if (rest.length === 1 && LETTER_TOKEN.test(rest[0]!) && DIGITS.test(number)) return number + rest[0];
    return [number, ...rest].join(' ');
  }

  /** Street parts of a street name without number (`E 12th Street` → E / 12TH / ST). */
  street(text: string): StreetParts {
    return this.streetFromTokens(addressTokens(text)).parts;
  }

  /** `Apt. 5`, `#5`, `unit 5`, `5`, `Basement` → designator and value. */
  unit(text: string): UnitParts | null {
    const tokens = addressTokens(text);
    const head = tokens[0];
    if (head === undefined) return null;
    if (tokens.length === 1) {
      const glued = this.gluedUnit(head);
      if (glued !== null) return glued;
    }
    if (head === '#') return tokens.length > 1 ? { designator: '#', value: tokens.slice(1).join(' ') } : null;
    const designator = this.tables.units.get(head);
    if (designator && (tokens.length > 1 || !designator.requiresRange)) {
      const value = tokens.slice(1).filter((t) => t !== '#').join(' ');
      return { designator: designator.abbr, value };
    }
    return { designator: '', value: tokens.filter((t) => t !== '#').join(' ') };
  }

  city(text: string): string {
    return addressTokens(text.replace(/#/g, ' ')).join(' ');
  }

  /** Two-letter abbreviation for a state name or abbreviation; the upper-cased input otherwise. */
  state(text: string): string {
    const key = addressTokens(text).join(' ');
    return this.tables.states.get(key) ?? key;
  }

  /** The 5-digit ZIP of `94102`, `94102-1234` or `941021234`; null when not a ZIP. */
  zip(text: string): string | null {
    const m = /^\s*([0-9]{5})(?:-?[0-9]{4})?\s*$/.exec(text);
    return m ? m[1]! : null;
  }

  /** Finds a unit at the end of the delivery line: `… ST APT 5`, `… ST # 309 A`, `… ST REAR`,
   * or a bare `… ST 5` / `… AVE D` after the suffix. At least one street word stays before it. */
  private splitUnit(tokens: string[]): { tokens: string[]; unit: UnitParts | null } {
    const n = tokens.length;
    const isSuffix = (w: string | undefined) => w !== undefined && this.suffixAbbr(w) !== undefined;
    // A designator (or #) followed by one or two value words that are not street words.
    for (let i = n - 2; i >= Math.max(1, n - 3); i--) {
      const values = tokens.slice(i + 1);
      if (values.some((v) => isSuffix(v) || v === '#')) break;
      const head = tokens[i]!;
      const value = values.join(' ');
      if (head === '#') {
        // `APT # 5`: the designator before the `#` is the unit's.
        const before = i >= 2 ? this.tables.units.get(tokens[i - 1]!) : undefined;
        if (before?.requiresRange) return { tokens: tokens.slice(0, i - 1), unit: { designator: before.abbr, value } };
        return { tokens: tokens.slice(0, i), unit: { designator: '#', value } };
      }
      const d = this.tables.units.get(head);
      if (d?.requiresRange) return { tokens: tokens.slice(0, i), unit: { designator: d.abbr, value } };
    }
    const last = tokens[n - 1];
    if (n >= 2 && last === '#') return { tokens: tokens.slice(0, n - 1), unit: null };
    const glued = n >= 2 && last !== undefined ? this.gluedUnit(last) : null;
    if (glued !== null) return { tokens: tokens.slice(0, n - 1), unit: glued };
    if (n >= 3 && last !== undefined && isSuffix(tokens[n - 2])) {
      const d = this.tables.units.get(last);
      if (d && !d.requiresRange) return { tokens: tokens.slice(0, n - 1), unit: { designator: d.abbr, value: '' } };
      if (/^(?:[0-9]+[A-Z]?|[A-DF-MO-RT-VX-Z])$/.test(last)) {
        return { tokens: tokens.slice(0, n - 1), unit: { designator: '', value: last } };
      }
    }
    return { tokens, unit: null };
  }

  /** `APT5`, `STE200B`: a designator that takes a value, written against its value. */
  private gluedUnit(token: string): UnitParts | null {
    const m = /^([A-Z]{2,9})([0-9][0-9A-Z]*)$/.exec(token);
    const d = m ? this.tables.units.get(m[1]!) : undefined;
    return m && d?.requiresRange ? { designator: d.abbr, value: m[2]! } : null;
  }

  /** `A TEHAMA ST` after the number: the letter belongs to the number (`769A`), unless it is a
   * directional or the street's whole name (`12 B ST`). */
  private isNumberLetter(streetTokens: string[]): boolean {
    const [letter, next, ...more] = streetTokens;
    if (letter === undefined || next === undefined || !LETTER_TOKEN.test(letter)) return false;
    if (this.tables.directionals.has(letter)) return false;
    return more.length > 0 || this.suffixAbbr(next) === undefined;
  }

  /** Street parts from its words; with a `guess` (0, 1, …) a misspelled suffix or directional is
   * also taken as its guess-th nearest Pub 28 word (and counted in `corrected`). */
  private streetFromTokens(input: string[], guess?: number): { parts: StreetParts; suffixWord: string; corrected: number } {
    const fuzzy = guess !== undefined;
    const t = [...input];
    let predir = '';
    let postdir = '';
    let suffix = '';
    let suffixWord = '';
    let corrected = 0;
    const exactOrNear = (w: string | undefined, exact: (w: string) => string | undefined, near: (w: string) => string[]): string | undefined => {
      if (w === undefined) return undefined;
      const found = exact(w);
      if (found !== undefined || guess === undefined) return found;
      const guesses = near(w);
      if (guesses.length === 0) return undefined;
      corrected += 1;
      return guesses[Math.min(guess, guesses.length - 1)];
    };
    const dir = (w: string | undefined) => exactOrNear(w, (x) => this.tables.directionals.get(x), (x) => this.directionalsNear(x));
    const suffixOf = (w: string | undefined) => exactOrNear(w, (x) => this.suffixAbbr(x), (x) => this.suffixesNear(x));
    if (t.length >= 3 && this.tables.directionals.has(t[t.length - 1]!) && this.suffixAbbr(t[t.length - 2]!) !== undefined) {
      postdir = this.tables.directionals.get(t.pop()!)!;
    } else if (fuzzy && t.length >= 3 && this.suffixAbbr(t[t.length - 2]!) !== undefined) {
      const near = dir(t[t.length - 1]);
      if (near !== undefined) {
        postdir = near;
        t.pop();
      }
    }
    if (t.length >= 2) {
      const abbr = suffixOf(t[t.length - 1]);
      if (abbr !== undefined) {
        suffixWord = t.pop()!;
        suffix = abbr;
      }
    }
    if (t.length >= 2) {
      const d = dir(t[0]);
      if (d !== undefined) {
        predir = d;
        t.shift();
      }
    }
    if (!postdir && t.length >= 2) {
      const d = dir(t[t.length - 1]);
      if (d !== undefined) {
        postdir = d;
        t.pop();
      }
    }
    const name = t.map((w) => ORDINAL_WORDS.get(w) ?? w.replace(/^0+(?=[0-9]+(?:ST|ND|RD|TH)$)/, '')).join(' ');
    return { parts: { predir, name, suffix, postdir }, suffixWord, corrected };
  }
}

/** What the entries of `words` within one edit of `word` (two for 7+ letters) mean, closest first;
 * none when more than MAX_GUESSES things are that close (the word is no misspelling of one). */
function nearest(word: string, words: readonly string[], meaning: (w: string) => string): string[] {
  if (word.length < MIN_FUZZY_LENGTH || !/^[A-Z]+$/.test(word)) return [];
  const max = word.length >= 7 ? 2 : 1;
  const byDistance = new Map<string, number>();
  for (const w of words) {
    const d = editDistance(word, w, max);
    const m = meaning(w);
    if (d <= max && d < (byDistance.get(m) ?? Infinity)) byDistance.set(m, d);
  }
  if (byDistance.size > MAX_GUESSES) return [];
  return [...byDistance].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).map(([m]) => m);
}

/** `E 12TH ST` */
export function formatStreet(p: StreetParts): string {
  return [p.predir, p.name, p.suffix, p.postdir].filter((s) => s !== '').join(' ');
}

/** `APT 5`, `# 5`, `REAR`, or '' (a bare value gets Pub 28's `#`). */
export function formatUnit(u: UnitParts | null): string {
  if (u === null || (u.designator === '' && u.value === '')) return '';
  const designator = u.designator === '' ? '#' : u.designator;
  return u.value === '' ? designator : `${designator} ${u.value}`;
}
