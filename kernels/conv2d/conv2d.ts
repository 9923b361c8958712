// Spec of the implicit-GEMM conv2d kernel (NHWC, HWIO filters): geometry, output shapes, dispatch.
import body from './conv2d.wgsl?raw';
import core from '../matmul/gemm-core.wgsl?raw';
import ieee from '../common/ieee.wgsl?raw';
import {
  gemmTileCost,
  rankGemmTiles,
  MATMUL_ACTIVATIONS,
  MATMUL_THREAD_TILE,
  MATMUL_TILE_CANDIDATES,
  type MatmulActivation,
  type MatmulTiles,
} from '../matmul/matmul.ts';
import { wgsl, type KernelProgram } from '../common/program.ts';
import { defineKernel } from '../common/kernel.ts';
import { reduceProgram } from '../reduce/reduce.ts';
import { conv2dFilterGradRef, conv2dInputGradRef, conv2dRef } from './conv2d.ref.ts';

const source = wgsl('conv2d', ieee, core, body);

/** Everything about one convolution's shapes; padding is already resolved to explicit top/left. */
export interface Conv2dGeometry {
  n: number;
  h: number;
  w: number;
  cin: number;
  cout: number;
  kh: number;
  kw: number;
  strideH: number;
  strideW: number;
  dilH: number;
  dilW: number;
  padTop: number;
  padLeft: number;
  /** Output size (bottom/right padding is whatever makes these). */
  oh: number;
  ow: number;
  groups: number;
}

export type Conv2dMode = 'forward' | 'inputGrad' | 'filterGrad';
const MODES: Conv2dMode[] = ['forward', 'inputGrad', 'filterGrad'];

/** Output size along one axis for a given explicit padding. */
export function convOutSize(
  size: number,
  k: number,
  stride: number,
  dil: number,
  padBefore: number,
  padAfter: number,
): number {
  return Math.floor((size + padBefore + padAfter - (k - 1) * dil - 1) / stride) + 1;
}

/** TensorFlow's 'same' padding along one axis: output ceil(size/stride), extra padding after. */
export function samePadding(size: number, k: number, stride: number, dil: number): [number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + (k - 1) * dil + 1 - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/**
 * The GEMM each mode runs (per group): forward M = N·OH·OW, N = Cout/g, K = KH·KW·Cin/g;
 * input grad M = N·H·W, N = Cin/g, K = KH·KW·Cout/g; filter grad M = KH·KW·Cin/g, N = Cout/g, K = N·OH·OW.
 */
export function convGemmDims(g: Conv2dGeometry, mode: Conv2dMode): { m: number; n: number; k: number } {
  const cinG = g.cin / g.groups;
  const coutG = g.cout / g.groups;
  if (mode === 'forward') return { m: g.n * g.oh * g.ow, n: coutG, k: g.kh * g.kw * cinG };
  if (mode === 'inputGrad') return { m: g.n * g.h * g.w, n: cinG, k: g.kh * g.kw * coutG };
  return { m: g.kh * g.kw * cinG, n: coutG, k: g.n * g.oh * g.ow };
}

/** Elements of the tensor a mode produces (dy for forward's y, dx, or dw). */
export function convOutputElements(g: Conv2dGeometry, mode: Conv2dMode): number {
  if (mode === 'forward') return g.n * g.oh * g.ow * g.cout;
  if (mode === 'inputGrad') return g.n * g.h * g.w * g.cin;
  return g.kh * g.kw * (g.cin / g.groups) * g.cout;
}

/** Fewest workgroups worth launching before a long K is split across more of them. */
const SPLIT_K_TARGET_WORKGROUPS = 128;
/** Shortest K chunk one split handles (shorter ones cost more in partial sums than they gain). */
const SPLIT_K_MIN_CHUNK = 256;

/**
 * How many K chunks the filter gradient uses: enough for about SPLIT_K_TARGET_WORKGROUPS
 * workgroups, never chunks shorter than SPLIT_K_MIN_CHUNK. Other modes always use 1.
 */
export function convSplitK(g: Conv2dGeometry, mode: Conv2dMode, tiles: MatmulTiles = convTiles(g, mode)): number {
  if (mode !== 'filterGrad') return 1;
  const d = convGemmDims(g, mode);
  const tileGroups =
    Math.ceil(d.m / (tiles.wgY * MATMUL_THREAD_TILE)) * Math.ceil(d.n / (tiles.wgX * MATMUL_THREAD_TILE)) * g.groups;
  const byWork = Math.ceil(SPLIT_K_TARGET_WORKGROUPS / tileGroups);
  const byLength = Math.floor(d.k / SPLIT_K_MIN_CHUNK);
  return Math.max(1, Math.min(byWork, byLength, 4096));
}

/**
 * The tile candidates for a convolution mode, best first by the cost model. A filter gradient gets its
 * parallelism from split-K, so its tiles are ranked by the cost of the split problem (each tile with the
 * split it would get): otherwise the few-workgroups penalty pushes a small M × N (M = 9 for a 3×3 kernel
 * on one channel) onto a tall tile that is mostly padding — 1.5–2× slower than the best tile, as the
 * autotuner measured on SwiftShader.
 */
export function rankConvTiles(g: Conv2dGeometry, mode: Conv2dMode): MatmulTiles[] {
  const d = convGemmDims(g, mode);
  if (mode !== 'filterGrad') return rankGemmTiles(d.m, d.n, d.k, g.groups);
  return MATMUL_TILE_CANDIDATES.map((t, i) => {
    const splits = convSplitK(g, mode, t);
    return { t, i, cost: gemmTileCost(t, d.m, d.n, Math.ceil(d.k / splits), g.groups * splits) };
  })
    .sort((a, b) => a.cost - b.cost || a.i - b.i)
    .map((x) => x.t);
}

/** The tile shape a convolution mode runs with when no tuned tiles are known. */
export function convTiles(g: Conv2dGeometry, mode: Conv2dMode): MatmulTiles {
  return rankConvTiles(g, mode)[0];
}

/**
 * Builds one conv dispatch. Inputs: forward (x, w, bias|dummy), inputGrad (dy, w, bias|dummy: a transposed
 * convolution's bias, per input channel), filterGrad (x, dy, dummy).
 * With `splitK` > 1 (filter grad only) the output holds `splitK` partial sums per element, innermost,
 * which the caller sums as rows of length `splitK`.
 */
export function conv2dProgram(
  g: Conv2dGeometry,
  mode: Conv2dMode,
  epilogue: { hasBias: boolean; activation: MatmulActivation } = { hasBias: false, activation: 'none' },
  tiles: MatmulTiles = convTiles(g, mode),
  splitK = 1,
): KernelProgram {
  const d = convGemmDims(g, mode);
  if (!Number.isInteger(splitK) || splitK < 1 || (splitK > 1 && mode !== 'filterGrad'))
    throw new RangeError(`conv2d.${mode}: splitK must be 1, or a positive integer for filterGrad (got ${splitK})`);
  const outElems = convOutputElements(g, mode) * splitK;
  const tileM = tiles.wgY * MATMUL_THREAD_TILE;
  const tileN = tiles.wgX * MATMUL_THREAD_TILE;
  const kChunk = Math.ceil(Math.ceil(d.k / splitK) / tiles.tileK) * tiles.tileK;
  return {
    label: `conv2d.${mode}${splitK > 1 ? `/split${splitK}` : ''}[${g.n}x${g.h}x${g.w}x${g.cin} * ${g.kh}x${g.kw}x${g.cin / g.groups}x${g.cout} s${g.strideH},${g.strideW} d${g.dilH},${g.dilW} g${g.groups}]`,
    source,
    entryPoint: 'conv2d',
    constants: {
      WG_X: tiles.wgX,
      WG_Y: tiles.wgY,
      TILE_K: tiles.tileK,
      MODE: MODES.indexOf(mode),
      HAS_BIAS: Number(mode !== 'filterGrad' && epilogue.hasBias),
      ACT: mode === 'forward' ? MATMUL_ACTIVATIONS.indexOf(epilogue.activation) : 0,
    },
    uniforms: new Uint32Array([
      g.n,
      g.h,
      g.w,
      g.cin,
      g.oh,
      g.ow,
      g.cout,
      g.kh,
      g.kw,
      g.strideH,
      g.strideW,
      g.dilH,
      g.dilW,
      g.padTop,
      g.padLeft,
      g.groups,
      g.cin / g.groups,
      g.cout / g.groups,
      d.m,
      d.n,
      d.k,
      splitK,
      kChunk,
      0,
    ]),
    inputCount: 3,
    outputBytes: outElems * 4,
    dispatch: [Math.ceil(d.n / tileN), Math.ceil(d.m / tileM), g.groups * splitK],
  };
}

/** FLOPs of the forward pass (2 per multiply-add). */
export function conv2dFlops(g: Conv2dGeometry): number {
  return 2 * g.n * g.oh * g.ow * g.cout * g.kh * g.kw * (g.cin / g.groups);
}

/** Parameters of the conv2d forward: the geometry and the fused activation (bias is the optional input). */
export interface Conv2dParams {
  g: Conv2dGeometry;
  activation: MatmulActivation;
}

/** Inputs (x, w, bias|null); output y = act(conv(x, w) + bias). */
export const conv2dKernel = defineKernel<Conv2dParams, ['req', 'req', 'opt']>({
  name: 'conv2d',
  launch: (gpu, [x, w, bias], { g, activation }) => {
    const tiles = gpu.tiles({ op: 'conv', mode: 'forward', geometry: g });
    return gpu.dispatch(conv2dProgram(g, 'forward', { hasBias: bias !== null, activation }, tiles), [x, w, bias]);
  },
  reference: ([x, w, bias], { g, activation }) => [conv2dRef(x, w, bias, g, activation)],
});

/** Inputs (dy, w); output dx. */
export const conv2dInputGradKernel = defineKernel<Conv2dGeometry, ['req', 'req']>({
  name: 'conv2d.inputGrad',
  launch: (gpu, [dy, w], g) => {
    const tiles = gpu.tiles({ op: 'conv', mode: 'inputGrad', geometry: g });
    return gpu.dispatch(conv2dProgram(g, 'inputGrad', undefined, tiles), [dy, w, null]);
  },
  reference: ([dy, w], g) => [conv2dInputGradRef(dy, w, g)],
});

/**
 * Inputs (x, dy); output dw. A long K (N·OH·OW) is split across workgroups (split-K, see convSplitK), each
 * writing partial sums innermost; a row reduction then sums them, so the plan is one or two passes.
 */
export const conv2dFilterGradKernel = defineKernel<Conv2dGeometry, ['req', 'req']>({
  name: 'conv2d.filterGrad',
  launch: (gpu, [x, dy], g) => {
    const tiles = gpu.tiles({ op: 'conv', mode: 'filterGrad', geometry: g }) ?? convTiles(g, 'filterGrad');
    const splits = convSplitK(g, 'filterGrad', tiles);
    const [partials] = gpu.dispatch(conv2dProgram(g, 'filterGrad', undefined, tiles, splits), [x, dy, null]);
    if (splits === 1) return [partials];
    const summed = gpu.dispatch(reduceProgram('sum', convOutputElements(g, 'filterGrad'), splits, 1), [partials]);
    gpu.free(partials);
    return summed;
  },
  reference: ([x, dy], g) => [conv2dFilterGradRef(x, dy, g)],
});
