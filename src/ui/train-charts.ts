// What the Train view charts for a run: the loss lines, the accuracy lines (classification runs only: per-batch
// training accuracy as the run goes, epoch means and validation points), the learning rate when a schedule changed
// it, and one x range for all of them. Columns are the curve store's own arrays, handed over without copying.
import type { Line } from './chart-data.ts';
import {
  EPOCH_TRAIN_ACC,
  EPOCH_TRAIN_LOSS,
  EPOCH_VAL_ACC,
  EPOCH_VAL_LOSS,
  STEP_ACC,
  STEP_LOSS,
  STEP_LR,
  type CurveStore,
} from './curve-store.ts';

export interface TrainCharts {
  loss: Line[];
  /** Null for runs without classes (regression), which have no accuracy to show. */
  accuracy: Line[] | null;
  /** Empty unless the schedule changed the learning rate. */
  lr: Line[];
  /** Right end of every chart's x axis: the run's last step, or further when a compared run went further. */
  xMax: number | null;
}

/** The Train view's charts of a run (`classification`: its loss is cross-entropy) and an optional compared run. */
export function trainCharts(
  curves: CurveStore,
  compare: CurveStore | null,
  classification: boolean,
  totalSteps: number,
): TrainCharts {
  const { steps, epochs } = curves;
  const loss: Line[] = [
    { label: 'training loss (per step)', color: '#0969da', xs: steps.x, ys: steps.columns[STEP_LOSS] },
    {
      label: 'training loss (epoch mean)',
      color: '#8250df',
      xs: epochs.x,
      ys: epochs.columns[EPOCH_TRAIN_LOSS],
      points: true,
    },
    { label: 'validation loss', color: '#cf6f00', xs: epochs.x, ys: epochs.columns[EPOCH_VAL_LOSS], points: true },
  ];
  if (compare)
    loss.push({
      label: 'compared run: training loss',
      color: '#6e7781',
      xs: compare.steps.x,
      ys: compare.steps.columns[STEP_LOSS],
      dash: true,
    });
  let accuracy: Line[] | null = null;
  if (classification) {
    accuracy = [
      {
        label: 'training accuracy (per batch)',
        color: '#4ac26b',
        xs: steps.x,
        ys: steps.columns[STEP_ACC],
        width: 1,
      },
      {
        label: 'training accuracy (epoch mean)',
        color: '#1a7f37',
        xs: epochs.x,
        ys: epochs.columns[EPOCH_TRAIN_ACC],
        points: true,
      },
      {
        label: 'validation accuracy',
        color: '#cf6f00',
        xs: epochs.x,
        ys: epochs.columns[EPOCH_VAL_ACC],
        points: true,
      },
    ];
    if (compare)
      accuracy.push({
        label: 'compared run: validation accuracy',
        color: '#6e7781',
        xs: compare.epochs.x,
        ys: compare.epochs.columns[EPOCH_VAL_ACC],
        dash: true,
        points: true,
      });
  }
  const lr: Line[] = curves.lrVaries
    ? [{ label: 'learning rate', color: '#1a7f37', xs: steps.x, ys: steps.columns[STEP_LR] }]
    : [];
  const reach = Math.max(totalSteps, curves.lastX ?? 0, compare?.lastX ?? 0);
  return { loss, accuracy, lr, xMax: reach > 0 ? reach : null };
}
