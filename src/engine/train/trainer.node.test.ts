// The training loop on the CPU engine: toy sets are learned, the same seed reproduces the curve exactly,
// a run resumed from a saved position continues the same curve, early stopping and schedules behave.
import { describe, expect, test } from 'vitest';
import { Engine } from '../engine.ts';
import { Model } from '../nn/model.ts';
import { PRESETS } from '../nn/presets.ts';
import { Trainer, gatherBatch } from './trainer.ts';
import { learningRate } from './schedules.ts';
import { classificationReport } from './metrics.ts';
import type { TrainConfig, TrainEvent } from './types.ts';
import { splitmix32 } from '../../../kernels/common/random.mjs';
import type { ArrayDataset } from './types.ts';

// Small generated sets (the engine may not import src/data; its toy sets are tested there).
function xor(n: number, seed: number): ArrayDataset {
  const next = splitmix32(seed);
  const x = Float32Array.from({ length: 2 * n }, () => next() * 2 - 1);
  const y = Int32Array.from({ length: n }, (_, i) => (x[2 * i] * x[2 * i + 1] >= 0 ? 0 : 1));
  return { x, xShape: [2], y, yShape: [], count: n, classes: 2 };
}
function blobs(n: number, seed: number): ArrayDataset {
  const next = splitmix32(seed);
  const y = Int32Array.from({ length: n }, (_, i) => i % 3);
  const x = Float32Array.from(
    { length: 2 * n },
    (_, j) => Math.cos((2 * Math.PI * y[j >> 1]) / 3 + (j & 1 ? Math.PI / 2 : 0)) + 0.3 * (next() - 0.5),
  );
  return { x, xShape: [2], y, yShape: [], count: n, classes: 3 };
}
function split(ds: ArrayDataset, fraction: number): [ArrayDataset, ArrayDataset] {
  const cut = Math.round(ds.count * (1 - fraction));
  const part = (a: number, b: number): ArrayDataset => ({
    ...ds,
    x: ds.x.slice(2 * a, 2 * b),
    y: ds.y.slice(a, b),
    count: b - a,
  });
  return [part(0, cut), part(cut, ds.count)];
}

const e = await Engine.create({ backend: 'cpu' });
const spec = PRESETS.find((p) => p.id === 'xor')!.spec;
const config: TrainConfig = {
  epochs: 30,
  batchSize: 16,
  optimizer: { kind: 'adam', lr: 0.05 },
  loss: 'softmaxCrossEntropy',
  seed: 7,
  reportEveryMs: 0,
};

async function runAll(t: Trainer): Promise<TrainEvent[]> {
  const events: TrainEvent[] = [];
  while (!t.done) events.push(...(await t.step()));
  return events;
}

describe('trainer', () => {
  test('learns XOR well above chance and reports metrics', async () => {
    const [train, val] = split(xor(400, 1), 0.25);
    const m = new Model(e, spec);
    const t = new Trainer(e, m, config, train, val);
    const events = await runAll(t);
    const epochs = events.filter((v) => v.kind === 'epoch');
    expect(epochs).toHaveLength(30);
    const last = epochs[epochs.length - 1] as Extract<TrainEvent, { kind: 'epoch' }>;
    expect(last.valAccuracy!).toBeGreaterThan(0.9);
    expect(last.trainLoss).toBeLessThan((epochs[0] as Extract<TrainEvent, { kind: 'epoch' }>).trainLoss);
    const ev = await t.evaluate(val);
    expect(ev.report!.accuracy).toBeCloseTo(last.valAccuracy!, 6);
    expect(ev.report!.confusion.flat().reduce((a, b) => a + b, 0)).toBe(val.count);
    t.dispose();
    m.dispose();
  });

  test('the same seed gives the same loss curve; a resumed run continues it exactly', async () => {
    const data = blobs(120, 3);
    const cfg = { ...config, epochs: 3, optimizer: { kind: 'momentum' as const, lr: 0.1 } };
    const curve = async (resumeAt?: number) => {
      const m = new Model(e, PRESETS.find((p) => p.id === 'blobs')!.spec);
      let t = new Trainer(e, m, cfg, data);
      const losses: number[] = [];
      while (!t.done) {
        for (const ev of await t.step()) if (ev.kind === 'step') losses.push(ev.loss);
        if (resumeAt !== undefined && t.position.globalStep === resumeAt) {
          // Simulate a reload: keep parameters and optimizer state, rebuild the trainer from the saved position.
          const pos = await t.syncPosition();
          const states = t.optimizer.params.map((p) => t.optimizer.stateOf(p).map((s) => s));
          const fresh = new Trainer(e, m, cfg, data);
          fresh.optimizer.params.forEach((p, i) =>
            fresh.optimizer.stateOf(p).forEach((s, j) => e.assign(s, states[i][j])),
          );
          fresh.restorePosition(pos);
          t.optimizer.dispose();
          t = fresh;
          resumeAt = undefined;
        }
      }
      t.dispose();
      m.dispose();
      return losses;
    };
    const a = await curve();
    const b = await curve();
    const c = await curve(5);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  test("each reported step carries its batch's training accuracy, which add up to the epoch's", async () => {
    const data = blobs(100, 5); // 7 batches of 16, the last of 4
    const m = new Model(e, PRESETS.find((p) => p.id === 'blobs')!.spec);
    const t = new Trainer(e, m, { ...config, epochs: 2 }, data);
    const events = await runAll(t);
    const steps = events.filter((v) => v.kind === 'step');
    const epochs = events.filter((v) => v.kind === 'epoch');
    expect(steps).toHaveLength(14);
    for (const [k, ep] of epochs.entries()) {
      const mine = steps.filter((s) => s.epoch === k);
      const correct = mine.reduce((acc, s, i) => acc + s.accuracy! * (i === 6 ? 4 : 16), 0);
      expect(correct / 100).toBeCloseTo(ep.trainAccuracy!, 6);
      for (const s of mine) expect(s.accuracy).toBeGreaterThanOrEqual(0);
    }
    t.dispose();
    m.dispose();
  });

  test("a regression run reports no accuracy and evaluates to outputs beside targets in the targets' units", async () => {
    const next = splitmix32(9);
    const x = Float32Array.from({ length: 64 }, () => next() * 2 - 1);
    const y = Float32Array.from({ length: 64 }, (_, i) => 30 + 5 * x[i]);
    const ds: ArrayDataset = { x, xShape: [1], y, yShape: [], count: 64 };
    const m = new Model(e, {
      name: 'line',
      input: { shape: [1] },
      seed: 1,
      layers: [{ type: 'dense', units: 1 }],
    });
    const t = new Trainer(e, m, { ...config, loss: 'mse', epochs: 1 }, ds);
    const steps = (await runAll(t)).filter((v) => v.kind === 'step');
    expect(steps.every((s) => s.accuracy === null)).toBe(true);
    const r = await t.evaluate(ds, 24);
    expect(r.report).toBeNull();
    expect(r.regression!.targets).toEqual(y);
    expect(r.regression!.outputs).toHaveLength(64);
    const mse = r.regression!.outputs.reduce((acc, o, i) => acc + (o - y[i]) ** 2, 0) / 64;
    expect(mse).toBeCloseTo(r.loss, 3);
    t.dispose();
    m.dispose();
  });

  test('early stopping ends the run when validation stops improving', async () => {
    const [train, val] = split(xor(100, 3), 0.5);
    const m = new Model(e, spec);
    const t = new Trainer(
      e,
      m,
      { ...config, epochs: 200, optimizer: { kind: 'sgd', lr: 0 }, earlyStopping: { patience: 2 } },
      train,
      val,
    );
    const events = await runAll(t);
    const done = events.find((v) => v.kind === 'done') as Extract<TrainEvent, { kind: 'done' }>;
    expect(done.reason).toBe('early-stopped');
    expect(done.epochs).toBe(3);
    t.dispose();
    m.dispose();
  });

  test('training accuracy of a sequence model counts labelled positions, not samples, and skips padding', async () => {
    // Targets over 4 positions, with -1 (ignored) padding after each sequence's end.
    const next = splitmix32(11);
    const n = 24;
    const x = Int32Array.from({ length: 4 * n }, () => Math.floor(next() * 5));
    const labelled = (i: number) => i % 4 < 1 + ((i >> 2) % 3);
    const y = Int32Array.from({ length: 4 * n }, (_, i) => (labelled(i) ? 0 : -1));
    const seq: ArrayDataset = { x, xShape: [4], y, yShape: [4], count: n, classes: 5 };
    const m = new Model(e, {
      name: 'seq',
      input: { shape: [4], dtype: 'i32' },
      seed: 1,
      layers: [
        { type: 'embedding', vocabSize: 5, dim: 3 },
        { type: 'dense', units: 5 },
      ],
    });
    // lr 0: the weights never move. Label even positions with the model's own guess and odd ones with another
    // class, so the accuracy is known exactly.
    const t = new Trainer(
      e,
      m,
      { ...config, epochs: 1, batchSize: 5, optimizer: { kind: 'sgd', lr: 0 }, ignoreIndex: -1 },
      seq,
    );
    const guess = (await t.evaluate(seq)).predictions!;
    for (let i = 0; i < y.length; i++) if (labelled(i)) y[i] = i % 2 === 0 ? guess[i] : (guess[i] + 1) % 5;
    const scored = Array.from(y.keys()).filter(labelled);
    const expected = scored.filter((i) => i % 2 === 0).length / scored.length;
    const epoch = (await runAll(t)).find((v) => v.kind === 'epoch') as Extract<TrainEvent, { kind: 'epoch' }>;
    const ev = await t.evaluate(seq);
    expect(ev.report!.count).toBe(scored.length);
    expect(ev.report!.accuracy).toBeCloseTo(expected, 6);
    expect(epoch.trainAccuracy!).toBeCloseTo(expected, 6);
    t.dispose();
    m.dispose();
  });

  test('byte features are gathered into f32 batches times their scale; token ids stay integers', () => {
    const bytes: ArrayDataset = {
      x: Uint8Array.from([0, 255, 51, 102, 7, 9]),
      xScale: 1 / 255,
      xShape: [2],
      y: Int32Array.from([0, 1, 1]),
      yShape: [],
      count: 3,
    };
    const b = gatherBatch(bytes, [2, 0]);
    expect(b.x).toBeInstanceOf(Float32Array);
    expect(Array.from(b.x)).toEqual([7 / 255, 9 / 255, 0, 1].map(Math.fround));
    expect(Array.from(b.y)).toEqual([1, 0]);
    const tokens: ArrayDataset = {
      x: Int32Array.from([3, 4, 5, 6]),
      xShape: [2],
      y: Int32Array.from([0, 1]),
      yShape: [],
      count: 2,
    };
    expect(gatherBatch(tokens, [1]).x).toEqual(Int32Array.from([5, 6]));
  });

  test('a dataset that does not fit the model is refused with a clear message', () => {
    const m = new Model(e, PRESETS.find((p) => p.id === 'iris')!.spec);
    expect(() => new Trainer(e, m, config, xor(10, 1))).toThrow(/samples have shape \[2\] but the model expects \[4\]/);
    m.dispose();
  });
});

describe('schedules and metrics', () => {
  test('warm-up, step and cosine schedules', () => {
    expect(learningRate({ kind: 'constant', warmupSteps: 4 }, 1, 0, 100)).toBe(0.25);
    expect(learningRate({ kind: 'constant', warmupSteps: 4 }, 1, 10, 100)).toBe(1);
    expect(learningRate({ kind: 'step', every: 10, gamma: 0.5 }, 1, 25, 100)).toBe(0.25);
    expect(learningRate({ kind: 'cosine' }, 1, 0, 100)).toBe(1);
    expect(learningRate({ kind: 'cosine', minLr: 0.1 }, 1, 100, 100)).toBeCloseTo(0.1, 10);
    expect(learningRate({ kind: 'cosine' }, 1, 50, 100)).toBeCloseTo(0.5, 10);
  });

  test('precision, recall, F1 and the confusion matrix', () => {
    const r = classificationReport([0, 1, 1, 2, 2, 2], [0, 1, 2, 2, 2, 1], 3);
    expect(r.accuracy).toBeCloseTo(4 / 6);
    expect(r.confusion).toEqual([
      [1, 0, 0],
      [0, 1, 1],
      [0, 1, 2],
    ]);
    expect(r.perClass[2].precision).toBeCloseTo(2 / 3);
    expect(r.perClass[2].recall).toBeCloseTo(2 / 3);
    expect(r.perClass[1].f1).toBeCloseTo(0.5);
    expect(r.macro.recall).toBeCloseTo((1 + 0.5 + 2 / 3) / 3);
  });
});
