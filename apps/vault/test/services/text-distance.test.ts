import assert from 'node:assert/strict';
import { test } from 'node:test';
import { editDistance, similarity, similarityAtLeast, trigrams } from '../../src/services/ams/text-distance.ts';

test('edit distance counts insertions, deletions, substitutions and adjacent swaps as one each', () => {
  assert.equal(editDistance('MISSION', 'MISSION'), 0);
  assert.equal(editDistance('MISSION', 'MISION'), 1);
  assert.equal(editDistance('MISSION', 'MISSIONS'), 1);
  assert.equal(editDistance('MISSION', 'MASSION'), 1);
  assert.equal(editDistance('VAN NESS', 'VAN NSES'), 1, 'a transposition');
  assert.equal(editDistance('', 'ABC'), 3);
  assert.equal(editDistance('KITTEN', 'SITTING'), 3);
});

test('edit distance gives up past its limit, and handles names longer than its first buffers', () => {
  assert.equal(editDistance('ABCDEFGH', 'ZYXWVUTS', 2), 3, 'max + 1 once hopeless');
  assert.equal(editDistance('A', 'ABCDEF', 2), 3, 'length difference alone is over the limit');
  const long = 'MARTIN LUTHER KING JUNIOR WAY '.repeat(4);
  assert.equal(editDistance(long, `${long}X`), 1);
  assert.equal(editDistance(`${long}AB`, `${long}BA`), 1);
  assert.equal(editDistance('ABC', 'ACB'), 1, 'short strings after a long one still start from clean rows');
});

test('similarity is 1 for equal text and falls with the distance; similarityAtLeast cuts below its floor', () => {
  assert.equal(similarity('TURK', 'TURK'), 1);
  assert.equal(similarity('TURK', 'TRUK'), 0.75);
  assert.equal(similarityAtLeast('TURK', 'TRUK', 0.6), 0.75);
  assert.equal(similarityAtLeast('TURK', 'OAK', 0.6), 0);
  assert.deepEqual(trigrams('AB'), ['  A', ' AB', 'AB ']);
});
