// Fused attention against the composed (materialised) reference: T from 1 to 300, head sizes 8 to 128,
// with and without causal and padding masks; forward and all three gradients.
import { describe, test } from 'vitest';
import {
  attentionDkvProgram,
  attentionDqProgram,
  attentionProgram,
  attentionStatsProgram,
  type AttentionDims,
} from './attention.ts';
import { attentionBackwardRef, attentionRef } from './attention.ref.ts';
import { expectClose, runProgram, runProgramAll, seededFloats } from '../common/test-harness.ts';

const cases: (Omit<AttentionDims, 'hasLens'> & { lens?: number[] })[] = [
  { b: 1, h: 1, t: 1, d: 8, causal: false },
  { b: 2, h: 3, t: 17, d: 8, causal: true },
  { b: 1, h: 2, t: 65, d: 64, causal: false, lens: [40] },
  { b: 2, h: 1, t: 33, d: 16, causal: true, lens: [33, 5] },
  { b: 1, h: 1, t: 129, d: 128, causal: true },
  { b: 1, h: 1, t: 300, d: 32, causal: false },
  { b: 1, h: 2, t: 300, d: 8, causal: true, lens: [200] },
];

describe('attention kernel', () => {
  test.each(cases)('B=$b H=$h T=$t D=$d causal=$causal lens=$lens', async (c) => {
    const a: AttentionDims = { ...c, hasLens: Boolean(c.lens) };
    const n = a.b * a.h * a.t * a.d;
    const [q, k, v, dO] = [1, 2, 3, 4].map((s) => seededFloats(n, s * 13 + a.t));
    const lens = c.lens ? Int32Array.from(c.lens) : new Int32Array(4);
    const [o, lse] = await runProgramAll(attentionProgram(a), [q, k, v, lens]);
    const oArr = new Float32Array(o);
    expectClose(oArr, attentionRef(q, k, v, a, c.lens ?? null), 2e-5, 1e-4, 'forward');
    const stats = new Float32Array(await runProgram(attentionStatsProgram(a), [oArr, dO, new Float32Array(lse)]));
    const ref = attentionBackwardRef(q, k, v, dO, a, c.lens ?? null);
    const dq = new Float32Array(await runProgram(attentionDqProgram(a), [q, k, v, dO, stats, lens]));
    expectClose(dq, ref.dq, 1e-4, 1e-3, 'dq');
    const [dk, dv] = (await runProgramAll(attentionDkvProgram(a), [q, k, v, dO, stats, lens])).map(
      (b) => new Float32Array(b),
    );
    expectClose(dk, ref.dk, 1e-4, 1e-3, 'dk');
    expectClose(dv, ref.dv, 1e-4, 1e-3, 'dv');
  });
});
