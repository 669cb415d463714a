/**
 * A whole address typed into the street field (`650 Turk St, San Francisco, CA 94102`, or the
 * same without commas): split into the delivery line, city, state and ZIP, so the matcher can use
 * them when the city, state and ZIP fields were left empty.
 */
export interface AddressParts {
  street: string;
  city: string;
  state: string;
  zip: string;
}

export interface WordTests {
  /** A state name or abbreviation (`CA`, `California`, `New York`) → its abbreviation. */
  state(words: string): string | undefined;
  /** Whether the word is a street suffix in any Pub 28 spelling. */
  isSuffix(word: string): boolean;
  /** The primary city of a ZIP in the ZIP reference (upper case). */
  cityOfZip(zip: string): string | undefined;
}

const ZIP = /^[0-9]{5}(?:-?[0-9]{4})?$/;

/** The parts of a whole address, or null when the text reads as a delivery line only. */
export function splitWholeAddress(text: string, words: WordTests): AddressParts | null {
  const commaParts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const tokens = text.replace(/,/g, ' ').trim().split(/\s+/);
  let zip = '';
  if (tokens.length > 2 && ZIP.test(tokens.at(-1)!)) zip = tokens.pop()!;
  let state = '';
  for (const n of [2, 1]) {
    if (tokens.length <= n + 1) continue;
    const found = words.state(tokens.slice(-n).join(' '));
    if (found !== undefined) {
      state = found;
      tokens.splice(-n, n);
      break;
    }
  }
  if (commaParts.length >= 2) {
    // `line, city[, state zip]`: the city is the second part, less what was read as state and ZIP.
    const line = commaParts[0]!;
    const lineWords = line.split(/\s+/).length;
    const city = tokens.slice(lineWords).join(' ');
    return { street: line, city, state, zip };
  }
  if (zip === '' && state === '') return null;
  // No commas: the city follows the first street suffix after the name (`650 Turk St San
  // Francisco CA`); the first, as city names may end in one (`Menlo Park`).
  let cut = -1;
  for (let i = 2; i < tokens.length; i++) {
    if (words.isSuffix(tokens[i]!.toUpperCase().replace(/\.$/, ''))) {
      cut = i;
      break;
    }
  }
  if (cut < 0) {
    // No suffix (`2228 Broadway Oakland CA 94612`): the ZIP's own city, if the text ends with it.
    const city = zip === '' ? undefined : words.cityOfZip(zip.slice(0, 5))?.split(' ');
    const tail = city === undefined ? '' : tokens.slice(-city.length).join(' ').toUpperCase();
    if (city !== undefined && tokens.length > city.length + 1 && tail === city.join(' ')) {
      return { street: tokens.slice(0, -city.length).join(' '), city: city.join(' '), state, zip };
    }
    return { street: tokens.join(' '), city: '', state, zip };
  }
  return { street: tokens.slice(0, cut + 1).join(' '), city: tokens.slice(cut + 1).join(' '), state, zip };
}
