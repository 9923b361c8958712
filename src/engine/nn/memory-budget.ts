// Preflight of a model against the device before anything is allocated: every parameter and activation must fit
// one GPU buffer, and training (parameters, gradients, two Adam moments, activations at the chosen batch) must fit
// a memory budget. Weights are initialised on the CPU first, so a model far too large would otherwise lock the
// tab for minutes before any GPU limit is seen. The advice names the layer and what would fit.
import type { ModelSummary } from './model.ts';
import { SpecError } from '../errors.ts';

/** What the device allows: bytes per buffer and bytes in all (see deviceBudget). */
export interface DeviceBudget {
  maxBufferBytes: number;
  totalBytes: number;
}

const GIB = 2 ** 30;

/**
 * The budget for a device's limits. WebGPU does not say how much memory a GPU has, and weights start in the tab's
 * own memory, so the total is half the machine's memory as the browser reports it (`navigator.deviceMemory`, which
 * Chromium rounds down and caps at 8 GiB), at least 1 GiB; 4 GiB when unknown.
 */
export function deviceBudget(limits: Record<string, number> | null, deviceMemoryGiB?: number): DeviceBudget {
  const perBuffer = Math.min(limits?.maxStorageBufferBindingSize ?? 2 ** 27, limits?.maxBufferSize ?? 2 ** 28);
  const memory = deviceMemoryGiB && deviceMemoryGiB > 0 ? deviceMemoryGiB : 8;
  return { maxBufferBytes: perBuffer, totalBytes: Math.max(1, memory / 2) * GIB };
}

/** Bytes in words a learner reads: 3.7 GiB, 512 MiB, 12 KiB. */
export function formatBytes(b: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0;
  while (b >= 1024 && i < units.length - 1) {
    b /= 1024;
    i++;
  }
  return `${i === 0 ? b : b.toFixed(b < 10 ? 1 : 0)} ${units[i]}`;
}

const fmt = (n: number) => Math.floor(n).toLocaleString('en-US');

/** The field that sets a layer's width, for advice ("at most N units"). */
const WIDTH: Record<string, string> = {
  dense: 'units',
  conv2d: 'filters',
  embedding: 'dim',
  lstm: 'units',
  gru: 'units',
};

/**
 * Throws a SpecError naming the layer when a parameter or activation tensor exceeds one GPU buffer, or when training
 * at `batch` needs more than the budget; says what would fit. `summary` comes from summarize(spec). The error's path
 * names the layer (checkSpec puts the layer's name before the message), or `batchSize`.
 */
export function checkBudget(summary: ModelSummary, batch: number, budget: DeviceBudget): void {
  const limit = budget.maxBufferBytes;
  for (const l of summary.layers) {
    const weightBytes = 4 * l.params;
    if (weightBytes > limit) {
      const width = WIDTH[l.type];
      const perUnit = l.params / Math.max(1, l.outShape[l.outShape.length - 1] ?? 1);
      const fits = width ? ` Use at most ${fmt(limit / 4 / perUnit)} ${width} here.` : '';
      throw new SpecError(
        l.path,
        `${fmt(l.params)} parameters (${formatBytes(weightBytes)}) are more than this GPU holds in one buffer (${formatBytes(limit)}).${fits}`,
      );
    }
    const perSample = l.outShape.reduce((a, b) => a * b, 1) * 4;
    if (perSample * batch > limit) {
      const maxBatch = Math.floor(limit / perSample);
      throw new SpecError(
        l.path,
        maxBatch >= 1
          ? `its output is ${formatBytes(perSample)} per sample, so a batch of ${batch} needs ${formatBytes(perSample * batch)}, more than this GPU holds in one buffer (${formatBytes(limit)}). Use a batch size of at most ${fmt(maxBatch)}, or make this layer smaller.`
          : `its output is ${formatBytes(perSample)} for one sample, more than this GPU holds in one buffer (${formatBytes(limit)}). Make this layer or its input smaller.`,
      );
    }
  }
  const need = summary.trainingBytes(batch);
  if (need <= budget.totalBytes) return;
  // Name the real cause: the parameters (with gradients and Adam's two moments) or the activations of the batch.
  const paramBytes = 16 * summary.params;
  if (paramBytes >= need / 2) {
    const biggest = summary.layers.reduce((a, b) => (b.params > a.params ? b : a));
    throw new SpecError(
      biggest.path,
      `training this model needs about ${formatBytes(need)} (its ${fmt(summary.params)} parameters with their gradients and optimizer state), more than the ${formatBytes(budget.totalBytes)} the studio allows on this device. This layer holds the most parameters (${fmt(biggest.params)}): make it smaller.`,
    );
  }
  const perSampleAll = (need - summary.trainingBytes(0)) / batch;
  const maxBatch = Math.floor((budget.totalBytes - summary.trainingBytes(0)) / perSampleAll);
  throw new SpecError(
    'batchSize',
    `Training at batch size ${batch} needs about ${formatBytes(need)}, mostly the layers' outputs for every sample, more than the ${formatBytes(budget.totalBytes)} the studio allows on this device. Use a batch size of at most ${fmt(Math.max(1, maxBatch))}.`,
  );
}
