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
