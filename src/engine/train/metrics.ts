// Classification and language-model metrics computed on the host from predictions and labels.

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassificationReport {
  accuracy: number;
  perClass: ClassMetrics[];
  macro: { precision: number; recall: number; f1: number };
  /** confusion[actual][predicted] */
  confusion: number[][];
  count: number;
}

/** Accuracy, per-class precision/recall/F1 with macro averages, and the confusion matrix. Labels < 0 are skipped. */
export function classificationReport(
  predicted: ArrayLike<number>,
  actual: ArrayLike<number>,
  classes: number,
): ClassificationReport {
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let count = 0;
  let correct = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const p = predicted[i];
    if (a < 0 || a >= classes) continue;
    count++;
    if (p === a) correct++;
    if (p >= 0 && p < classes) confusion[a][p]++;
  }
  const perClass = confusion.map((row, c) => {
    const tp = row[c];
    const support = row.reduce((x, y) => x + y, 0);
    const predictedC = confusion.reduce((acc, r) => acc + r[c], 0);
    const precision = predictedC ? tp / predictedC : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { precision, recall, f1, support };
  });
  const avg = (k: keyof ClassMetrics) => perClass.reduce((acc, m) => acc + m[k], 0) / Math.max(1, classes);
  return {
    accuracy: count ? correct / count : 0,
    perClass,
    macro: { precision: avg('precision'), recall: avg('recall'), f1: avg('f1') },
    confusion,
    count,
  };
}

/** Perplexity from a mean cross-entropy in nats. */
export const perplexity = (meanNats: number) => Math.exp(meanNats);

/** Errors of a regression model, in the target's own units (MAE, RMSE), and the share of variance explained (R²). */
export interface RegressionReport {
  /** Mean absolute error. */
  mae: number;
  /** Root mean squared error. */
  rmse: number;
  /** Coefficient of determination, 1 − SS_res / SS_tot; null when the targets do not vary (SS_tot = 0). */
  r2: number | null;
  count: number;
}

/**
 * MAE, RMSE and R² of predictions against targets (every output of every sample counts once). Sums are taken in
 * float64 with the target mean computed first, so R² keeps its precision when the targets sit far from zero.
 */
export function regressionReport(predicted: ArrayLike<number>, actual: ArrayLike<number>): RegressionReport {
  const n = Math.min(predicted.length, actual.length);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += actual[i];
  mean /= Math.max(1, n);
  let abs = 0;
  let sq = 0;
  let tot = 0;
  for (let i = 0; i < n; i++) {
    const d = predicted[i] - actual[i];
    abs += Math.abs(d);
    sq += d * d;
    tot += (actual[i] - mean) ** 2;
  }
  return {
    mae: n ? abs / n : 0,
    rmse: n ? Math.sqrt(sq / n) : 0,
    r2: tot > 0 ? 1 - sq / tot : null,
    count: n,
  };
}
