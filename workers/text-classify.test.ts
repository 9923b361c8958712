// classifyText through the real workers: typed text is encoded exactly as the spam packs were (a test
// e-mail written back as words scores the same as the stored sample), unknown words change nothing, text with no
// known word gets a sentence instead of bars, and a run that is not a text classifier is refused. (The encoding
// rules alone: src/data/text-classify.node.test.ts.)
import { afterAll, expect, test } from 'vitest';
import { spawnWorkers } from './test-workers.ts';

const { training, inference, datasets, terminate } = spawnWorkers();
afterAll(terminate);

const close = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).forEach((v, i) => expect(v).toBeCloseTo(b[i], 5));

for (const [presetId, datasetId] of [
  ['spam-bow-mlp', 'spam-bow'],
  ['spam-bilstm', 'spam-seq'],
] as const) {
  test(`${presetId}: a stored test e-mail, typed back as words, scores as the stored sample`, async () => {
    const run = await training.createRun({ presetId, limit: 32, testLimit: 8 });
    try {
      const s = await datasets.datasetSamples(datasetId, 'test', 0, 3);
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
        const got = await inference.classifyText(run.id, `${text} 12345 qqqqzzzz`);
        const want = await inference.predict(run.id, row.slice(), 1);
        expect(got.classNames).toEqual(['ham', 'spam']);
        expect(got.encoding).toBe(presetId === 'spam-bow-mlp' ? 'bagOfWords' : 'sequence');
        expect(got.probabilities).toHaveLength(2);
        close(got.probabilities!, want);
        expect(got.probabilities![0] + got.probabilities![1]).toBeCloseTo(1, 5);
      }
      const none = await inference.classifyText(run.id, 'qqqqzzzz xxyyxxyy 42');
      expect(none).toMatchObject({ probabilities: null, words: 2, known: [] });
      const some = await inference.classifyText(run.id, 'Click here to WIN money now zzzzqqqq');
      expect(some.known.length).toBeGreaterThan(2);
      expect(some.known).not.toContain('zzzzqqqq');
    } finally {
      await training.deleteRun(run.id);
    }
  });
}

test('a run that does not classify text is refused with a sentence', async () => {
  const run = await training.createRun({ presetId: 'iris', limit: 16 });
  try {
    await expect(inference.classifyText(run.id, 'hello')).rejects.toThrow(/does not classify text/);
  } finally {
    await training.deleteRun(run.id);
  }
});
