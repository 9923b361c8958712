// The gradient check must be able to fail: deliberately wrong backward rules (a softmax rule swapped into the op table
// for this test only, a batch norm with its variance detached) are reported, while the correct ones pass.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { Engine } from './engine.ts';
import { gradcheck } from './gradcheck.ts';
import { backward } from './autograd.ts';
import type { Tensor } from './tensor.ts';
import { add, mean, mul, rsqrt, sub, sum, variance } from './ops/api.ts';
import { batchNorm, softmax } from './ops/api-nn.ts';
import { ops } from './ops/table.ts';

const e = await Engine.create({ backend: 'cpu' });
const SHAPE = [3, 4];
const X = Array.from(await e.randomNormal(SHAPE, { seed: 5 }).data());

/** d(sum(f(x)))/dx: the gradient a check seeded with ones compares, so we can show which bugs it could not see. */
async function onesSeededGrad(f: (x: Tensor) => Tensor, values: number[], shape: number[]): Promise<number[]> {
  const x = e.variable(e.tensor(values, shape));
  e.scope(() => backward(sum(f(x))));
  const g = Array.from(await x.grad!.data());
  x.dispose();
  return g;
}

describe('softmax: a wrong backward rule in the op table is caught', () => {
  afterEach(() => vi.restoreAllMocks());

  // Correct: dx = y·(dy − Σ dy·y). Both wrong rules below are written with public ops, as the real one could be.
  const wrongRules = {
    'omits the y·(dy·y) term': (dy: Tensor, y: Tensor) => mul(y, dy),
    // Subtracts the plain mean of dy instead of its y-weighted sum: exact whenever dy is constant along a row.
    'uses mean(dy) for Σ dy·y': (dy: Tensor, y: Tensor) => mul(y, sub(dy, mean(dy, -1, true))),
  };

  test('the real rule passes', async () => {
    const r = await gradcheck(e, softmax, [X], [SHAPE], { tol: 1e-5 });
    expect(r.maxRelError).toBeLessThan(1e-5);
  });

  for (const [name, rule] of Object.entries(wrongRules)) {
    test(`a rule that ${name} fails`, async () => {
      vi.spyOn(ops.softmax, 'backward').mockImplementation((dy, _inputs, y) => [rule(dy, y)]);
      await expect(gradcheck(e, softmax, [X], [SHAPE], { tol: 1e-5 })).rejects.toThrow(/gradcheck: input 0/);
    });
  }

  test('seeding with ones could not see the mean(dy) bug, which is why the check seeds with a random gradient', async () => {
    const right = await onesSeededGrad(softmax, X, SHAPE);
    vi.spyOn(ops.softmax, 'backward').mockImplementation((dy, _inputs, y) => [
      wrongRules['uses mean(dy) for Σ dy·y'](dy, y),
    ]);
    const wrong = await onesSeededGrad(softmax, X, SHAPE);
    // Σ softmax is 1 whatever x is, so both rules give zero: a ones-seeded check passes the wrong one.
    wrong.forEach((g, i) => expect(g).toBeCloseTo(right[i], 12));
    right.forEach((g) => expect(Math.abs(g)).toBeLessThan(1e-12));
  });
});

describe('batch norm: a detached variance is caught', () => {
  const gamma = e.keep(e.tensor([0.5, -1.2, 2, 0.7]));
  const beta = e.keep(e.tensor([0.1, 0.2, -0.3, 0]));
  const state = () => ({ mean: e.zeros([4]), variance: e.ones([4]) });
  const real = (x: Tensor) => batchNorm(x, gamma, beta, state(), { training: true });
  // The same normalisation with the variance treated as a constant: the gradient loses the path through var(x).
  const detached = (x: Tensor) => {
    const v = e.noGrad(() => variance(x, [0]));
    return add(mul(mul(sub(x, mean(x, [0])), rsqrt(add(v, 1e-5))), gamma), beta);
  };

  test('the real batch norm passes', async () => {
    const r = await gradcheck(e, real, [X], [SHAPE], { tol: 1e-5 });
    expect(r.maxRelError).toBeLessThan(1e-5);
  });

  test('a detached variance fails', async () => {
    await expect(gradcheck(e, detached, [X], [SHAPE], { tol: 1e-5 })).rejects.toThrow(/gradcheck: input 0/);
  });

  test('seeding with ones could not see it', async () => {
    // Σ over the batch of a normalised column is 0 whatever the variance, so both gradients are zero.
    const right = await onesSeededGrad(real, X, SHAPE);
    const wrong = await onesSeededGrad(detached, X, SHAPE);
    wrong.forEach((g, i) => expect(g).toBeCloseTo(right[i], 10));
  });
});
