// Spec of the strided copy and fill kernels.
import body from './copy.wgsl?raw';
import strided from '../common/strided.wgsl?raw';
import { wgsl, f32Bits, packDims, spreadWorkgroups, type KernelProgram } from '../common/program.ts';
import { sizeOf } from '../common/shape.mjs';
import { singlePass } from '../common/kernel.ts';
import { copyRef } from './copy.ref.ts';

const WG = 256;
const source = wgsl('copy', strided, body);

/** A region of `shape` read from src and written into dst, both through offsets and element strides. */
export interface CopySpec {
  shape: readonly number[];
  srcOffset: number;
  srcStrides: readonly number[];
  dstOffset: number;
  dstStrides: readonly number[];
  /** Elements in the destination buffer (it may be larger than the region). */
  dstSize: number;
}

/** Copies the region; the destination is bound read_write, so uncovered elements keep their values. */
export function copyProgram(spec: CopySpec): KernelProgram {
  const size = sizeOf(spec.shape);
  return {
    label: `copy[${spec.shape.join('x')}]`,
    source,
    entryPoint: 'copy_strided',
    constants: { WG },
    uniforms: new Uint32Array([
      size,
      spec.shape.length,
      spec.srcOffset,
      spec.dstOffset,
      ...packDims(spec.shape),
      ...packDims(spec.srcStrides),
      ...packDims(spec.dstStrides),
    ]),
    inputCount: 1,
    outputBytes: spec.dstSize * 4,
    dispatch: spreadWorkgroups(Math.ceil(size / WG)),
  };
}

/** Fills `size` 32-bit words with `bits` (use f32Bits for floats). */
export function fillProgram(size: number, bits: number): KernelProgram {
  return {
    label: `fill[${size}]`,
    source,
    entryPoint: 'copy_fill',
    constants: { WG },
    uniforms: new Uint32Array([size, bits >>> 0, 0, 0]),
    inputCount: 0,
    outputBytes: size * 4,
    dispatch: spreadWorkgroups(Math.ceil(size / WG)),
  };
}

export type CastKind = 'i32->f32' | 'u32->f32' | 'f32->i32';
const CASTS: CastKind[] = ['i32->f32', 'u32->f32', 'f32->i32'];

/** Converts `size` elements between dtypes (f32 → i32 truncates toward zero). */
export function castProgram(size: number, kind: CastKind): KernelProgram {
  return {
    label: `cast.${kind}[${size}]`,
    source,
    entryPoint: 'copy_cast',
    constants: { WG, CAST: CASTS.indexOf(kind) },
    uniforms: new Uint32Array([size, 0, 0, 0]),
    inputCount: 1,
    outputBytes: size * 4,
    dispatch: spreadWorkgroups(Math.ceil(size / WG)),
  };
}

/** Copies a strided region of the input into the output: a new buffer of `dstSize`, or the one given. */
export const copyKernel = singlePass<CopySpec, ['req']>('copy', copyProgram, ([src], spec, outputs) => [
  copyRef(src, outputs?.[0] ?? new Float64Array(spec.dstSize), spec),
]);

/** Parameters of `fill`: how many elements, the value, and whether it is stored as a float or an integer. */
export interface FillParams {
  size: number;
  value: number;
  dtype: 'f32' | 'i32' | 'u32';
}

/** A buffer of one repeated value; no inputs. */
export const fillKernel = singlePass<FillParams, []>(
  'fill',
  (p) => fillProgram(p.size, p.dtype === 'f32' ? f32Bits(p.value) : p.value >>> 0),
  (_, p) => [new Float64Array(p.size).fill(p.value)],
);

/** Converts `size` elements between dtypes (f32 → i32 truncates toward zero). */
export const castKernel = singlePass<{ size: number; kind: CastKind }, ['req']>(
  'cast',
  (p) => castProgram(p.size, p.kind),
  ([x], p) => {
    const d = x.subarray(0, p.size);
    return [p.kind === 'f32->i32' ? Float64Array.from(d, Math.trunc) : Float64Array.from(d)];
  },
);
