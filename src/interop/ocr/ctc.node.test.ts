// CTC greedy decoding over a hand-made score sequence, and the dictionary's class layout.
import { describe, expect, it } from 'vitest';
import { checkClassCount, ctcDecode, parseDictionary } from './ctc.ts';

describe('ctc', () => {
  const set = parseDictionary('a\nb\nc\n');

  it('puts the blank first and a space last', () => {
    expect(set.classes).toEqual(['', 'a', 'b', 'c', ' ']);
    expect(parseDictionary('x\r\ny').classes).toEqual(['', 'x', 'y', ' ']);
  });

  it('merges repeats, drops blanks, keeps a letter repeated across a blank', () => {
    // steps: a a _ a b b _ ␣ c  → "aab c"
    const path = [1, 1, 0, 1, 2, 2, 0, 4, 3];
    const probs = new Float32Array(path.length * 5);
    path.forEach((k, t) => {
      probs.fill(0.05, t * 5, t * 5 + 5);
      probs[t * 5 + k] = 0.8;
    });
    const [line] = ctcDecode(probs, 1, path.length, set);
    expect(line.text).toBe('aab c');
    expect(line.score).toBeCloseTo(0.8, 6);
  });

  it('decodes each line of a batch and scores an empty line 0', () => {
    const probs = new Float32Array(2 * 2 * 5);
    probs[0] = 1; // line 0: blank, blank
    probs[5] = 1;
    probs[10 + 3] = 0.6; // line 1: c, blank
    probs[15] = 1;
    expect(ctcDecode(probs, 2, 2, set)).toEqual([
      { text: '', score: 0 },
      { text: 'c', score: expect.closeTo(0.6, 6) as number },
    ]);
  });

  it('names both counts when the model and dictionary disagree', () => {
    expect(() => checkClassCount(set, 6625)).toThrow(/6625 classes but the dictionary gives 5/);
    expect(() => ctcDecode(new Float32Array(7), 1, 2, set)).toThrow(/needs 10/);
  });
});
