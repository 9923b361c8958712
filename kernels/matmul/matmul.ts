// Spec of the batched, transposable matmul kernel with fused bias and activation epilogue.
import body from './matmul.wgsl?raw';
import core from './gemm-core.wgsl?raw';
import ieee from '../common/ieee.wgsl?raw';
import { wgsl, type KernelProgram } from '../common/program.ts';
import { MAX_WORKGROUPS_PER_DIM } from '../common/program.ts';
import { sizeOf } from '../common/shape.mjs';
import { defineKernel } from '../common/kernel.ts';
import { matmulRef } from './matmul.ref.ts';
import type { Conv2dGeometry, Conv2dMode } from '../conv2d/conv2d.ts';

const source = wgsl('matmul', ieee, core, body);

/** Fused epilogue activations, in the order of the `ACT` switch in matmul.wgsl. */
export const MATMUL_ACTIVATIONS = ['none', 'relu', 'geluTanh', 'sigmoid', 'tanh', 'geluErf'] as const;
export type MatmulActivation = (typeof MATMUL_ACTIVATIONS)[number];

/** Register-tile size per invocation; the `TM`/`TN` consts in matmul.wgsl. */
export const MATMUL_THREAD_TILE = 4;

/** Tile configuration: invocations per workgroup along N (x) and M (y), and the K step. */
export interface MatmulTiles {
  wgX: number;
  wgY: number;
  tileK: number;
}
export const DEFAULT_MATMUL_TILES: MatmulTiles = { wgX: 16, wgY: 16, tileK: 16 };

/**
 * The tile shapes the chooser picks from (TILE_M × TILE_N = 4·wgY × 4·wgX). Square 64×64 tiles
 * suit big GEMMs; tall-narrow ones suit convolutions with few output channels and skinny
 * weight gradients; wide-short ones suit small batches (M = 1 at inference). Each stays
 * within 256 invocations and 16 KiB of workgroup memory.
 */
export const MATMUL_TILE_CANDIDATES: readonly MatmulTiles[] = [
  DEFAULT_MATMUL_TILES, // 64 × 64
  { wgX: 8, wgY: 16, tileK: 16 }, // 64 × 32
  { wgX: 4, wgY: 32, tileK: 16 }, // 128 × 16
  { wgX: 2, wgY: 32, tileK: 16 }, // 128 × 8
  { wgX: 1, wgY: 64, tileK: 8 }, // 256 × 4
  { wgX: 16, wgY: 8, tileK: 16 }, // 32 × 64
  { wgX: 32, wgY: 4, tileK: 16 }, // 16 × 128
  { wgX: 64, wgY: 1, tileK: 8 }, // 4 × 256
];

/** Workgroup memory of one tile configuration, in bytes (two k-major f32 tiles). */
export function tileSharedBytes(t: MatmulTiles): number {
  return t.tileK * (t.wgX + t.wgY) * MATMUL_THREAD_TILE * 4;
}

/**
 * The cost model's estimate for one tile shape on an M × N × K GEMM (arbitrary units, lower is better):
 * the padded work (partial tiles compute zeros), plus the tile loads per multiply-add (small tiles reuse
 * less), plus a penalty when there are too few workgroups to fill the GPU.
 */
export function gemmTileCost(t: MatmulTiles, m: number, n: number, k: number, batch = 1): number {
  const tm = t.wgY * MATMUL_THREAD_TILE;
  const tn = t.wgX * MATMUL_THREAD_TILE;
  const groups = Math.ceil(m / tm) * Math.ceil(n / tn) * batch;
  const padded = groups * tm * tn * Math.max(1, Math.ceil(k / t.tileK) * t.tileK);
  return padded * (1 + (4 * (tm + tn)) / (tm * tn)) * (1 + 8 / groups);
}

/** The tile candidates ordered by the cost model, best first (ties keep the candidates' order). */
export function rankGemmTiles(m: number, n: number, k: number, batch = 1): MatmulTiles[] {
  return MATMUL_TILE_CANDIDATES.map((t, i) => ({ t, i, cost: gemmTileCost(t, m, n, k, batch) }))
    .sort((a, b) => a.cost - b.cost || a.i - b.i)
    .map((x) => x.t);
}

/** Picks the tile shape for an M × N × K GEMM with the cost model (the autotuner may override it). */
export function chooseGemmTiles(m: number, n: number, k: number, batch = 1): MatmulTiles {
  return rankGemmTiles(m, n, k, batch)[0];
}

/**
 * C[batch] = act(op(A) · op(B) + bias). A is [..., M, K] (or [..., K, M] when transA),
 * B is [..., K, N] (or [..., N, K] when transB). Batch dims are already broadcast to
 * `batchShape`; `aBatchStrides`/`bBatchStrides` are element strides per batch dim (0 = broadcast).
 */
export interface MatmulSpec {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  batchShape: readonly number[];
  aBatchStrides: readonly number[];
  bBatchStrides: readonly number[];
  hasBias: boolean;
  activation: MatmulActivation;
}

/**
 * One GEMM-shaped problem as a backend meets it: a matmul spec, or one mode of a convolution. Tile choice
 * (forced tiles, the autotuned table, the cost model) and the autotuner's problem classes are keyed by it.
 */
export type GemmProblem =
  { op: 'matmul'; spec: MatmulSpec } | { op: 'conv'; mode: Conv2dMode; geometry: Conv2dGeometry };

/** Largest number of batch dims the kernel decomposes in-shader. */
export const MATMUL_MAX_BATCH_RANK = 4;

/** Builds the dispatch. Inputs are (A, B, bias-or-dummy). */
export function matmulProgram(s: MatmulSpec, tilesOverride?: MatmulTiles): KernelProgram {
  const tiles = tilesOverride ?? chooseGemmTiles(s.m, s.n, s.k, sizeOf(s.batchShape));
  if (s.batchShape.length > MATMUL_MAX_BATCH_RANK) {
    throw new RangeError(`matmul supports at most ${MATMUL_MAX_BATCH_RANK} batch dims, got ${s.batchShape.length}`);
  }
  const batch = sizeOf(s.batchShape);
  if (batch > MAX_WORKGROUPS_PER_DIM) throw new RangeError(`matmul batch ${batch} exceeds ${MAX_WORKGROUPS_PER_DIM}`);
  const tileM = tiles.wgY * MATMUL_THREAD_TILE;
  const tileN = tiles.wgX * MATMUL_THREAD_TILE;
  if (tiles.tileK % 4 !== 0) throw new RangeError(`matmul tileK must be a multiple of 4, got ${tiles.tileK}`);
  // vec4 loads need the operand's contiguous dim and every batch offset to be multiples of 4.
  const aContig = s.transA ? s.m : s.k;
  const bContig = s.transB ? s.k : s.n;
  const aligned = (contig: number, strides: readonly number[]) => contig % 4 === 0 && strides.every((x) => x % 4 === 0);
  const pad4 = (v: readonly number[], fill: number) => [...v, ...new Array(4 - v.length).fill(fill)];
  return {
    label: `matmul[${s.batchShape.join('x') || '1'}; ${s.m}x${s.k}${s.transA ? 'ᵀ' : ''} · ${s.k}x${s.n}${s.transB ? 'ᵀ' : ''}${s.hasBias ? ' +bias' : ''}${s.activation !== 'none' ? ' ' + s.activation : ''}]`,
    source,
    entryPoint: 'matmul',
    constants: {
      WG_X: tiles.wgX,
      WG_Y: tiles.wgY,
      TILE_K: tiles.tileK,
      TRANS_A: Number(s.transA),
      TRANS_B: Number(s.transB),
      VEC_A: Number(aligned(aContig, s.aBatchStrides)),
      VEC_B: Number(aligned(bContig, s.bBatchStrides)),
      HAS_BIAS: Number(s.hasBias),
      ACT: MATMUL_ACTIVATIONS.indexOf(s.activation),
    },
    uniforms: new Uint32Array([
      s.m,
      s.n,
      s.k,
      s.batchShape.length,
      ...pad4(s.batchShape, 1),
      ...pad4(s.aBatchStrides, 0),
      ...pad4(s.bBatchStrides, 0),
    ]),
    inputCount: 3,
    outputBytes: batch * s.m * s.n * 4,
    dispatch: [Math.ceil(s.n / tileN), Math.ceil(s.m / tileM), batch],
  };
}

/** FLOPs of one matmul (2·M·N·K per batch entry), for throughput reports. */
export function matmulFlops(s: Pick<MatmulSpec, 'm' | 'n' | 'k' | 'batchShape'>): number {
  return 2 * s.m * s.n * s.k * sizeOf(s.batchShape);
}

/** Inputs (A, B, bias|null); the tiles are the launcher's choice for this problem, else the cost model's. */
export const matmulKernel = defineKernel<MatmulSpec, ['req', 'req', 'opt']>({
  name: 'matmul',
  launch: (gpu, inputs, spec) => gpu.dispatch(matmulProgram(spec, gpu.tiles({ op: 'matmul', spec })), inputs),
  reference: ([a, b, bias], spec) => [matmulRef(a, b, bias, spec)],
});
