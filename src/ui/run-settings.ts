// One line that says how a run was trained (shown beside the run in the Train view, so two runs can be
// compared at a glance).
import type { TrainConfig } from '../engine/index.ts';

const OPTIMIZER_NAMES: Record<string, string> = {
  sgd: 'SGD',
  momentum: 'SGD with momentum',
  nesterov: 'Nesterov',
  adam: 'Adam',
  adamw: 'AdamW',
};

const num = (v: number) =>
  v === 0
    ? '0'
    : Math.abs(v) >= 1e-4 && Math.abs(v) < 1e6
      ? String(Number(v.toPrecision(3)))
      : v.toExponential(1).replace('e-', 'e−');

/**
 * "Adam, learning rate 0.001 with cosine decay, batch 64, weight decay 0.01, clip 1, 10% validation, early stop after
 * 3".
 */
export function describeSettings(c: TrainConfig): string {
  const parts = [`${OPTIMIZER_NAMES[c.optimizer.kind] ?? c.optimizer.kind}, learning rate ${num(c.optimizer.lr)}`];
  const s = c.schedule;
  if (s && s.kind === 'cosine') parts[0] += ` with cosine decay${s.minLr ? ` to ${num(s.minLr)}` : ''}`;
  if (s && s.kind === 'step') parts[0] += ` × ${num(s.gamma)} every ${s.every} steps`;
  if (s?.warmupSteps) parts[0] += ` after ${s.warmupSteps} warm-up steps`;
  parts.push(`batch ${c.batchSize}`);
  const decay = c.optimizer.weightDecay ?? (c.optimizer.kind === 'adamw' ? 0.01 : 0);
  if (decay) parts.push(`weight decay ${num(decay)}`);
  if (c.clipNorm) parts.push(`clip ${num(c.clipNorm)}`);
  const split = c.validationSplit ?? 0.1;
  parts.push(split ? `${Math.round(split * 100)}% validation` : 'no validation');
  if (c.earlyStopping) parts.push(`early stop after ${c.earlyStopping.patience}`);
  return parts.join(', ');
}

/**
 * The model a run trained: its own spec's name (which the model editor may have changed), with the preset it started
 * from when that is named differently, and its dataset. `details` count only when they are this run's.
 */
export function describeModel(
  run: { id: string; presetId: string | null; datasetId: string },
  details: { id: string; spec: { name: string } } | null,
  presets: readonly { id: string; title: string }[],
): string {
  const preset = presets.find((p) => p.id === run.presetId);
  const spec = details?.id === run.id ? details.spec : null;
  const name = spec?.name ?? preset?.title ?? 'a model';
  const from = spec && preset && preset.title !== spec.name ? ` (from the preset “${preset.title}”)` : '';
  return `${name}${from} on ${run.datasetId}`;
}
