// Character tokenisation by a dataset's own vocabulary: the names set's letters, case, unknown characters,
// truncation to the model's length, and a vocabulary that is not a–z.
import { expect, test } from 'vitest';
import { encodeCharacters } from './characters.ts';

const names = ['.', ...'abcdefghijklmnopqrstuvwxyz'];

test('a name becomes the start token, its letters and padding', () => {
  const { tokens, used } = encodeCharacters('Ada', names, 6);
  expect(Array.from(tokens)).toEqual([0, 1, 4, 1, 0, 0]);
  expect(used).toBe(3);
});

test('characters outside the vocabulary are left out, and long text is cut to the length', () => {
  expect(Array.from(encodeCharacters('o-k 1!', names, 4).tokens)).toEqual([0, 15, 11, 0]);
  const long = encodeCharacters('abcdefgh', names, 4);
  expect(Array.from(long.tokens)).toEqual([0, 1, 2, 3]);
  expect(long.used).toBe(3);
  // The start marker itself is never read from the text.
  expect(Array.from(encodeCharacters('a.b', names, 4).tokens)).toEqual([0, 1, 2, 0]);
});

test('the ids come from the given vocabulary, not from the alphabet', () => {
  const vocab = ['<s>', 'x', 'É', 'a'];
  expect(Array.from(encodeCharacters('aÉxé', vocab, 5).tokens)).toEqual([0, 3, 2, 1, 0]);
});
