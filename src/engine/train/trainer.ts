// The training loop: seeded shuffling, batches uploaded per step, forward/backward/update inside one scope,
// running loss and accuracy kept on the GPU and read back only when reported, validation, early stopping,
// and an exact position so a run can be checkpointed and resumed.
import type { Engine } from '../engine.ts';
import type { Tensor } from '../tensor.ts';
import type { Model } from '../nn/model.ts';
import * as T from '../ops/api.ts';
import { backward, zeroGrad } from '../autograd.ts';
import { Adam, AdamW, SGD, clipGradNorm } from '../optim.ts';
import { EngineError } from '../errors.ts';
import { permutation } from '../../../kernels/common/random.mjs';
import { learningRate } from './schedules.ts';
import { classificationReport, type ClassificationReport } from './metrics.ts';
import type { ArrayDataset, TrainConfig, TrainEvent, TrainPosition } from './types.ts';
import { sizeOf } from '../shape.ts';

type Optim = SGD | Adam;

/** How many labels of a batch count towards accuracy: every entry except those equal to `ignoreIndex` (padding). */
export function countScored(y: ArrayLike<number>, ignoreIndex: number): number {
  let n = 0;
  for (let i = 0; i < y.length; i++) if (y[i] !== ignoreIndex) n++;
  return n;
}

/** Copies samples `idx` of a dataset into contiguous batch arrays; u8 features become f32 times `xScale`. */
export function gatherBatch(
  ds: ArrayDataset,
  idx: ArrayLike<number>,
): { x: Float32Array | Int32Array; y: Float32Array | Int32Array } {
  const xs = sizeOf(ds.xShape);
  const ys = sizeOf(ds.yShape);
  const x = ds.x instanceof Int32Array ? new Int32Array(idx.length * xs) : new Float32Array(idx.length * xs);
  const y = new (ds.y.constructor as Float32ArrayConstructor | Int32ArrayConstructor)(idx.length * ys);
  for (let i = 0; i < idx.length; i++) {
    x.set(ds.x.subarray(idx[i] * xs, (idx[i] + 1) * xs), i * xs);
    y.set(ds.y.subarray(idx[i] * ys, (idx[i] + 1) * ys), i * ys);
  }
  if (ds.x instanceof Uint8Array) {
    const scale = ds.xScale ?? 1;
    if (scale !== 1) for (let i = 0; i < x.length; i++) x[i] *= scale;
  }
  return { x, y };
}

export class Trainer {
  readonly optimizer: Optim;
  position: TrainPosition = {
    epoch: 0,
    batch: 0,
    globalStep: 0,
    bestValLoss: null,
    epochsWithoutImprovement: 0,
    epochLossSum: 0,
    epochCorrect: 0,
    epochSeen: 0,
  };
  private order: Uint32Array | null = null;
  private lossSum: Tensor | null = null;
  private correctSum: Tensor | null = null;
  private lastReport = 0;
  private epochStart = 0;
  private finished: TrainEvent | null = null;
  private rateWindow = { t: 0, samples: 0 };
  /** Set by restorePosition: seconds the current epoch had trained before, applied at the next step. */
  private resumedEpochSeconds: number | null = null;
  /**
   * A checkpoint from before `epochScored` existed restored a sequence model mid-epoch: this epoch's accuracy is
   * unknown.
   */
  private accuracyUnknown = false;

  constructor(
    readonly engine: Engine,
    readonly model: Model,
    readonly config: TrainConfig,
    readonly train: ArrayDataset,
    readonly validation: ArrayDataset | null = null,
  ) {
    if (!(config.batchSize >= 1 && config.epochs >= 1))
      throw new EngineError('training needs epochs ≥ 1 and batchSize ≥ 1');
    if (train.count < 1) throw new EngineError('the training set is empty');
    if (train.xShape.join() !== model.spec.input.shape.join()) {
      throw new EngineError(
        `the dataset's samples have shape [${train.xShape.join(', ')}] but the model expects [${model.spec.input.shape.join(', ')}]; choose a matching model or dataset`,
      );
    }
    const o = config.optimizer;
    const params = model.parameters();
    this.optimizer =
      o.kind === 'adam'
        ? new Adam(engine, params, { lr: o.lr, weightDecay: o.weightDecay })
        : o.kind === 'adamw'
          ? new AdamW(engine, params, { lr: o.lr, weightDecay: o.weightDecay ?? 0.01 })
          : new SGD(engine, params, {
              lr: o.lr,
              momentum: o.kind === 'sgd' ? 0 : (o.momentum ?? 0.9),
              nesterov: o.kind === 'nesterov',
              weightDecay: o.weightDecay,
            });
  }

  get stepsPerEpoch(): number {
    return Math.ceil(this.train.count / this.config.batchSize);
  }

  get totalSteps(): number {
    return this.stepsPerEpoch * this.config.epochs;
  }

  get done(): boolean {
    return this.finished !== null;
  }

  private get classification(): boolean {
    return this.config.loss === 'softmaxCrossEntropy';
  }

  /** Loss (and, for classification, the number of correct predictions) of a batch. */
  private lossOf(logits: Tensor, y: Tensor): { loss: Tensor; correct: Tensor | null } {
    const c = this.config;
    if (c.loss === 'mse') return { loss: T.mse(T.reshape(logits, y.shape), y), correct: null };
    if (c.loss === 'bceWithLogits') return { loss: T.bceWithLogits(T.reshape(logits, y.shape), y), correct: null };
    const loss = T.softmaxCrossEntropy(logits, y, {
      smoothing: c.labelSmoothing ?? 0,
      ignoreIndex: c.ignoreIndex ?? -100,
    });
    const hit = T.equal(T.cast(T.argmax(logits, -1), 'f32'), T.cast(y, 'f32'));
    return { loss, correct: T.sum(hit) };
  }

  private upload(ds: ArrayDataset, idx: ArrayLike<number>): { x: Tensor; y: Tensor; scored: number } {
    const b = gatherBatch(ds, idx);
    const scored = this.classification ? countScored(b.y, this.config.ignoreIndex ?? -100) : idx.length;
    return {
      x: this.engine.tensor(b.x, [idx.length, ...ds.xShape]),
      y: this.engine.tensor(b.y, [idx.length, ...ds.yShape]),
      scored,
    };
  }

  /**
   * Trains on one batch. Returns the events it produced: a step report (at most every reportEveryMs),
   * and at an epoch's end the epoch summary, and when training ends a `done` event.
   */
  async step(): Promise<TrainEvent[]> {
    if (this.finished) return [this.finished];
    const e = this.engine;
    const c = this.config;
    const pos = this.position;
    const now = performance.now();
    if (pos.batch === 0 && !this.order) this.epochStart = now;
    else if (this.resumedEpochSeconds !== null) {
      // The epoch's clock resumes now, not when the run was loaded (the page may have waited for Resume).
      this.epochStart = now - this.resumedEpochSeconds * 1000;
      this.rateWindow = { t: now, samples: 0 };
    }
    this.resumedEpochSeconds = null;
    // Each epoch's order has its own seed; this derivation is kept as it was so a preset's seed still gives the
    // same run (it is not streamSeed, which would reshuffle every stored result).
    this.order ??= permutation(this.train.count, (c.seed ^ Math.imul(pos.epoch + 1, 0x9e3779b1)) >>> 0);
    this.lossSum ??= e.keep(e.tensor([pos.epochLossSum], [1]));
    this.correctSum ??= e.keep(e.tensor([pos.epochCorrect], [1]));
    const start = pos.batch * c.batchSize;
    const idx = this.order.subarray(start, Math.min(start + c.batchSize, this.train.count));
    const lr = learningRate(c.schedule, c.optimizer.lr, pos.globalStep, this.totalSteps);
    this.optimizer.options.lr = lr;

    let scored = 0;
    // The batch's correct count stays on the GPU and is read back only with a reported step's loss.
    const { loss, correct: batchCorrect } = e.scope(() => {
      const batch = this.upload(this.train, idx);
      const { x, y } = batch;
      scored = batch.scored;
      const logits = this.model.forward(x, { training: true, seed: (c.seed + pos.globalStep * 7919) >>> 0 });
      const { loss, correct } = this.lossOf(logits, y);
      backward(loss);
      const scale = c.clipNorm ? clipGradNorm(this.optimizer.params, c.clipNorm).scale : undefined;
      this.optimizer.apply({ gradScale: scale });
      zeroGrad(this.optimizer.params);
      e.noGrad(() => {
        e.assign(this.lossSum!, T.add(this.lossSum!, T.reshape(T.mul(loss, idx.length), [1])));
        if (correct) e.assign(this.correctSum!, T.add(this.correctSum!, T.reshape(correct, [1])));
      });
      return { loss, correct };
    });

    pos.batch++;
    pos.globalStep++;
    pos.epochSeen += idx.length;
    pos.epochScored = (pos.epochScored ?? pos.epochSeen - idx.length) + scored;
    this.rateWindow.samples += idx.length;
    const events: TrainEvent[] = [];
    const epochEnd = pos.batch >= this.stepsPerEpoch;
    if (epochEnd || now - this.lastReport >= (c.reportEveryMs ?? 250)) {
      // One readback for both numbers: a step reads the GPU once, whatever it reports.
      const both = batchCorrect ? e.scope(() => T.concat([T.reshape(loss, [1]), T.reshape(batchCorrect, [1])])) : loss;
      const read = await both.data();
      if (both !== loss) both.dispose();
      const value = read[0];
      const accuracy = batchCorrect && scored > 0 ? read[1] / scored : null;
      const t = performance.now();
      const elapsed = (t - (this.rateWindow.t || this.epochStart)) / 1000;
      events.push({
        kind: 'step',
        epoch: pos.epoch,
        step: pos.batch,
        globalStep: pos.globalStep,
        stepsPerEpoch: this.stepsPerEpoch,
        loss: value,
        accuracy,
        lr,
        samplesPerSecond: elapsed > 0 ? this.rateWindow.samples / elapsed : 0,
      });
      this.lastReport = t;
      this.rateWindow = { t, samples: 0 };
    } else if (pos.globalStep % 16 === 0) {
      await e.sync(); // keep the GPU queue bounded
    }
    loss.dispose();
    batchCorrect?.dispose();
    if (epochEnd) events.push(...(await this.endEpoch()));
    return events;
  }

  private async endEpoch(): Promise<TrainEvent[]> {
    const pos = this.position;
    const trainLoss = (await this.lossSum!.data())[0] / Math.max(1, pos.epochSeen);
    const correct = (await this.correctSum!.data())[0];
    const val = this.validation ? await this.evaluate(this.validation) : null;
    const epochEvent: TrainEvent = {
      kind: 'epoch',
      epoch: pos.epoch,
      trainLoss,
      trainAccuracy:
        this.classification && !this.accuracyUnknown ? correct / Math.max(1, pos.epochScored ?? pos.epochSeen) : null,
      valLoss: val?.loss ?? null,
      valAccuracy: val?.report?.accuracy ?? null,
      seconds: (performance.now() - this.epochStart) / 1000,
    };
    this.lossSum!.dispose();
    this.correctSum!.dispose();
    this.lossSum = this.correctSum = null;
    this.order = null;
    this.accuracyUnknown = false;
    pos.epoch++;
    pos.batch = 0;
    pos.epochLossSum = pos.epochCorrect = pos.epochSeen = pos.epochScored = 0;
    const events: TrainEvent[] = [epochEvent];
    const es = this.config.earlyStopping;
    if (val && es) {
      if (pos.bestValLoss === null || val.loss < pos.bestValLoss - (es.minDelta ?? 0)) {
        pos.bestValLoss = val.loss;
        pos.epochsWithoutImprovement = 0;
      } else pos.epochsWithoutImprovement++;
      if (pos.epochsWithoutImprovement >= es.patience)
        this.finished = { kind: 'done', reason: 'early-stopped', epochs: pos.epoch };
    }
    if (!this.finished && pos.epoch >= this.config.epochs)
      this.finished = { kind: 'done', reason: 'finished', epochs: pos.epoch };
    if (this.finished) events.push(this.finished);
    return events;
  }

  /** Marks the run stopped by the user. */
  stop(): TrainEvent {
    this.finished ??= { kind: 'done', reason: 'stopped', epochs: this.position.epoch };
    return this.finished;
  }

  /** Reads the running epoch sums into the position (before a checkpoint). */
  async syncPosition(): Promise<TrainPosition> {
    if (this.lossSum) this.position.epochLossSum = (await this.lossSum.data())[0];
    if (this.correctSum) this.position.epochCorrect = (await this.correctSum.data())[0];
    // Not stepped since a restore: the restored time still holds.
    this.position.epochSeconds =
      this.resumedEpochSeconds ?? (this.position.batch > 0 ? (performance.now() - this.epochStart) / 1000 : 0);
    return { ...this.position };
  }

  /** Restores a position saved by syncPosition (parameters and optimizer state are restored separately). */
  restorePosition(p: TrainPosition): void {
    this.lossSum?.dispose();
    this.correctSum?.dispose();
    this.lossSum = this.correctSum = null;
    this.order = null;
    this.position = { ...p };
    this.resumedEpochSeconds = p.batch > 0 ? (p.epochSeconds ?? 0) : null;
    this.accuracyUnknown = p.epochScored === undefined && p.epochSeen > 0 && this.train.yShape.length > 0;
    this.optimizer.step = p.globalStep;
    this.finished = null;
  }

  /**
   * Mean loss over a dataset without gradients; for classification also a full report and each sample's predicted
   * class, for regression (mean squared error) the model's outputs beside the targets, both in the targets' units.
   */
  async evaluate(
    ds: ArrayDataset,
    batchSize = 256,
  ): Promise<{
    loss: number;
    report: ClassificationReport | null;
    predictions: Int32Array | null;
    regression: { outputs: Float32Array; targets: Float32Array } | null;
  }> {
    const e = this.engine;
    const regression = this.config.loss === 'mse';
    let lossSum = 0;
    const preds: number[] = [];
    const labels: number[] = [];
    const per = sizeOf(ds.yShape);
    const outputs = regression ? new Float32Array(ds.count * per) : null;
    for (let start = 0; start < ds.count; start += batchSize) {
      const idx = Array.from({ length: Math.min(batchSize, ds.count - start) }, (_, i) => start + i);
      const out = e.noGrad(() =>
        e.scope(() => {
          const { x, y } = this.upload(ds, idx);
          const logits = this.model.forward(x, { training: false });
          const { loss } = this.lossOf(logits, y);
          return {
            loss,
            pred: this.classification ? T.argmax(logits, -1) : null,
            out: regression ? logits : null,
            y,
          };
        }),
      );
      lossSum += (await out.loss.data())[0] * idx.length;
      if (out.pred) {
        preds.push(...(await out.pred.data()));
        labels.push(...(await out.y.data()));
        out.pred.dispose();
      }
      if (out.out) {
        outputs!.set(await out.out.data(), start * per);
        out.out.dispose();
      }
      out.loss.dispose();
      out.y.dispose();
    }
    const classes = ds.classes ?? 0;
    const report = this.classification && classes ? classificationReport(preds, labels, classes) : null;
    return {
      loss: lossSum / Math.max(1, ds.count),
      report,
      predictions: this.classification ? Int32Array.from(preds) : null,
      regression: outputs ? { outputs, targets: Float32Array.from(ds.y.subarray(0, ds.count * per)) } : null,
    };
  }

  /**
   * Class probabilities (softmax of the logits) or raw outputs for `count` samples, `batchSize` at a time, so a
   * call for thousands of rows (a decision-boundary grid, a whole test split) needs no more GPU memory than one batch.
   */
  async predict(x: Float32Array | Int32Array, count: number, batchSize = 512): Promise<Float32Array> {
    const per = sizeOf(this.model.spec.input.shape);
    if (!(Number.isInteger(count) && count >= 0) || x.length !== count * per)
      throw new EngineError(
        `predict got ${x.length} values for ${count} samples of shape [${this.model.spec.input.shape.join(', ')}]`,
      );
    if (count <= batchSize) return this.predictBatch(x, count);
    let out: Float32Array | null = null;
    let width = 0;
    for (let start = 0; start < count; start += batchSize) {
      const n = Math.min(batchSize, count - start);
      const part = await this.predictBatch(x.slice(start * per, (start + n) * per), n);
      if (!out) {
        width = part.length / n;
        out = new Float32Array(count * width);
      }
      out.set(part, start * width);
    }
    return out!;
  }

  private async predictBatch(x: Float32Array | Int32Array, count: number): Promise<Float32Array> {
    const e = this.engine;
    const out = e.noGrad(() =>
      e.scope(() => {
        const logits = this.model.forward(e.tensor(x, [count, ...this.model.spec.input.shape]), { training: false });
        return this.classification ? T.softmax(logits) : logits;
      }),
    );
    const values = (await out.data()) as Float32Array;
    out.dispose();
    return values;
  }

  dispose(): void {
    this.lossSum?.dispose();
    this.correctSum?.dispose();
    this.optimizer.dispose();
  }
}
