// Kernel descriptors without a GPU: launch plans recorded through a fake launcher, checked for their passes,
// their scratch buffers, their bound inputs, and outputs that match their float64 references in number and size.
import { describe, expect, test } from 'vitest';
import type { Inputs, Kernel, Launcher, Slot } from './kernel.ts';
import type { KernelProgram } from './program.ts';
import { conv2dFilterGradKernel, conv2dKernel, convSplitK, type Conv2dGeometry } from '../conv2d/conv2d.ts';
import { attentionBackwardKernel, attentionKernel, type AttentionDims } from '../attention/attention.ts';
import { matmulKernel, type MatmulSpec, type MatmulTiles } from '../matmul/matmul.ts';
import { pool2dBackwardKernel, pool2dKernel, type Pool2dGeometry } from '../pool2d/pool2d.ts';
import { layerNormKernel } from '../layernorm/layernorm.ts';
import { crossEntropyKernel } from '../cross-entropy/cross-entropy.ts';
import { rnnCellBackwardKernel } from '../rnn-cell/rnn-cell.ts';
import { resize2dBackwardKernel, resize2dKernel } from '../resize2d/resize2d.ts';
import { fillKernel } from '../copy/copy.ts';

interface FakeBuffer {
  id: number;
  bytes: number;
}

/** Records what a plan dispatches; outputs are fake buffers of the programs' sizes. */
class Recorder implements Launcher<FakeBuffer> {
  programs: KernelProgram[] = [];
  freed: FakeBuffer[] = [];
  private next = 0;
  constructor(private forced?: MatmulTiles) {}
  dispatch(program: KernelProgram, inputs: readonly (FakeBuffer | null)[], outputs?: readonly FakeBuffer[]) {
    // The runner refuses a mismatch too, but only on a GPU; here every plan is checked in Node.
    expect(inputs.length, program.label).toBe(program.inputCount);
    this.programs.push(program);
    if (outputs) return [...outputs];
    return [program.outputBytes, ...(program.extraOutputBytes ?? [])].map((bytes) => ({ id: this.next++, bytes }));
  }
  free(buffer: FakeBuffer) {
    this.freed.push(buffer);
  }
  tiles() {
    return this.forced;
  }
}

const fake = (bytes = 4): FakeBuffer => ({ id: -1, bytes });
const zeros = (n: number) => new Float64Array(n);

/** Launches with fake buffers and runs the reference on zeros; both must give outputs of the same sizes. */
function parity<P, In extends readonly Slot[]>(
  kernel: Kernel<P, In>,
  gpuInputs: Inputs<FakeBuffer, In>,
  refInputs: Inputs<Float64Array, In>,
  params: P,
): Recorder {
  const rec = new Recorder();
  const gpu = kernel.launch(rec, gpuInputs, params).map((b) => b.bytes / 4);
  const ref = kernel.reference(refInputs, params).map((a) => a.length);
  expect(gpu, kernel.name).toEqual(ref);
  return rec;
}

const conv: Conv2dGeometry = {
  ...{ n: 8, h: 32, w: 32, cin: 1, cout: 4, kh: 3, kw: 3, strideH: 1, strideW: 1, dilH: 1, dilW: 1 },
  ...{ padTop: 0, padLeft: 0, oh: 30, ow: 30, groups: 1 },
};
const att: AttentionDims = { b: 2, h: 3, t: 5, d: 4, causal: true, hasLens: false };
const pool: Pool2dGeometry = {
  ...{ n: 1, h: 4, w: 4, c: 2, kh: 2, kw: 2, strideH: 2, strideW: 2 },
  ...{ padTop: 0, padLeft: 0, oh: 2, ow: 2 },
};

describe('kernel descriptors', () => {
  test('conv2d filter grad: split-K partials, then one row reduction, and the partials are freed', () => {
    const splits = convSplitK(conv, 'filterGrad');
    expect(splits).toBeGreaterThan(1);
    const x = zeros(8 * 32 * 32);
    const dy = zeros(8 * 30 * 30 * 4);
    const rec = parity(conv2dFilterGradKernel, [fake(), fake()], [x, dy], conv);
    expect(rec.programs.map((p) => p.entryPoint)).toEqual(['conv2d', 'reduce_rows_short']);
    expect(rec.programs[0].outputBytes).toBe(3 * 3 * 4 * splits * 4);
    expect(rec.freed).toHaveLength(1);
  });

  test('attention backward: statistics, dq, then dk and dv; the statistics are freed', () => {
    const n = 2 * 3 * 5;
    const q = zeros(n * 4);
    const rec = parity(
      attentionBackwardKernel,
      [fake(), fake(), fake(), fake(), fake(), fake(), null],
      [q, q, q, q, q, zeros(n), null],
      att,
    );
    expect(rec.programs.map((p) => p.entryPoint)).toEqual([
      'attention_stats',
      'attention_backward_dq',
      'attention_backward_dkv',
    ]);
    expect(rec.freed.map((b) => b.bytes)).toEqual([n * 2 * 4]);
    parity(attentionKernel, [fake(), fake(), fake(), null], [q, q, q, null], att);
  });

  test('GEMM launch plans take the launcher tiles (forced or tuned), else the cost model', () => {
    const spec: MatmulSpec = {
      ...{ m: 33, n: 17, k: 5, transA: false, transB: true, batchShape: [], aBatchStrides: [], bBatchStrides: [] },
      ...{ hasBias: true, activation: 'relu' },
    };
    const forced = { wgX: 4, wgY: 32, tileK: 16 };
    for (const tiles of [forced, undefined]) {
      const rec = new Recorder(tiles);
      matmulKernel.launch(rec, [fake(), fake(), null], spec);
      conv2dKernel.launch(rec, [fake(), fake(), null], { g: conv, activation: 'none' });
      for (const p of rec.programs) {
        if (tiles) expect([p.constants.WG_X, p.constants.WG_Y, p.constants.TILE_K]).toEqual([4, 32, 16]);
        else expect(p.constants.WG_X * p.constants.WG_Y).toBeGreaterThan(0);
      }
    }
  });

  test('multi-output and optional-input kernels give the same outputs on both sides', () => {
    parity(pool2dKernel, [fake()], [zeros(32)], { kind: 'max', g: pool });
    parity(pool2dKernel, [fake()], [zeros(32)], { kind: 'avg', g: pool });
    parity(pool2dBackwardKernel, [fake(), null], [zeros(8), null], { kind: 'avg', g: pool });
    parity(pool2dBackwardKernel, [fake(), fake()], [zeros(8), zeros(8)], { kind: 'max', g: pool });
    parity(layerNormKernel, [fake(), fake(), fake()], [zeros(12), zeros(4), zeros(4)], { rows: 3, cols: 4, eps: 1e-5 });
    parity(crossEntropyKernel, [fake(), fake()], [zeros(12), zeros(3)], {
      ...{ rows: 3, cols: 4 },
      options: { smoothing: 0, ignoreIndex: -1 },
    });
    for (const kind of ['lstm', 'gru'] as const) {
      const z = zeros(64);
      parity(rnnCellBackwardKernel, [fake(), fake(), fake(), fake()], [z, z, z, z], { kind, batch: 2, units: 3 });
    }
    const resize = { n: 2, h: 3, w: 5, c: 3, oh: 7, ow: 4, mode: 'bilinear' as const };
    parity(resize2dKernel, [fake()], [zeros(90)], resize);
    parity(resize2dBackwardKernel, [fake()], [zeros(168)], resize);
    parity(fillKernel, [], [], { size: 5, value: 2, dtype: 'f32' });
  });
});
