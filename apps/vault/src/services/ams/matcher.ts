/** Address matching (SPEC §3.3 `amsMatch`): standardise the input, gather street groups whose
 * name is equal or close, score each group by what had to change, and answer the best ten. */
import type { AmsMatchCandidate, RequestBody, ResponseBody } from '@vbi/protocol';
import type { ZipDirectory } from '../reference/zip-ref.ts';
import { type AddressIndex, type StreetGroup, unitKey } from './address-index.ts';
import { type DeliveryLine, formatStreet, formatUnit, type Standardizer, type UnitParts } from './standardize.ts';
import { similarity, similarityAtLeast } from './text-distance.ts';
import { splitWholeAddress } from './whole-address.ts';

type MatchType = AmsMatchCandidate['matchType'];

/** Match types from mildest to most severe; a candidate carries the most severe that applies. */
const SEVERITY: Record<MatchType, number> = {
  exact: 0,
  standardized: 1,
  zip_corrected: 2,
  city_corrected: 3,
  street_corrected: 4,
  number_not_found: 5,
};

/** What each difference costs; a candidate's score is 1 minus the sum. */
const COST = {
  nameEdit: 0.6, // × (1 − similarity of the street names)
  suffixMissing: 0.03,
  suffixWrong: 0.1,
  directionalMissing: 0.09,
  directionalWrong: 0.08,
  zipMissing: 0.03,
  zipInvalid: 0.05,
  zipWrong: 0.08,
  cityMissing: 0.01,
  cityClose: 0.04,
  cityWrong: 0.1,
  stateWrong: 0.05,
  numberNotFound: 0.3,
  unitUnknown: 0.05,
  unitMissing: 0.03,
  /** A misspelled suffix or directional read as the nearest Pub 28 word, per word. */
  wordMisspelled: 0.04,
  standardization: 0.01,
};
const MIN_SCORE = 0.45;
const MIN_NAME_SIMILARITY = 0.6;
const CLOSE_CITY = 0.75;
const AMBIGUITY_MARGIN = 0.03;
const MAX_CANDIDATES = 10;
const FUZZY_NAMES = 40;
/** When the input names a ZIP or city, every street there is compared (if there are not too many). */
const LOCAL_NAME_LIMIT = 3000;

interface Input {
  line: DeliveryLine;
  unit: UnitParts | null;
  city: string;
  state: string;
  zip: string | null;
  zipGiven: boolean;
  raw: { line: string; city: string; state: string; zip: string };
}

interface Scored {
  candidate: AmsMatchCandidate;
  severity: number;
  groupKey: string;
  found: boolean;
}

const collapse = (s: string | undefined) => (s ?? '').toUpperCase().replace(/\s+/g, ' ').trim();

export function matchAddress(
  index: AddressIndex,
  std: Standardizer,
  zipDir: ZipDirectory,
  request: RequestBody<'amsMatch'>,
): ResponseBody<'amsMatch'> {
  const body = withWholeAddress(request, std, zipDir);
  const zip5 = body.zip ? std.zip(body.zip) : null;
  const known = zip5 === null ? undefined : zipDir.zips.get(zip5);
  const zipInfo = known && zip5 ? { zipInfo: { zip: zip5, city: known.city, state: known.state } } : {};
  const lines = std.deliveryLines(body.street);
  if (lines.length === 0) return { status: 'not_found', candidates: [], ...zipInfo };
  const secondary = body.secondary?.trim() ? std.unit(body.secondary) : null;
  const common: Omit<Input, 'line' | 'unit'> = {
    city: body.city ? std.city(body.city) : '',
    state: body.state ? std.state(body.state) : '',
    zip: zip5,
    zipGiven: (body.zip ?? '').trim() !== '',
    raw: {
      line: collapse(`${body.street} ${body.secondary ?? ''}`),
      city: collapse(body.city),
      state: collapse(body.state),
      zip: (body.zip ?? '').trim().slice(0, 5),
    },
  };

  const scored: Scored[] = [];
  for (const line of lines) {
    const input: Input = { ...common, line, unit: secondary ?? line.unit };
    for (const [nameId, nameSim, suffixAbsorbed] of candidateNames(index, input)) {
      for (const groupId of index.nameGroups[nameId]!) {
        const s = scoreGroup(index.groups[groupId]!, nameSim, suffixAbsorbed, input, zipDir);
        if (s !== null) scored.push(s);
      }
    }
  }
  scored.sort(
    (a, b) =>
      b.candidate.score - a.candidate.score ||
      a.severity - b.severity ||
      a.candidate.address.street.localeCompare(b.candidate.address.street) ||
      a.candidate.address.zip.localeCompare(b.candidate.address.zip),
  );
  // One candidate per address; a street where the number exists hides the same street's
  // "number not found" guesses.
  const foundStreets = new Set(scored.filter((s) => s.found).map((s) => s.groupKey));
  const seen = new Set<string>();
  const candidates: AmsMatchCandidate[] = [];
  for (const s of scored) {
    const a = s.candidate.address;
    const key = `${a.street}|${a.secondary}|${a.city}|${a.zip}`;
    if (seen.has(key) || (!s.found && foundStreets.has(s.groupKey))) continue;
    seen.add(key);
    candidates.push(s.candidate);
    if (candidates.length === MAX_CANDIDATES) break;
  }
  return { status: statusOf(candidates), candidates, ...zipInfo };
}

/** A whole address typed into the street field, with city and ZIP left empty, is split into its parts. */
function withWholeAddress(body: RequestBody<'amsMatch'>, std: Standardizer, zipDir: ZipDirectory): RequestBody<'amsMatch'> {
  if ((body.city ?? '').trim() !== '' || (body.zip ?? '').trim() !== '') return body;
  const parts = splitWholeAddress(body.street, {
    state: (w) => std.stateAbbr(w),
    isSuffix: (w) => std.suffixAbbr(w) !== undefined,
    cityOfZip: (zip) => zipDir.zips.get(zip)?.city,
  });
  if (parts === null || parts.street === '') return body;
  return {
    ...body,
    street: parts.street,
    ...(parts.city ? { city: parts.city } : {}),
    ...(parts.state && !(body.state ?? '').trim() ? { state: parts.state } : {}),
    ...(parts.zip ? { zip: parts.zip } : {}),
  };
}

function statusOf(candidates: AmsMatchCandidate[]): ResponseBody<'amsMatch'>['status'] {
  const [best, second] = candidates;
  if (best === undefined) return 'not_found';
  if (best.matchType === 'exact') return 'exact';
  if (best.matchType === 'number_not_found') return 'ambiguous';
  if (second && second.matchType !== 'number_not_found' && best.score - second.score < AMBIGUITY_MARGIN) {
    return 'ambiguous';
  }
  return 'corrected';
}

/** [name id, similarity, whether the typed "suffix" is really the last word of the name]. */
function candidateNames(index: AddressIndex, input: Input): Array<[number, number, boolean]> {
  const name = input.line.street.name;
  const out = new Map<number, [number, number, boolean]>();
  const tried = new Set<string>();
  const consider = (id: number, absorbed: boolean, target: string) => {
    const key = `${id}|${absorbed}`;
    if (tried.has(key)) return;
    tried.add(key);
    const sim = similarityAtLeast(target, index.names[id]!, MIN_NAME_SIMILARITY);
    const prev = out.get(id);
    if (sim > 0 && (prev === undefined || sim > prev[1])) out.set(id, [id, sim, absorbed]);
  };
  const exact = index.nameId(name);
  if (exact !== undefined) consider(exact, false, name);
  if (input.line.suffixWord !== '') {
    const joined = `${name} ${input.line.suffixWord}`;
    const id = index.nameId(joined);
    if (id !== undefined) consider(id, true, joined);
    else for (const similar of index.similarNames(joined, FUZZY_NAMES)) consider(similar, true, joined);
  }
  for (const id of index.similarNames(name, FUZZY_NAMES)) consider(id, false, name);
  const local = [input.zip ? index.byZip.get(input.zip) : undefined, ...citiesLike(index, input.city).map((c) => index.byCity.get(c))];
  for (const groups of local) {
    if (groups === undefined || groups.length > LOCAL_NAME_LIMIT) continue;
    for (const g of groups) {
      const id = index.nameId(index.groups[g]!.parts.name);
      if (id !== undefined) consider(id, false, name);
    }
  }
  return [...out.values()];
}

/** The indexed city names equal or close to the typed one (a mistyped city still narrows the search). */
function citiesLike(index: AddressIndex, city: string): string[] {
  if (city === '') return [];
  if (index.byCity.has(city)) return [city];
  return [...index.byCity.keys()].filter((c) => similarity(city, c) >= CLOSE_CITY);
}

function scoreGroup(g: StreetGroup, nameSim: number, suffixAbsorbed: boolean, input: Input, zipDir: ZipDirectory): Scored | null {
  let cost = 0;
  let severity = SEVERITY.standardized;
  const worse = (t: MatchType) => {
    severity = Math.max(severity, SEVERITY[t]);
  };
  const street = input.line.street;

  if (nameSim < 1) {
    cost += COST.nameEdit * (1 - nameSim);
    worse('street_corrected');
  }
  if (input.line.corrected > 0) {
    cost += COST.wordMisspelled * input.line.corrected;
    worse('street_corrected');
  }
  const typedSuffix = suffixAbsorbed ? '' : street.suffix;
  if (typedSuffix === '' && g.parts.suffix !== '') cost += COST.suffixMissing;
  else if (typedSuffix !== g.parts.suffix) {
    cost += COST.suffixWrong;
    worse('street_corrected');
  }
  for (const [typed, actual] of [
    [street.predir, g.parts.predir],
    [street.postdir, g.parts.postdir],
  ] as const) {
    if (typed === actual) continue;
    cost += typed === '' ? COST.directionalMissing : COST.directionalWrong;
    worse('street_corrected');
  }

  const zipRight = input.zip === g.zip;
  if (!zipRight) {
    cost += input.zip !== null ? COST.zipWrong : input.zipGiven ? COST.zipInvalid : COST.zipMissing;
    // A ZIP left empty and filled in is a completion, not a correction.
    if (input.zipGiven) worse('zip_corrected');
  }
  if (input.city === '') cost += COST.cityMissing;
  else if (input.city !== g.city && input.city !== zipDir.zips.get(g.zip)?.city) {
    cost += similarity(input.city, g.city) >= CLOSE_CITY ? COST.cityClose : COST.cityWrong;
    worse('city_corrected');
  }
  if (input.state !== '' && input.state !== g.state) {
    cost += COST.stateWrong;
    worse('city_corrected');
  }

  const units = g.numbers.get(input.line.number);
  let unit = input.unit;
  let unitMissing = false;
  if (units === undefined) {
    cost += COST.numberNotFound;
    worse('number_not_found');
  } else if (unit !== null) {
    const known = units.get(unitKey(unit.designator, unit.value));
    if (known !== undefined) unit = { designator: known.designator || unit.designator, value: known.value };
    else if (!(units.size === 1 && units.has(''))) cost += COST.unitUnknown; // units known, this one not
  } else if (!units.has('')) {
    cost += COST.unitMissing;
    unitMissing = true;
  }

  const address = {
    street: `${input.line.number} ${formatStreet(g.parts)}`,
    secondary: formatUnit(unit),
    city: g.city,
    state: g.state,
    zip: g.zip,
  };
  const exact =
    cost === 0 &&
    input.raw.line === `${address.street} ${address.secondary}`.trim() &&
    input.raw.city === address.city &&
    input.raw.state === address.state &&
    input.raw.zip === address.zip;
  if (exact) severity = SEVERITY.exact;
  else if (severity === SEVERITY.standardized) cost += COST.standardization;

  const score = Math.round(Math.max(0, 1 - cost) * 1000) / 1000;
  if (score < MIN_SCORE) return null;
  const matchType = (Object.keys(SEVERITY) as MatchType[]).find((t) => SEVERITY[t] === severity)!;
  return {
    candidate: { address, matchType, score, ...(unitMissing ? { unitMissing: true as const } : {}) },
    severity,
    groupKey: `${g.street}|${g.city}`,
    found: units !== undefined,
  };
}
