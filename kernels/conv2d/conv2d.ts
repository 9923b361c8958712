// Spec of the implicit-GEMM conv2d kernel (NHWC, HWIO filters): geometry, output shapes, dispatch.
import body from './conv2d.wgsl?raw';
import core from '../matmul/gemm-core.wgsl?raw';
import { DEFAULT_MATMUL_TILES, MATMUL_ACTIVATIONS, MATMUL_THREAD_TILE, type MatmulActivation, type MatmulTiles } from '../matmul/matmul.ts';
import type { KernelProgram } from '../common/program.ts';

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
export function convOutSize(size: number, k: number, stride: number, dil: number, padBefore: number, padAfter: number): number {
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

/** Builds one conv dispatch. Inputs: forward (x, w, bias|dummy), inputGrad (dy, w, dummy), filterGrad (x, dy, dummy). */
export function conv2dProgram(
  g: Conv2dGeometry,
  mode: Conv2dMode,
  epilogue: { hasBias: boolean; activation: MatmulActivation } = { hasBias: false, activation: 'none' },
  tiles: MatmulTiles = DEFAULT_MATMUL_TILES,
): KernelProgram {
  const d = convGemmDims(g, mode);
  const outElems = mode === 'forward' ? g.n * g.oh * g.ow * g.cout : mode === 'inputGrad' ? g.n * g.h * g.w * g.cin : g.kh * g.kw * (g.cin / g.groups) * g.cout;
  const tileM = tiles.wgY * MATMUL_THREAD_TILE;
  const tileN = tiles.wgX * MATMUL_THREAD_TILE;
  return {
    label: `conv2d.${mode}[${g.n}x${g.h}x${g.w}x${g.cin} * ${g.kh}x${g.kw}x${g.cin / g.groups}x${g.cout} s${g.strideH},${g.strideW} d${g.dilH},${g.dilW} g${g.groups}]`,
    code: `${core}\n${body}`,
    entryPoint: 'conv2d',
    constants: {
      WG_X: tiles.wgX,
      WG_Y: tiles.wgY,
      TILE_K: tiles.tileK,
      MODE: MODES.indexOf(mode),
      HAS_BIAS: Number(mode === 'forward' && epilogue.hasBias),
      ACT: mode === 'forward' ? MATMUL_ACTIVATIONS.indexOf(epilogue.activation) : 0,
    },
    uniforms: new Uint32Array([
      g.n, g.h, g.w, g.cin,
      g.oh, g.ow, g.cout, g.kh,
      g.kw, g.strideH, g.strideW, g.dilH,
      g.dilW, g.padTop, g.padLeft, g.groups,
      g.cin / g.groups, g.cout / g.groups, d.m, d.n,
      d.k, 0, 0, 0,
    ]),
    inputCount: 3,
    outputBytes: outElems * 4,
    dispatch: [Math.ceil(d.n / tileN), Math.ceil(d.m / tileM), g.groups],
  };
}

/** FLOPs of the forward pass (2 per multiply-add). */
export function conv2dFlops(g: Conv2dGeometry): number {
  return 2 * g.n * g.oh * g.ow * g.cout * g.kh * g.kw * (g.cin / g.groups);
}
