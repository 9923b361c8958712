// classifyText through the real trainer worker: typed text is encoded exactly as the spam packs were (a test
// e-mail written back as words scores the same as the stored sample), unknown words change nothing, text with no
// known word gets a sentence instead of bars, and a run that is not a text classifier is refused.
import { afterAll, expect, test } from 'vitest';
import * as Comlink from 'comlink';
import type { TrainerApi } from '../src/protocol/trainer.ts';
import { encodeText, textEncoding } from './text-classify.ts';

const worker = new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module' });
const api = Comlink.wrap<TrainerApi>(worker);
afterAll(() => worker.terminate());

const close = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).forEach((v, i) => expect(v).toBeCloseTo(b[i], 5));

for (const [presetId, datasetId] of [
  ['spam-bow-mlp', 'spam-bow'],
  ['spam-bilstm', 'spam-seq'],
] as const) {
  test(`${presetId}: a stored test e-mail, typed back as words, scores as the stored sample`, async () => {
    const run = await api.createRun({ presetId, limit: 32, testLimit: 8 });
    try {
      const s = await api.datasetSamples(datasetId, 'test', 0, 3);
      const vocab = s.dataset.vocabulary!;
      const per = s.xShape[0];
      for (let i = 0; i < s.count; i++) {
        const row = s.x.subarray(i * per, (i + 1) * per);
        // Decode the row: a bag of words lists its words (order is lost, and does not matter); a sequence its ids.
        const text =
          presetId === 'spam-bow-mlp'
            ? vocab.filter((_, k) => row[k] > 0).join(' ')
            : Array.from(row)
                .filter((id) => id > 0)
                .map((id) => vocab[id - 1])
                .join(', ');
        const got = await api.classifyText(run.id, `${text} 12345 qqqqzzzz`);
        const want = await api.predict(run.id, row.slice(), 1);
        expect(got.classNames).toEqual(['ham', 'spam']);
        expect(got.encoding).toBe(presetId === 'spam-bow-mlp' ? 'bagOfWords' : 'sequence');
        expect(got.probabilities).toHaveLength(2);
        close(got.probabilities!, want);
        expect(got.probabilities![0] + got.probabilities![1]).toBeCloseTo(1, 5);
      }
      const none = await api.classifyText(run.id, 'qqqqzzzz xxyyxxyy 42');
      expect(none).toMatchObject({ probabilities: null, words: 2, known: [] });
      const some = await api.classifyText(run.id, 'Click here to WIN money now zzzzqqqq');
      expect(some.known.length).toBeGreaterThan(2);
      expect(some.known).not.toContain('zzzzqqqq');
    } finally {
      await api.deleteRun(run.id);
    }
  });
}

test('a run that does not classify text is refused with a sentence', async () => {
  const run = await api.createRun({ presetId: 'iris', limit: 16 });
  try {
    await expect(api.classifyText(run.id, 'hello')).rejects.toThrow(/does not classify text/);
  } finally {
    await api.deleteRun(run.id);
  }
});

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
