// Spec of the strided copy and fill kernels.
import body from './copy.wgsl?raw';
import strided from '../common/strided.wgsl?raw';
import { packDims, spreadWorkgroups, type KernelProgram } from '../common/program.ts';
import { sizeOf } from '../common/shape.mjs';

const WG = 256;
const code = `${strided}\n${body}`;

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
    code,
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
    code,
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
    code,
    entryPoint: 'copy_cast',
    constants: { WG, CAST: CASTS.indexOf(kind) },
    uniforms: new Uint32Array([size, 0, 0, 0]),
    inputCount: 1,
    outputBytes: size * 4,
    dispatch: spreadWorkgroups(Math.ceil(size / WG)),
  };
}
