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
export { Model, summarize, validate, parameterShapes, type ModelSummary, type LayerSummary } from './nn/model.ts';
export type { ModelSpec, LayerSpec, Activation, KernelInitializer } from './nn/spec.ts';
export { KERNEL_INITIALIZERS } from './nn/spec.ts';
export {
  PRESETS,
  presetCard,
  resultSentence,
  type Preset,
  type PresetResult,
  type PresetTraining,
} from './nn/presets.ts';
export { Trainer } from './train/trainer.ts';
export { learningRate, type Schedule } from './train/schedules.ts';
export {
  classificationReport,
  perplexity,
  regressionReport,
  type ClassificationReport,
  type RegressionReport,
} from './train/metrics.ts';
export type { ArrayDataset, TrainConfig, TrainEvent, TrainPosition, OptimizerConfig } from './train/types.ts';
