// Models the studio proposes for any dataset, from its description alone: an MLP for tables, small CNNs sized to
// the image (any height, width and channels), and bag-of-words, LSTM and Transformer models sized to the vocabulary
// and sequence length. Pure: each proposal is a spec plus training defaults that the layer editor can change.
import type { PresetTraining } from './presets.ts';
import type { LayerSpec, ModelSpec } from './spec.ts';
import { lossFor, type DatasetShape } from './spec-fit.ts';

/** A model proposed for a dataset: editable in the layer editor like a preset. */
export interface Proposal {
  id: string;
  title: string;
  description: string;
  spec: ModelSpec;
  training: PresetTraining;
}

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** The output layer the task needs: one logit per class or token, one linear unit per regression target. */
function head(d: DatasetShape): LayerSpec {
  return { type: 'dense', units: d.task === 'regression' ? Math.max(1, size(d.yShape)) : d.classes };
}

function training(d: DatasetShape, over: Partial<PresetTraining> = {}): PresetTraining {
  // Small sets need more passes to learn; a batch never exceeds the set, so an epoch is at least one step.
  const epochs = d.count < 2000 ? 50 : d.count < 20000 ? 10 : 3;
  const batchSize = Math.max(1, Math.min(d.count, d.count < 2000 ? 16 : 64));
  return { epochs, batchSize, optimizer: 'adam', lr: 1e-3, loss: lossFor(d.task), ...over };
}

function spec(d: DatasetShape, name: string, layers: LayerSpec[]): ModelSpec {
  return {
    name,
    input: { shape: [...d.xShape], ...(d.xDtype === 'i32' ? { dtype: 'i32' as const } : {}) },
    seed: 1,
    layers: [...layers, head(d)],
  };
}

const what = (d: DatasetShape) =>
  d.task === 'regression'
    ? `predicts ${size(d.yShape) === 1 ? 'the number' : `the ${size(d.yShape)} numbers`} (mean squared error)`
    : `scores the ${d.classes} classes (cross-entropy)`;

function tabular(d: DatasetShape): Proposal[] {
  const flat: LayerSpec[] = d.xShape.length > 1 ? [{ type: 'flatten' }] : [];
  const n = size(d.xShape);
  const hidden = Math.min(128, Math.max(16, 2 ** Math.ceil(Math.log2(n + 1))));
  return [
    {
      id: 'mlp',
      title: `MLP with one hidden layer of ${hidden}`,
      description: `Each sample's ${n} number${n === 1 ? '' : 's'} feed ${hidden} ReLU units, and a last dense layer ${what(d)}. The usual first model for a table.`,
      spec: spec(d, 'MLP', [...flat, { type: 'dense', units: hidden, activation: 'relu' }]),
      training: training(d, { lr: 1e-2 }),
    },
    {
      id: 'mlp-deep',
      title: `Deeper MLP (2 × ${hidden} with dropout)`,
      description: `Two hidden layers of ${hidden} ReLU units, with dropout between them so it does not memorise a small table. Try it when the first MLP fits the training set much better than the validation set.`,
      spec: spec(d, 'Deeper MLP', [
        ...flat,
        { type: 'dense', units: hidden, activation: 'relu' },
        { type: 'dropout', rate: 0.2 },
        { type: 'dense', units: hidden, activation: 'relu' },
      ]),
      training: training(d, { lr: 3e-3 }),
    },
  ];
}

/** Convolution then pooling while the picture is at least 2 pixels each way (pooling a 1-pixel axis is not done). */
function convBlock(
  h: number,
  w: number,
  filters: number,
  kernel: number,
): { layers: LayerSpec[]; h: number; w: number } {
  const layers: LayerSpec[] = [
    { type: 'conv2d', filters, kernelSize: Math.min(kernel, h, w), padding: 'same', activation: 'relu' },
  ];
  if (h >= 2 && w >= 2) {
    layers.push({ type: 'maxPool2d', poolSize: 2 });
    return { layers, h: Math.floor(h / 2), w: Math.floor(w / 2) };
  }
  return { layers, h, w };
}

function images(d: DatasetShape): Proposal[] {
  const [h, w, c] = d.xShape;
  const small = convBlock(h, w, 16, 3);
  const small2 = convBlock(small.h, small.w, 32, 3);
  const le1 = convBlock(h, w, 6, 5);
  const le2 = convBlock(le1.h, le1.w, 16, 5);
  const train = training(d, {
    epochs: d.count < 2000 ? 30 : d.count < 20000 ? 5 : 2,
    batchSize: Math.min(d.count, 32),
  });
  const colour = c === 1 ? 'grey' : c === 3 ? 'colour' : `${c}-channel`;
  return [
    {
      id: 'cnn',
      title: `Small CNN for ${h}×${w} ${colour} images`,
      description: `Two rounds of 3×3 filters (16, then 32) with 2×2 max pooling find edges, then shapes; a dense layer of 64 and the output layer ${what(d)}. 'same' padding keeps it valid for small pictures.`,
      spec: spec(d, 'Small CNN', [
        ...small.layers,
        ...small2.layers,
        { type: 'flatten' },
        { type: 'dense', units: 64, activation: 'relu' },
      ]),
      training: train,
    },
    {
      id: 'lenet',
      title: `LeNet-style CNN for ${h}×${w}×${c}`,
      description: `LeCun's 1998 layout sized to these images: 5×5 filters (6, then 16) with pooling, then dense layers of 120 and 84. The filters shrink to fit pictures smaller than 5 pixels.`,
      spec: spec(d, 'LeNet-style CNN', [
        ...le1.layers,
        ...le2.layers,
        { type: 'flatten' },
        { type: 'dense', units: 120, activation: 'relu' },
        { type: 'dense', units: 84, activation: 'relu' },
      ]),
      training: train,
    },
    {
      id: 'mlp',
      title: 'MLP on the flattened pixels',
      description: `The ${h * w * c} pixel values in one vector, 128 ReLU units, and the output layer: a baseline that ignores where pixels sit.`,
      spec: spec(d, 'Pixel MLP', [{ type: 'flatten' }, { type: 'dense', units: 128, activation: 'relu' }]),
      training: train,
    },
  ];
}

function tokens(d: DatasetShape): Proposal[] {
  const length = d.xShape[0];
  const vocab = Math.max(d.tokenRange ?? 0, d.task === 'sequence' ? d.classes : 0, 2);
  const dim = vocab > 1000 ? 32 : 64;
  const heads = dim / 16;
  const embed: LayerSpec = { type: 'embedding', vocabSize: vocab, dim };
  const seqTraining = training(d, { epochs: d.count < 20000 ? 10 : 3, batchSize: Math.min(d.count, 64) });
  const sized = `(vocabulary ${vocab}, length ${length})`;
  const transformer: Proposal = {
    id: 'transformer',
    title: `Small Transformer ${sized}`,
    description:
      d.task === 'sequence'
        ? 'Each token becomes a vector with its position added, and two Transformer blocks let each position look back at the ones before it (causal attention) to guess the next token.'
        : 'Each token becomes a vector with its position added, one Transformer block lets every token attend to every other, and the average over positions is classified.',
    spec: spec(d, 'Small Transformer', [
      embed,
      { type: 'positionalEmbedding', maxLength: length },
      ...(d.task === 'sequence'
        ? [
            { type: 'transformerBlock', heads, causal: true, dropout: 0.1 } as LayerSpec,
            { type: 'transformerBlock', heads, causal: true, dropout: 0.1 } as LayerSpec,
            { type: 'layerNorm' } as LayerSpec,
          ]
        : [
            { type: 'transformerBlock', heads, dropout: 0.1 } as LayerSpec,
            { type: 'layerNorm' } as LayerSpec,
            { type: 'reshape', shape: [length, 1, dim] } as LayerSpec,
            { type: 'globalAvgPool2d' } as LayerSpec,
          ]),
    ]),
    training: { ...seqTraining, optimizer: 'adamw', lr: 3e-3, clipNorm: 1 },
  };
  if (d.task === 'sequence')
    return [
      transformer,
      {
        id: 'lstm',
        title: `LSTM language model ${sized}`,
        description:
          'An LSTM reads the tokens left to right and, at every position, scores the next token from what it has read so far (it cannot look ahead, which would give the answer away).',
        spec: spec(d, 'LSTM language model', [embed, { type: 'lstm', units: 64, returnSequences: true }]),
        training: { ...seqTraining, lr: 3e-3, clipNorm: 1 },
      },
    ];
  return [
    {
      id: 'bow-mlp',
      title: `Bag of words + MLP ${sized}`,
      description:
        'Each token becomes a learned vector and the vectors are averaged, ignoring word order (a bag of words), then a small MLP decides. Fast, and a strong baseline for text.',
      spec: spec(d, 'Bag-of-words MLP', [
        embed,
        { type: 'reshape', shape: [length, 1, dim] },
        { type: 'globalAvgPool2d' },
        { type: 'dense', units: 64, activation: 'relu' },
      ]),
      training: { ...seqTraining, lr: 3e-3 },
    },
    {
      id: 'bilstm',
      title: `Bidirectional LSTM ${sized}`,
      description:
        'An LSTM reads the tokens forwards and another backwards, carrying a memory from token to token, so word order counts. Slower than the bag of words.',
      spec: spec(d, 'BiLSTM', [embed, { type: 'lstm', units: 32, bidirectional: true }]),
      training: { ...seqTraining, lr: 2e-3 },
    },
    transformer,
  ];
}

/**
 * Models that fit dataset `d`: tables get MLPs, images ([height, width, channels]) CNNs and a pixel MLP, token
 * sequences (i32) a bag of words, an LSTM and a small Transformer. Every proposal passes `checkSpec` against `d`.
 */
export function proposeModels(d: DatasetShape): Proposal[] {
  if (d.xDtype === 'i32' && d.xShape.length === 1) return tokens(d);
  if (d.xShape.length === 3 && d.task !== 'sequence') return images(d);
  return tabular(d);
}
