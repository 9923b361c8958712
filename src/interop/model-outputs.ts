// A model's outputs said briefly for the page: each tensor's shape and value range, and for a score vector the
// top classes with probabilities (softmax applied when the scores are not probabilities already).
import type { HostTensor } from './model.ts';

export interface TopClass {
  index: number;
  label: string;
  probability: number;
}

export interface OutputSummary {
  name: string;
  dtype: HostTensor['dtype'];
  shape: number[];
  min: number;
  max: number;
  mean: number;
  /** The first values (at most 8), for a look at a raw tensor. */
  head: number[];
  /** The most likely classes, for an output that is one vector of class scores; else null. */
  top: TopClass[] | null;
  /** Whether `top` comes from softmax over raw scores (logits) rather than probabilities the model gave. */
  softmaxed: boolean;
}

/** Whether values already are a probability distribution (non-negative, summing to 1). */
function isDistribution(v: Float32Array): boolean {
  let sum = 0;
  for (const x of v) {
    if (x < 0 || x > 1) return false;
    sum += x;
  }
  return Math.abs(sum - 1) < 1e-3;
}

function softmax(v: Float32Array): Float32Array {
  let max = -Infinity;
  for (const x of v) max = Math.max(max, x);
  const e = Float32Array.from(v, (x) => Math.exp(x - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}

/** Summarises one output; a float vector of 2 or more scores (batch dimensions of 1 aside) gets its top `k`. */
export function summarizeOutput(name: string, t: HostTensor, labels: string[] | null, k = 5): OutputSummary {
  const values = Array.from(t.data as ArrayLike<number | bigint>, Number);
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const x of values) {
    min = Math.min(min, x);
    max = Math.max(max, x);
    sum += x;
  }
  const n = values.length;
  const classes = t.shape.filter((d) => d !== 1).length === 1 && n >= 2;
  let top: TopClass[] | null = null;
  let softmaxed = false;
  if (t.dtype === 'float32' && classes) {
    const scores = t.data as Float32Array;
    softmaxed = !isDistribution(scores);
    const p = softmaxed ? softmax(scores) : scores;
    top = [...p.keys()]
      .sort((a, b) => p[b] - p[a])
      .slice(0, k)
      .map((i) => ({ index: i, label: labels?.[i] ?? `class ${i}`, probability: p[i] }));
  }
  return {
    name,
    dtype: t.dtype,
    shape: t.shape,
    min: n ? min : NaN,
    max: n ? max : NaN,
    mean: n ? sum / n : NaN,
    head: values.slice(0, 8),
    top,
    softmaxed,
  };
}
