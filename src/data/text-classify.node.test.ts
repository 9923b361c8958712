// Typed text encoded for a word-level classifier as its pack was: a sequence keeps its first N known words, a bag
// of words marks each known word once, and a model that does not read words is refused with a sentence.
import { expect, test } from 'vitest';
import { encodeText, textEncoding } from './text-classify.ts';

test('sequence encoding keeps the first N known words and says when it cut', () => {
  const header = { vocabulary: ['free', 'money', 'now'], classNames: ['ham', 'spam'], yShape: [] } as never;
  const enc = textEncoding({ name: 't', input: { shape: [2], dtype: 'i32' }, layers: [] }, header);
  const r = encodeText('now zzz FREE money', enc);
  expect(Array.from(r.input)).toEqual([3, 1]);
  expect(r).toMatchObject({ count: 4, known: ['now', 'free'], truncated: true });
  const bow = textEncoding({ name: 't', input: { shape: [3] }, layers: [] }, header);
  expect(Array.from(encodeText('money money', bow).input)).toEqual([0, 1, 0]);
  expect(() => textEncoding({ name: 't', input: { shape: [5] }, layers: [] }, header)).toThrow(
    /does not classify text/,
  );
});
