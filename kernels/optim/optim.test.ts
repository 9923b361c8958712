// Optimizer kernels against the reference over several steps (state carried between steps), with a clip scale.
import { describe, test } from 'vitest';
import { adamProgram, sgdProgram, type AdamHyper, type SgdHyper } from './optim.ts';
import { adamRef, sgdRef } from './optim.ref.ts';
import { expectClose, runProgramAll, seededFloats } from '../common/test-harness.ts';

const n = 1031;

describe('optimizer kernels', () => {
  test.each([
    { lr: 0.1, momentum: 0, nesterov: false, weightDecay: 0 },
    { lr: 0.05, momentum: 0.9, nesterov: false, weightDecay: 1e-3 },
    { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0 },
  ] as SgdHyper[])('sgd %j', async (h) => {
    let p = seededFloats(n, 1);
    let vel = new Float32Array(n);
    const refP = Float64Array.from(p);
    const refV = new Float64Array(n);
    for (let step = 0; step < 3; step++) {
      const g = seededFloats(n, 10 + step);
      const outs = await runProgramAll(sgdProgram(n, h), [g, new Float32Array([0.5])], h.momentum ? [p, vel] : [p]);
      p = new Float32Array(outs[0]);
      if (h.momentum) vel = new Float32Array(outs[1]);
      sgdRef(refP, g, refV, h, 0.5);
    }
    expectClose(p, refP, 1e-6, 1e-5, 'param');
  });

  for (const decoupled of [false, true])
    test(`${decoupled ? 'adamw' : 'adam'} over 3 steps`, async () => {
      let p = seededFloats(n, 2);
      let m = new Float32Array(n);
      let v = new Float32Array(n);
      const [rp, rm, rv] = [Float64Array.from(p), new Float64Array(n), new Float64Array(n)];
      for (let step = 1; step <= 3; step++) {
        const h: AdamHyper = { lr: 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, decoupled, step };
        const g = seededFloats(n, 20 + step);
        [p, m, v] = (await runProgramAll(adamProgram(n, h), [g, new Float32Array([1])], [p, m, v])).map(
          (b) => new Float32Array(b),
        );
        adamRef(rp, g, rm, rv, h);
      }
      expectClose(p, rp, 1e-6, 1e-5, 'param');
      expectClose(m, rm, 1e-7, 1e-5, 'm');
      expectClose(v, rv, 1e-8, 1e-5, 'v');
    });
});
