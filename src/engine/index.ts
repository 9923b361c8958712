// The engine's public surface: create an Engine, make tensors, call ops, differentiate.
export { Engine, type EngineOptions, type TapeNode } from './engine.ts';
export { Tensor } from './tensor.ts';
export type { DType, MemoryStats, AnyTypedArray } from './backend.ts';
export * from './ops/api.ts';
export { backward, zeroGrad } from './autograd.ts';
export { gradcheck, type GradcheckResult } from './gradcheck.ts';
export { OP_NAMES } from './ops/table.ts';
export type { OpName } from './ops/types.ts';
export * from './errors.ts';
export { acquireDevice, type AdapterReport } from './webgpu/device.ts';
export { sizeOf, type Shape } from './shape.ts';
export { SGD, Adam, AdamW, clipGradNorm, type SgdOptions, type AdamOptions } from './optim.ts';
