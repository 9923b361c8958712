// Every op on the WebGPU engine against the float64 CPU engine: forward, and backward with a random
// upstream gradient, on awkward shapes. Tolerances: 1e-4 absolute + 1e-4 relative for elementwise and
// shape ops; reductions and matmuls over up to 25k terms allow 2e-3 absolute (f32 accumulation).
import { afterAll, describe, expect, test } from 'vitest';
import { Engine } from '../engine.ts';
import { backward } from '../autograd.ts';
import type { Tensor } from '../tensor.ts';
import { normalValues } from '../../../kernels/common/random.mjs';
import { inputValues, OP_CASES, type OpCase } from './op-cases.ts';
import { expectClose, printObservedErrors, recordError } from '../../../kernels/common/test-harness.ts';

const gpu = await Engine.create({ backend: 'webgpu' });
const cpu = await Engine.create({ backend: 'cpu' });
afterAll(() => {
  printObservedErrors('WebGPU vs CPU reference');
  gpu.dispose();
});

const accumulates = (c: OpCase) => ['sum', 'mean', 'max', 'min', 'matmul'].includes(c.op);

interface Run {
  out: number[];
  dtype: string;
  grads: (number[] | null)[];
}

async function runCase(e: Engine, c: OpCase): Promise<Run> {
  const specs = c.inputs;
  const inputs = specs.map((s, i) => {
    const t = e.tensor(inputValues(s, 1 + i * 101), s.shape);
    return typeof s.kind === 'object' || s.kind === 'mask' || c.differentiable === false ? e.keep(t) : e.variable(t);
  });
  let out: number[] = [];
  let dtype = '';
  const outT = e.scope(() => {
    const y = c.run(...inputs);
    if (c.differentiable !== false) {
      const seed = e.tensor(normalValues(y.size, 99), y.shape);
      backward(y, seed);
    }
    return y;
  });
  out = Array.from(await outT.data());
  dtype = outT.dtype;
  outT.dispose();
  const grads = await Promise.all(inputs.map(async (t: Tensor) => (t.grad ? Array.from(await t.grad.data()) : null)));
  inputs.forEach((t) => t.dispose());
  return { out, dtype, grads };
}

describe('WebGPU ops against the CPU reference', () => {
  for (const c of OP_CASES) {
    test(c.name, async () => {
      const [g, r] = [await runCase(gpu, c), await runCase(cpu, c)];
      const atol = accumulates(c) ? 2e-3 : 1e-4;
      expect(g.dtype).toBe(r.dtype);
      expectClose(g.out, r.out, atol, 1e-4, `${c.name} forward`);
      recordError(`${c.op} forward`, g.out, r.out);
      g.grads.forEach((gg, i) => gg && r.grads[i] && recordError(`${c.op} backward`, gg, r.grads[i]!));
      g.grads.forEach((gg, i) => {
        if (r.grads[i] === null) expect(gg).toBeNull();
        else expectClose(gg!, r.grads[i]!, atol, 1e-3, `${c.name} grad of input ${i}`);
      });
      await gpu.sync();
    });
  }
});
