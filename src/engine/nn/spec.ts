// The model spec: plain JSON that describes a network, so it can be stored, exported in checkpoint
// metadata, edited in the UI and validated before anything runs. Shapes never include the batch dim.

/** `relu6` is min(max(x, 0), 6), as in MobileNet (Keras' ReLU with max_value 6). */
export type Activation = 'linear' | 'relu' | 'relu6' | 'leakyRelu' | 'gelu' | 'tanh' | 'sigmoid' | 'softmax';
export type Pair = number | [number, number];
/**
 * How a Dense or Conv2D kernel starts: 'auto' (the default) is He-normal before ReLU and Glorot-uniform otherwise;
 * Keras starts every kernel Glorot-uniform.
 */
export const KERNEL_INITIALIZERS = ['auto', 'glorotUniform', 'heNormal'] as const;
export type KernelInitializer = (typeof KERNEL_INITIALIZERS)[number];

export type LayerSpec =
  | { type: 'dense'; units: number; activation?: Activation; useBias?: boolean; kernelInitializer?: KernelInitializer }
  | {
      type: 'conv2d';
      filters: number;
      kernelSize: Pair;
      strides?: Pair;
      padding?: 'valid' | 'same';
      activation?: Activation;
      kernelInitializer?: KernelInitializer;
      /** Without a bias (a convolution followed by batch norm). Default true. */
      useBias?: boolean;
      /**
       * Grouped convolution: input and output channels split into this many groups (the kernel is
       * [kh, kw, in/groups, filters]); groups = input channels is a depthwise convolution. Default 1.
       */
      groups?: number;
    }
  | { type: 'maxPool2d'; poolSize: Pair; strides?: Pair; padding?: 'valid' | 'same' }
  | { type: 'avgPool2d'; poolSize: Pair; strides?: Pair; padding?: 'valid' | 'same' }
  | { type: 'globalAvgPool2d' }
  /** Zeros around an image: [top, bottom, left, right] rows and columns. */
  | { type: 'zeroPadding2d'; pads: [number, number, number, number] }
  | { type: 'flatten' }
  | { type: 'reshape'; shape: number[] }
  | { type: 'dropout'; rate: number }
  | { type: 'batchNorm'; momentum?: number; epsilon?: number }
  | { type: 'layerNorm'; epsilon?: number }
  | { type: 'embedding'; vocabSize: number; dim: number }
  | { type: 'positionalEmbedding'; maxLength: number }
  | { type: 'multiHeadAttention'; heads: number; causal?: boolean }
  | { type: 'transformerBlock'; heads: number; mlpRatio?: number; dropout?: number; causal?: boolean }
  | { type: 'residual'; layers: LayerSpec[] }
  | { type: 'activation'; activation: Activation }
  | { type: 'simpleRNN'; units: number; returnSequences?: boolean; bidirectional?: boolean }
  | { type: 'lstm'; units: number; returnSequences?: boolean; bidirectional?: boolean }
  | { type: 'gru'; units: number; returnSequences?: boolean; bidirectional?: boolean };

export type LayerType = LayerSpec['type'];

export interface ModelSpec {
  /** Shown in the UI and stored with checkpoints. */
  name: string;
  input: { shape: number[]; dtype?: 'f32' | 'i32' };
  layers: LayerSpec[];
  /** Initialisation seed: the same seed gives the same initial weights. */
  seed?: number;
}

export const ACTIVATIONS: readonly Activation[] = [
  'linear',
  'relu',
  'relu6',
  'leakyRelu',
  'gelu',
  'tanh',
  'sigmoid',
  'softmax',
];

/**
 * The fields whose value is one of a fixed list, by field name: the layer editor offers them as choices (sent by
 * the worker, so the page keeps no second copy) and shape inference refuses any other value, naming the layer.
 */
export const FIELD_CHOICES: Readonly<Record<string, readonly string[]>> = {
  activation: ACTIVATIONS,
  padding: ['valid', 'same'],
  kernelInitializer: KERNEL_INITIALIZERS,
};

/** The fields that are true or false. */
export const BOOLEAN_FIELDS: readonly string[] = ['useBias', 'causal', 'returnSequences', 'bidirectional'];

/**
 * Optional fields the layer editor shows even when a layer leaves them out, with the value that absence means
 * (a dense layer without `activation` is linear).
 */
export const OPTIONAL_FIELDS: Readonly<Partial<Record<LayerType, Readonly<Record<string, string | boolean>>>>> = {
  dense: { activation: 'linear' },
  conv2d: { padding: 'valid', activation: 'linear' },
  maxPool2d: { padding: 'valid' },
  avgPool2d: { padding: 'valid' },
  simpleRNN: { returnSequences: false, bidirectional: false },
  lstm: { returnSequences: false, bidirectional: false },
  gru: { returnSequences: false, bidirectional: false },
  multiHeadAttention: { causal: false },
  transformerBlock: { causal: false },
};
