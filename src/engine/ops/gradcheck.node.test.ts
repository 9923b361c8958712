// Every differentiable op's backward rule against central finite differences, on the float64 CPU engine,
// and the rule that backward skips gradients no input asked for.
import { describe, expect, test, vi } from 'vitest';
import { Engine } from '../engine.ts';
import { gradcheck } from '../gradcheck.ts';
import { backward } from '../autograd.ts';
import * as T from './api.ts';
import { OP_NAMES } from './table.ts';
import { inputValues, OP_CASES } from './op-cases.ts';
import { matmulKernel } from '../../../kernels/matmul/matmul.ts';
import { conv2dFilterGradKernel, conv2dInputGradKernel } from '../../../kernels/conv2d/conv2d.ts';

const e = await Engine.create({ backend: 'cpu' });

describe('op table coverage', () => {
  test('every op in the table has at least one test case', () => {
    const covered = new Set(OP_CASES.map((c) => c.op));
    expect(OP_NAMES.filter((n) => !covered.has(n))).toEqual([]);
  });
});

describe('gradient checks (CPU, float64, central differences, tolerance 1e-5 relative)', () => {
  for (const c of OP_CASES.filter((c) => c.differentiable !== false)) {
    test(c.name, async () => {
      const specs = c.small ?? c.inputs;
      // Only float inputs are differentiated; index inputs stay fixed inside f.
      const floatIdx = specs.map((s, i) => (typeof s.kind === 'object' ? -1 : i)).filter((i) => i >= 0);
      const fixed = specs.map((s, i) =>
        typeof s.kind === 'object' ? e.keep(e.tensor(inputValues(s, 7 + i * 101), s.shape)) : null,
      );
      const values = floatIdx.map((i) => Array.from(inputValues(specs[i], 7 + i * 101)));
      // Masks are inputs of where but not differentiable: keep them fixed too.
      const isMask = specs.map((s) => s.kind === 'mask');
      const diffIdx = floatIdx.filter((i) => !isMask[i]);
      const maskTensors = specs.map((s, i) =>
        isMask[i] ? e.keep(e.tensor(inputValues(s, 7 + i * 101), s.shape)) : null,
      );
      const f = (...xs: import('../tensor.ts').Tensor[]) => {
        const all = specs.map((_, i) => fixed[i] ?? maskTensors[i] ?? xs[diffIdx.indexOf(i)]);
        return c.run(...all);
      };
      const result = await gradcheck(
        e,
        f,
        diffIdx.map((i) => values[floatIdx.indexOf(i)]),
        diffIdx.map((i) => specs[i].shape),
        { tol: 1e-5 },
      );
      expect(result.maxRelError).toBeLessThanOrEqual(1e-5);
      [...fixed, ...maskTensors].forEach((t) => t?.dispose());
    });
  }
});

describe('backward skips gradients nobody asked for', () => {
  test("matmul and conv2d compute no gradient for a constant input (a first layer's batch)", () => {
    const run = vi.spyOn(e.backend, 'run');
    const calls = (kernel: { name: string }) => run.mock.calls.filter(([k]) => k === kernel).length;
    const w = e.variable(e.randomNormal([3, 2], { seed: 1 }));
    const k = e.variable(e.randomNormal([2, 2, 1, 2], { seed: 2 }));
    for (const xNeedsGrad of [false, true]) {
      run.mockClear();
      const x = e.randomNormal([4, 3], { seed: 3 });
      const img = e.randomNormal([1, 3, 3, 1], { seed: 4 });
      if (xNeedsGrad) [x, img].forEach((t) => e.variable(t));
      e.scope(() => backward(T.add(T.sum(T.matmul(x, w)), T.sum(T.conv2d(img, k)))));
      // Forward 1 matmul; backward 1 (dW) or 2 (dW and dX).
      expect(calls(matmulKernel)).toBe(xNeedsGrad ? 3 : 2);
      expect(calls(conv2dInputGradKernel)).toBe(xNeedsGrad ? 1 : 0);
      expect(calls(conv2dFilterGradKernel)).toBe(1);
      expect(w.grad).not.toBeNull();
      expect(x.grad === null).toBe(!xNeedsGrad);
      [x, img, w, k].forEach((t) => {
        t.grad?.dispose();
        t.grad = null;
      });
      [x, img].forEach((t) => t.dispose());
    }
    run.mockRestore();
  });
});
