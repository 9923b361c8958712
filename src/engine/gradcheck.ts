// Gradient check: compares backward() with central finite differences, element by element, through a random upstream
// gradient. Meant for the CPU engine (float64 storage), where differences are exact enough for tight tolerances.
import type { Engine } from './engine.ts';
import type { Tensor } from './tensor.ts';
import { backward, zeroGrad } from './autograd.ts';
import { mul, sum } from './ops/api.ts';
import { CpuBackend } from './cpu/cpu-backend.ts';

export interface GradcheckResult {
  /** Largest |analytic - numeric| over all inputs. */
  maxAbsError: number;
  /** Largest |analytic - numeric| / max(1, |numeric|). */
  maxRelError: number;
}

/**
 * Checks d(sum(u * f(inputs)))/d(input) for every input against the central difference of the same scalar, where
 * u is a fixed random tensor shaped like f's output (seeded by `seed`). Seeding backward with ones (sum(f)) hides
 * every rule that is wrong only in a direction ones cannot see: a softmax or batch-norm backward that drops the term
 * coupling a row's outputs still maps a constant upstream to the right answer (zero), and so passed.
 * `values` are the input values; shapes give their shapes. Throws if the error exceeds `tol`.
 */
export async function gradcheck(
  e: Engine,
  f: (...xs: Tensor[]) => Tensor,
  values: readonly (readonly number[])[],
  shapes: readonly (readonly number[])[],
  opts: { eps?: number; tol?: number; seed?: number } = {},
): Promise<GradcheckResult> {
  const eps = opts.eps ?? 1e-6;
  const tol = opts.tol ?? 1e-6;
  // Made on the first call, once f's output shape is known; kept out of scopes until the check ends.
  let upstream: Tensor | null = null;
  const project = (y: Tensor) => {
    upstream ??= e.keep(e.randomNormal(y.shape, { seed: opts.seed ?? 1 }));
    return sum(mul(y, upstream));
  };
  const exact = (t: Tensor) => (e.backend instanceof CpuBackend ? e.backend.readExact(t.storage, t.size) : t.data());
  // f64 values straight into CPU storage, so perturbations are not rounded to f32.
  const make = (vals: readonly number[], shape: readonly number[]) => {
    const t = e.tensor(new Float32Array(vals.length), shape);
    if (e.backend instanceof CpuBackend) (t.storage as unknown as { data: Float64Array }).data.set(vals);
    else t.dispose();
    return e.backend instanceof CpuBackend ? t : e.tensor(Float32Array.from(vals), shape);
  };
  const evalLoss = async (vals: readonly (readonly number[])[]) => {
    const out = e.noGrad(() =>
      e.scope(() => {
        const xs = vals.map((v, i) => make(v, shapes[i]));
        return project(f(...xs));
      }),
    );
    const v = (await exact(out))[0];
    out.dispose();
    return v;
  };

  try {
    const vars = values.map((v, i) => e.variable(make(v, shapes[i])));
    e.scope(() => backward(project(f(...vars))));
    const analytic = await Promise.all(
      vars.map(async (v) => (v.grad ? Array.from(await exact(v.grad)) : new Array<number>(v.size).fill(0))),
    );
    zeroGrad(vars);
    vars.forEach((v) => v.dispose());

    let maxAbsError = 0;
    let maxRelError = 0;
    for (let i = 0; i < values.length; i++) {
      for (let j = 0; j < values[i].length; j++) {
        const plus = values.map((v) => [...v]);
        const minus = values.map((v) => [...v]);
        plus[i][j] += eps;
        minus[i][j] -= eps;
        const numeric = ((await evalLoss(plus)) - (await evalLoss(minus))) / (2 * eps);
        const err = Math.abs(analytic[i][j] - numeric);
        maxAbsError = Math.max(maxAbsError, err);
        maxRelError = Math.max(maxRelError, err / Math.max(1, Math.abs(numeric)));
        if (!(err <= tol * Math.max(1, Math.abs(numeric)))) {
          throw new Error(
            `gradcheck: input ${i} element ${j}: analytic ${analytic[i][j]} vs numeric ${numeric} (error ${err.toExponential(2)} > ${tol})`,
          );
        }
      }
    }
    return { maxAbsError, maxRelError };
  } finally {
    (upstream as Tensor | null)?.dispose();
  }
}
