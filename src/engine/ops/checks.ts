// Input checks shared by op forwards: they run before any GPU work and name the op and the shapes.
import type { Tensor } from '../tensor.ts';
import { DTypeError } from '../errors.ts';

export function requireF32(op: string, ...xs: readonly Tensor[]): void {
  for (const x of xs) {
    if (x.dtype !== 'f32')
      throw new DTypeError(op, `expects f32 tensors, got ${x.dtype} of shape [${x.shape.join(', ')}]`);
  }
}

export function requireIndex(op: string, x: Tensor): void {
  if (x.dtype === 'f32')
    throw new DTypeError(op, `indices must be i32 or u32, got f32 of shape [${x.shape.join(', ')}]`);
}
