// Types of kernels/common/shape.mjs (element counts and row-major strides shared by every layer and the scripts).

/** Number of elements of a shape (1 for a scalar's empty shape). */
export function sizeOf(shape: readonly number[]): number;
/** Row-major element strides of a shape (the last axis has stride 1). */
export function stridesOf(shape: readonly number[]): number[];
