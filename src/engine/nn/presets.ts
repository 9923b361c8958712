// Ready-made models, each with a paragraph for learners and the dataset and training settings it expects.
import type { ModelSpec } from './spec.ts';
import type { Schedule } from '../train/schedules.ts';

/** A preset's training defaults; a run may override each of them. */
export interface PresetTraining {
  epochs: number;
  batchSize: number;
  optimizer: 'sgd' | 'momentum' | 'nesterov' | 'adam' | 'adamw';
  lr: number;
  loss: 'softmaxCrossEntropy' | 'mse';
  /** Learning-rate schedule (constant when absent). */
  schedule?: Schedule;
  /** Weight decay (AdamW: decoupled, default 0.01; other optimizers: an L2 term, default 0). */
  weightDecay?: number;
  /** Clip the global gradient norm to this value (no clipping when absent). */
  clipNorm?: number;
}

/**
 * What a preset reaches on its dataset's test split when trained with its defaults, as measured (the rows of
 * docs/measurements/preset-results.json). The card's last sentence is made from it (`presetCard`), and
 * `presets.node.test.ts` checks it against the measurements, so the card, the defaults and the numbers agree.
 */
export interface PresetResult {
  /** Epochs of the measured run: the preset's default (`training.epochs`). */
  epochs: number;
  /** Test accuracy, test loss (nats per token) or root mean squared error (in the target's unit). */
  metric: 'accuracy' | 'loss' | 'rmse';
  value: number;
}

export interface Preset {
  id: string;
  title: string;
  /** One paragraph a learner can read before pressing Train (without numbers: `presetCard` adds the result). */
  description: string;
  /** The measured result of training with the defaults below. */
  expected: PresetResult;
  /** Optionally, a measured run with other epochs (a quicker or a longer one), also named on the card. */
  other?: PresetResult;
  /** Id of the dataset it trains on (see src/data). */
  dataset: string;
  spec: ModelSpec;
  training: PresetTraining;
}

/** The textbook CIFAR-10 CNN (122,570 parameters on 32×32×3); `input` lets it run on 28×28×1 too. */
export function textbookCnn(input: [number, number, number]): ModelSpec {
  return {
    name: 'Textbook CNN',
    input: { shape: input },
    seed: 1,
    layers: [
      { type: 'conv2d', filters: 32, kernelSize: 3, activation: 'relu' },
      { type: 'maxPool2d', poolSize: 2 },
      { type: 'conv2d', filters: 64, kernelSize: 3, activation: 'relu' },
      { type: 'maxPool2d', poolSize: 2 },
      { type: 'conv2d', filters: 64, kernelSize: 3, activation: 'relu' },
      { type: 'flatten' },
      { type: 'dense', units: 64, activation: 'relu' },
      { type: 'dense', units: 10 },
    ],
  };
}

function toy(
  id: string,
  title: string,
  dataset: string,
  classes: number,
  accuracy: number,
  text: string,
  hidden: { units: number; activation: 'tanh' | 'relu' } = { units: 16, activation: 'tanh' },
  lr = 0.03,
  batchSize = 32,
): Preset {
  return {
    id,
    title,
    dataset,
    description: text,
    expected: { epochs: 60, metric: 'accuracy', value: accuracy },
    spec: {
      name: title,
      input: { shape: [2] },
      seed: 1,
      layers: [
        { type: 'dense', ...hidden },
        { type: 'dense', ...hidden },
        { type: 'dense', units: classes },
      ],
    },
    training: { epochs: 60, batchSize, optimizer: 'adam', lr, loss: 'softmaxCrossEntropy' },
  };
}

export const PRESETS: Preset[] = [
  {
    id: 'mnist-mlp',
    title: 'MLP 784-128-10 for MNIST',
    dataset: 'mnist',
    description:
      'The classic first network: each 28×28 digit is flattened into 784 numbers, one hidden layer of 128 ReLU units mixes them, and 10 outputs score the digits 0–9. While it trains, dropout switches off a random fifth of the hidden units at each step, so no digit can be recognised by a few units alone. It ignores where pixels sit relative to each other, yet it is a good baseline to beat with convolutions.',
    expected: { epochs: 5, metric: 'accuracy', value: 0.9767 },
    other: { epochs: 1, metric: 'accuracy', value: 0.9539 },
    spec: {
      name: 'MLP 784-128-10',
      input: { shape: [28, 28, 1] },
      seed: 1,
      layers: [
        { type: 'flatten' },
        { type: 'dense', units: 128, activation: 'relu' },
        { type: 'dropout', rate: 0.2 },
        { type: 'dense', units: 10 },
      ],
    },
    // TensorFlow's beginner quickstart recipe (dropout 0.2, Adam 1e-3, batch 32, 5 epochs); see the README's acceptance
    // table.
    training: { epochs: 5, batchSize: 32, optimizer: 'adam', lr: 1e-3, loss: 'softmaxCrossEntropy' },
  },
  {
    id: 'lenet5',
    title: 'LeNet-5 for MNIST',
    dataset: 'mnist',
    description:
      "Yann LeCun's 1998 convolutional network. Small 5×5 filters slide over the image to detect strokes, pooling keeps the strongest responses, and a second round of filters combines strokes into shapes before three dense layers decide. Sharing filters across the image is why it beats the MLP with fewer parameters. The learning rate shrinks along a cosine curve, so the last epoch fine-tunes instead of bouncing around.",
    expected: { epochs: 5, metric: 'accuracy', value: 0.9896 },
    spec: {
      name: 'LeNet-5',
      input: { shape: [28, 28, 1] },
      seed: 1,
      layers: [
        { type: 'conv2d', filters: 6, kernelSize: 5, padding: 'same', activation: 'relu' },
        { type: 'maxPool2d', poolSize: 2 },
        { type: 'conv2d', filters: 16, kernelSize: 5, activation: 'relu' },
        { type: 'maxPool2d', poolSize: 2 },
        { type: 'flatten' },
        { type: 'dense', units: 120, activation: 'relu' },
        { type: 'dense', units: 84, activation: 'relu' },
        { type: 'dense', units: 10 },
      ],
    },
    // Cosine decay lets the last epoch settle: on an H200, seeds 1–4 gave 98.93–99.01% with it and 98.19–98.81% at a
    // constant rate.
    training: {
      epochs: 5,
      batchSize: 64,
      optimizer: 'adam',
      lr: 1e-3,
      loss: 'softmaxCrossEntropy',
      schedule: { kind: 'cosine' },
    },
  },
  {
    id: 'cifar-cnn',
    title: 'Textbook CNN (CIFAR-10 layout)',
    dataset: 'fashion-mnist',
    description:
      'Three convolution layers (32, 64, 64 filters of 3×3) with pooling between them, then a small dense head: the network from the TensorFlow CNN tutorial, 122,570 parameters on 32×32 colour images. Here it runs on 28×28 grey Fashion-MNIST clothes.',
    expected: { epochs: 10, metric: 'accuracy', value: 0.9127 },
    spec: textbookCnn([28, 28, 1]),
    training: { epochs: 10, batchSize: 64, optimizer: 'adam', lr: 1e-3, loss: 'softmaxCrossEntropy' },
  },
  {
    id: 'names-transformer',
    title: 'Character Transformer that invents first names',
    dataset: 'first-names',
    description:
      'A tiny GPT: each letter becomes a vector, a learned position vector is added, and two Transformer blocks let every letter look back at the letters before it (causal attention) to guess the next one. Sampling one letter at a time from its guesses produces new names that sound plausible but mostly do not exist.',
    expected: { epochs: 20, metric: 'loss', value: 2.019 },
    spec: {
      name: 'Names Transformer',
      input: { shape: [16], dtype: 'i32' },
      seed: 1,
      layers: [
        { type: 'embedding', vocabSize: 30, dim: 64 },
        { type: 'positionalEmbedding', maxLength: 16 },
        { type: 'transformerBlock', heads: 4, causal: true, dropout: 0.1 },
        { type: 'transformerBlock', heads: 4, causal: true, dropout: 0.1 },
        { type: 'layerNorm' },
        { type: 'dense', units: 30 },
      ],
    },
    training: { epochs: 20, batchSize: 64, optimizer: 'adamw', lr: 3e-3, loss: 'softmaxCrossEntropy', clipNorm: 1 },
  },
  {
    id: 'spam-bow-mlp',
    title: 'Spam filter: bag of words + MLP',
    dataset: 'spam-bow',
    description:
      'Each e-mail becomes a list of which of the 2,000 most common words it contains, ignoring their order. A small network learns which words point to spam. Simple, fast, and surprisingly hard to beat.',
    expected: { epochs: 10, metric: 'accuracy', value: 0.9835 },
    spec: {
      name: 'Spam BoW MLP',
      input: { shape: [2000] },
      seed: 1,
      layers: [
        { type: 'dense', units: 64, activation: 'relu' },
        { type: 'dropout', rate: 0.3 },
        { type: 'dense', units: 2 },
      ],
    },
    training: { epochs: 10, batchSize: 32, optimizer: 'adam', lr: 1e-3, loss: 'softmaxCrossEntropy' },
  },
  {
    id: 'spam-bilstm',
    title: 'Spam filter: embeddings + bidirectional LSTM',
    dataset: 'spam-seq',
    description:
      'Here word order matters: each word becomes a learned vector and an LSTM reads the message forwards and another backwards, carrying a memory from word to word. Slower than the bag of words, but it can pick up phrases.',
    expected: { epochs: 5, metric: 'accuracy', value: 0.9793 },
    spec: {
      name: 'Spam BiLSTM',
      input: { shape: [64], dtype: 'i32' },
      seed: 1,
      layers: [
        { type: 'embedding', vocabSize: 2001, dim: 32 },
        { type: 'lstm', units: 32, bidirectional: true },
        { type: 'dense', units: 2 },
      ],
    },
    training: { epochs: 5, batchSize: 32, optimizer: 'adam', lr: 2e-3, loss: 'softmaxCrossEntropy' },
  },
  toy(
    'spiral',
    'Two spirals',
    'spiral',
    2,
    0.8063,
    'Two arms of points wind around each other. No straight line separates them, so the network has to bend its decision boundary many times — 64 ReLU units a layer carve it out as training runs (the 16 tanh units of the other toy sets stay stuck near a coin toss here). The arms are noisy where they pass close, so no model gets every point.',
    { units: 64, activation: 'relu' },
    0.01,
    16,
  ),
  toy(
    'xor',
    'XOR',
    'xor',
    2,
    0.9813,
    'Points in opposite corners share a colour. A single neuron cannot solve this famous puzzle; one hidden layer can.',
  ),
  toy(
    'circles',
    'Circle inside a ring',
    'circles',
    2,
    1,
    'One class sits in the middle, the other in a ring around it: the network must learn a closed boundary.',
  ),
  toy(
    'blobs',
    'Gaussian blobs',
    'blobs',
    3,
    0.9875,
    'Three clouds of points. The easiest toy set: almost straight boundaries do the job.',
  ),
  {
    id: 'iris',
    title: 'Iris flowers',
    dataset: 'iris',
    description:
      "Fisher's 1936 data: four measurements of a flower's petals and sepals decide between three species of iris: a tiny network is enough.",
    expected: { epochs: 100, metric: 'accuracy', value: 0.9667 },
    spec: {
      name: 'Iris classifier',
      input: { shape: [4] },
      seed: 1,
      layers: [
        { type: 'dense', units: 16, activation: 'relu' },
        { type: 'dense', units: 3 },
      ],
    },
    training: { epochs: 100, batchSize: 16, optimizer: 'adam', lr: 1e-2, loss: 'softmaxCrossEntropy' },
  },
  {
    id: 'penguins',
    title: 'Palmer penguins',
    dataset: 'penguins',
    description:
      'Bill length and depth, flipper length and body mass tell Adélie, Chinstrap and Gentoo penguins apart.',
    expected: { epochs: 100, metric: 'accuracy', value: 0.9853 },
    spec: {
      name: 'Penguin classifier',
      input: { shape: [4] },
      seed: 1,
      layers: [
        { type: 'dense', units: 16, activation: 'relu' },
        { type: 'dense', units: 3 },
      ],
    },
    training: { epochs: 100, batchSize: 16, optimizer: 'adam', lr: 1e-2, loss: 'softmaxCrossEntropy' },
  },
  {
    id: 'cars-mpg',
    title: 'Fuel economy regression',
    dataset: 'cars',
    description:
      "Predict a car's miles per gallon from its cylinders, displacement, horsepower, weight, acceleration and year. The output is a number, not a class, so the loss is the mean squared error.",
    expected: { epochs: 100, metric: 'rmse', value: 2.645 },
    spec: {
      name: 'MPG regression',
      input: { shape: [6] },
      seed: 1,
      layers: [
        { type: 'dense', units: 32, activation: 'relu' },
        { type: 'dense', units: 32, activation: 'relu' },
        { type: 'dense', units: 1 },
      ],
    },
    training: { epochs: 100, batchSize: 32, optimizer: 'adam', lr: 1e-2, loss: 'mse' },
  },
];

/** A measured value as a card says it: a percentage (one decimal from 97% up), a loss, or an error. */
function say(r: PresetResult): string {
  if (r.metric === 'loss') return `a test loss of about ${r.value.toFixed(2)} nats per character`;
  if (r.metric === 'rmse') return `a test error (RMSE) of about ${r.value.toFixed(1)} miles per gallon`;
  const pct = r.value >= 0.97 ? (100 * r.value).toFixed(1).replace(/\.0$/, '') : String(Math.round(100 * r.value));
  return `about ${pct}% test accuracy`;
}

const epochs = (n: number) => `${n} epoch${n === 1 ? '' : 's'}`;

/** The sentence that ends a preset's card: what its defaults reach (and another measured run), as measured. */
export function resultSentence(p: Pick<Preset, 'expected' | 'other'>): string {
  const main = `With the defaults (${epochs(p.expected.epochs)}) it reaches ${say(p.expected)}`;
  if (!p.other) return `${main}.`;
  const n = p.other.epochs;
  return `${main}; ${epochs(n)} reach${n === 1 ? 'es' : ''} ${say(p.other)}.`;
}

/** A preset's card: its paragraph and what its defaults reach. */
export const presetCard = (p: Pick<Preset, 'description' | 'expected' | 'other'>): string =>
  `${p.description} ${resultSentence(p)}`;
