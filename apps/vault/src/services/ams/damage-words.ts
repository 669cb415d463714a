/** Damage the main set (damage.ts) leaves out, kept apart so that set (and the benchmark's) stays
 * as it was: a misspelled suffix (`650 Turk Stret`, `Grand Avtnue`), a misspelled spelled-out
 * directional (`Eadt 18th St`), and the whole address typed into the street field. */
import type { AmsAddress } from '@vbi/protocol';
import { type DamagedAddress, DIRECTION_LONG, prng, SUFFIX_LONG, typoMaker } from './damage.ts';

export function misspelledWordSet(addresses: readonly AmsAddress[], count: number, seed: number, isSuffix: (word: string) => boolean): DamagedAddress[] {
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const typo = typoMaker(rand);
  const whole = addresses.filter((a) => a.secondary === '');
  const withLongSuffix = whole.filter((a) => SUFFIX_LONG[a.street.split(' ').at(-1)!] !== undefined && a.street.split(' ').length >= 3);
  const withDirectional = whole.filter((a) => DIRECTION_LONG[a.street.split(' ')[1]!] !== undefined && a.street.split(' ').length >= 4);
  const out: DamagedAddress[] = [];
  for (let n = 0; n < count; n++) {
    const kind = n % 3;
    if (kind === 0 && withLongSuffix.length > 0) {
      const a = pick(withLongSuffix);
      const words = a.street.split(' ');
      const long = SUFFIX_LONG[words.at(-1)!]!.toUpperCase();
      let typed = typo(long);
      for (let tries = 0; isSuffix(typed) && tries < 5; tries++) typed = typo(long); // a slip, not another suffix
      if (isSuffix(typed)) continue;
      words[words.length - 1] = typed;
      out.push({ input: { street: words.join(' '), city: a.city, state: a.state, zip: a.zip }, expected: a, damage: ['suffix typo'] });
    } else if (kind === 1 && withDirectional.length > 0) {
      const a = pick(withDirectional);
      const words = a.street.split(' ');
      words[1] = typo(DIRECTION_LONG[words[1]!]!.toUpperCase(), true);
      out.push({ input: { street: words.join(' '), city: a.city, state: a.state, zip: a.zip }, expected: a, damage: ['directional typo'] });
    } else {
      const a = pick(whole);
      const commas = rand() < 0.5;
      const street = commas ? `${a.street}, ${a.city}, ${a.state} ${a.zip}` : `${a.street} ${a.city} ${a.state} ${a.zip}`;
      out.push({ input: { street }, expected: a, damage: [commas ? 'whole address in street' : 'whole address in street, no commas'] });
    }
  }
  return out;
}
