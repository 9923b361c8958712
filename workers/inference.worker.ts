// The inference and inspection worker: evaluation, predictions, the playground and "Inside the model" for any
// stored run, from its last checkpoint. It owns its own engine, so looking inside a model never waits for (or
// slows) the training loop; calls run one at a time (./run-cache.ts), the Playground's ahead of slow ones.
import * as Comlink from 'comlink';
import { answerPings } from './heartbeat.ts';
import { perplexity, regressionReport } from '../src/engine/index.ts';
import { attentionMaps, featureMaps } from '../src/engine/nn/inspect.ts';
import { generateNames } from '../src/engine/train/generate.ts';
import { gradientHistograms } from '../src/engine/train/gradients.ts';
import { weightHistograms } from '../src/engine/train/histograms.ts';
import { encodeCharacters } from '../src/data/characters.ts';
import { floatFeatures, head } from '../src/data/split.ts';
import { classifyText } from '../src/data/text-classify.ts';
import type { OpenRun } from '../src/storage/open-run.ts';
import { digitSample } from '../src/data/digit-samples.ts';
import { encodePlaygroundInput, playgroundForm, type PlaygroundForm } from '../src/data/playground-input.ts';
import type { RunRecord } from '../src/storage/db.ts';

/** An imported model's own class names (Teachable Machine's labels) win over its dataset's. */
const withLabels = (form: PlaygroundForm, run: RunRecord): PlaygroundForm =>
  run.labels?.length && 'classNames' in form && form.classNames.length === run.labels.length
    ? { ...form, classNames: run.labels }
    : form;
import { slice, testSample } from '../src/storage/test-sample.ts';
import { SCATTER_POINTS, type InferenceApi, type SequenceInput } from '../src/protocol/inference.ts';
import { RunCache } from './run-cache.ts';
import { workerHost } from './worker-host.ts';

const host = workerHost(() => {
  // The lost device took the model's tensors with it; the next call opens the run again.
  runs.forget();
});
const runs = new RunCache(host.getDb, host.getEngine);
const use = (runId: string) => runs.use(runId);
/** A slow call (evaluation, histograms, maps): it waits for every call before it. */
const exclusive = <T>(fn: () => Promise<T>) => runs.exclusive(fn);
/** A Playground call: it starts before slow calls that are still waiting. */
const quick = <T>(fn: () => Promise<T>) => runs.exclusive(fn, true);

/** Token ids for attention maps: as given, or text encoded with the run's own character vocabulary. */
function tokensOf(a: OpenRun, input: SequenceInput): Int32Array {
  if ('tokens' in input) return input.tokens;
  const vocabulary = a.header?.vocabulary;
  if (!vocabulary?.every((c) => c.length === 1))
    throw new Error('Typed text needs a character model (such as the names Transformer); choose a test sample.');
  return encodeCharacters(input.text, vocabulary, a.run.spec.input.shape[0]).tokens;
}

const api: InferenceApi = {
  evaluate: (runId) =>
    exclusive(async () => {
      const a = await use(runId);
      const limit = a.run.testLimit;
      const test = limit ? head(a.test, limit) : a.test;
      const r = await a.trainer.evaluate(test);
      // One class per sample: what the confusion-matrix cells are made of (sequence models predict per token).
      const predictions = test.yShape.length === 0 ? r.predictions : null;
      const reg = r.regression;
      const scatter = reg
        ? { predicted: reg.outputs.slice(0, SCATTER_POINTS), actual: reg.targets.slice(0, SCATTER_POINTS) }
        : null;
      const encoding = a.header?.encoding;
      const result = {
        loss: r.loss,
        report: r.report,
        regression: reg ? regressionReport(reg.outputs, reg.targets) : null,
        targetName: encoding?.kind === 'csv' ? encoding.label : null,
        scatter,
        perplexity:
          a.run.spec.input.dtype === 'i32' && a.run.config.loss === 'softmaxCrossEntropy' ? perplexity(r.loss) : null,
        count: test.count,
        predictions,
      };
      const transfers = [predictions?.buffer, scatter?.predicted.buffer, scatter?.actual.buffer];
      return Comlink.transfer(
        result,
        transfers.filter((b): b is ArrayBuffer => b !== undefined),
      );
    }),

  predict: (runId, input, count) =>
    quick(async () => {
      const a = await use(runId);
      const per = a.run.spec.input.shape.reduce((x, y) => x * y, 1);
      if (input.length !== per * count)
        throw new Error(
          `“${a.run.name}” takes ${per} value${per === 1 ? '' : 's'} per sample, but ${input.length} values came for ${count} samples; choose the run again.`,
        );
      // A missing or overflowing value would come back as confident-looking (or NaN) probabilities: refuse it.
      const bad = input.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0)
        throw new Error(
          `Value ${(bad % per) + 1} of sample ${Math.floor(bad / per) + 1} is ${input[bad]}, not a number the model can read; fill it in with a finite number.`,
        );
      const out = await a.trainer.predict(input, count);
      return Comlink.transfer(out, [out.buffer]);
    }),

  generate: (runId, options) =>
    quick(async () => {
      const a = await use(runId);
      return generateNames(a.trainer, a.model, options, a.header?.vocabulary ?? undefined);
    }),

  classifyText: (runId, text) =>
    quick(async () => {
      const a = await use(runId);
      return classifyText(a.trainer, a.run.spec, a.header, text);
    }),

  playgroundForm: (runId) =>
    quick(async () => {
      const a = await use(runId);
      const train = a.trainer.train;
      // Tables need their rows for the ranges a header lacks; image sets are not copied for nothing.
      return withLabels(playgroundForm(a.run.spec, a.header, train.x instanceof Float32Array ? train : null), a.run);
    }),

  predictInput: (runId, input) =>
    quick(async () => {
      const a = await use(runId);
      const form = withLabels(playgroundForm(a.run.spec, a.header, null), a.run);
      if (!a.header || form.kind === 'other')
        throw new Error(
          'The Playground has no input form for this run’s dataset; try its samples in the Evaluate tab.',
        );
      const seen = await encodePlaygroundInput(form, a.header, input);
      const out = await a.trainer.predict(seen, 1);
      const regression = form.kind === 'table' && form.task === 'regression';
      const result = {
        probabilities: regression ? null : Array.from(out),
        value: regression ? out[0] : null,
        classNames: form.classNames,
        seen,
      };
      return Comlink.transfer(result, [seen.buffer]);
    }),

  digitSample: async (name) => {
    const pixels = digitSample(name);
    return Comlink.transfer(pixels, [pixels.buffer]);
  },

  weightHistograms: (runId) => exclusive(async () => weightHistograms((await use(runId)).model)),

  gradientHistograms: (runId, source) =>
    exclusive(async () => {
      const a = await use(runId);
      const train = a.trainer.train;
      const batch =
        source.split === 'train'
          ? { ...slice(train, 0, a.run.config.batchSize), yShape: train.yShape }
          : { ...testSample(a.test, a.run.testLimit, source.index), count: 1, yShape: a.test.yShape };
      return gradientHistograms(await host.getEngine(), a.model, a.run.config, batch, source);
    }),

  testSample: (runId, index) =>
    exclusive(async () => {
      const a = await use(runId);
      const s = testSample(a.test, a.run.testLimit, index, a.header);
      return Comlink.transfer(s, [s.x.buffer, s.y.buffer]);
    }),

  featureMaps: (runId, input) =>
    exclusive(async () => {
      const maps = await featureMaps(await host.getEngine(), (await use(runId)).model, input);
      return Comlink.transfer(
        maps,
        maps.map((m) => m.maps.buffer),
      );
    }),

  attentionMaps: (runId, input) =>
    exclusive(async () => {
      const a = await use(runId);
      const maps = await attentionMaps(await host.getEngine(), a.model, tokensOf(a, input));
      return Comlink.transfer(
        maps,
        maps.map((m) => m.weights.buffer),
      );
    }),

  samples: (runId, count) =>
    exclusive(async () => {
      const t = head((await use(runId)).test, count);
      const s = { x: floatFeatures(t).slice(), xShape: t.xShape, y: t.y.slice(), count: t.count };
      return Comlink.transfer(s, [s.x.buffer, s.y.buffer]);
    }),
};

answerPings();
Comlink.expose(api);
