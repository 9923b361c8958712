// Test fixtures: small Keras models built with @tensorflow/tfjs-layers and saved through a custom IOHandler into the
// files a person would drop (model.json + .bin shards, optionally metadata.json). Used by the importer's tests only.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-layers' orthogonal initializer (recurrent kernels) calls chained ops such as tensor.flatten().
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import * as tfl from '@tensorflow/tfjs-layers';
import type { ModelFile } from './model-json.ts';
import { normalValues } from '../../../kernels/common/random.mjs';

export { tf, tfl };

/** Replaces every weight with seeded random values (variances positive), so parity tests are not all-zeros. */
export function randomize(m: tfl.LayersModel, seed: number): void {
  m.setWeights(
    m.weights.map((w, i) => {
      const shape = w.shape as number[];
      const v = normalValues(
        shape.reduce((a, b) => a * b, 1),
        seed + i,
      );
      const positive = /variance/.test(w.name);
      return tf.tensor(positive ? v.map((x) => 0.5 + Math.abs(x)) : v.map((x) => 0.5 * x), shape);
    }),
  );
}

/** Saves `m` as model.json + weight shards (split into `shards` files), plus metadata.json when labels are given. */
export async function saveModel(
  m: tfl.LayersModel,
  o: { shards?: number; labels?: string[] } = {},
): Promise<ModelFile[]> {
  let files: ModelFile[] = [];
  await m.save(
    tf.io.withSaveHandler(async (a) => {
      const data = new Uint8Array(tf.io.concatenateArrayBuffers([a.weightData as ArrayBuffer].flat()));
      const n = o.shards ?? 1;
      const step = Math.ceil(data.byteLength / n);
      const paths = Array.from({ length: n }, (_, i) => `group1-shard${i + 1}of${n}.bin`);
      const json = {
        format: 'layers-model',
        generatedBy: 'test',
        convertedBy: null,
        modelTopology: a.modelTopology,
        weightsManifest: [{ paths, weights: a.weightSpecs }],
      };
      files = [
        { name: 'model.json', bytes: new TextEncoder().encode(JSON.stringify(json)).buffer as ArrayBuffer },
        ...paths.map((name, i) => ({ name, bytes: data.slice(i * step, (i + 1) * step).buffer as ArrayBuffer })),
      ];
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (o.labels)
    files.push({
      name: 'metadata.json',
      bytes: new TextEncoder().encode(
        JSON.stringify({ tmVersion: '2.4.0', modelName: 'tm-my-image-model', labels: o.labels }),
      ).buffer as ArrayBuffer,
    });
  return files;
}

/** A dense classifier [6] → 3 classes (softmax). */
export function mlp(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [6], units: 8, activation: 'relu' }),
      tfl.layers.dropout({ rate: 0.25 }),
      tfl.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
}

/** A CNN with every image layer the importer maps. */
export function cnn(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        inputShape: [9, 9, 2],
        filters: 4,
        kernelSize: 3,
        strides: 2,
        padding: 'same',
        activation: 'relu',
      }),
      tfl.layers.batchNormalization(),
      tfl.layers.zeroPadding2d({
        padding: [
          [1, 0],
          [0, 2],
        ],
      }),
      tfl.layers.depthwiseConv2d({ kernelSize: 2, depthMultiplier: 2, activation: 'relu6' }),
      tfl.layers.separableConv2d({ filters: 5, kernelSize: 2, padding: 'same', activation: 'tanh' }),
      tfl.layers.maxPooling2d({ poolSize: 2, strides: 1 }),
      tfl.layers.averagePooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 4, activation: 'sigmoid' }),
    ],
  });
}

/**
 * A Teachable-Machine-shaped image model: a functional MobileNetV2-like base (conv without bias, batch norm, ReLU6,
 * an inverted-residual block with an Add, global average pooling) nested in a Sequential, then a Sequential head.
 */
export function teachable(classes = 3, size = 8): tfl.LayersModel {
  const x = tfl.input({ shape: [size, size, 3] });
  const bn = () => tfl.layers.batchNormalization({ epsilon: 1e-3, momentum: 0.999 });
  let h = tfl.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', useBias: false }).apply(x);
  h = tfl.layers.reLU({ maxValue: 6 }).apply(bn().apply(h));
  let b = tfl.layers.conv2d({ filters: 8, kernelSize: 1, useBias: false }).apply(h);
  b = tfl.layers.reLU({ maxValue: 6 }).apply(bn().apply(b));
  b = tfl.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', useBias: false }).apply(b);
  b = tfl.layers.reLU({ maxValue: 6 }).apply(bn().apply(b));
  b = bn().apply(tfl.layers.conv2d({ filters: 4, kernelSize: 1, useBias: false }).apply(b));
  const added = tfl.layers.add().apply([h as tfl.SymbolicTensor, b as tfl.SymbolicTensor]);
  const pooled = tfl.layers.globalAveragePooling2d({}).apply(added) as tfl.SymbolicTensor;
  const base = tfl.model({ inputs: x, outputs: pooled });
  const head = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [4], units: 6, activation: 'relu' }),
      tfl.layers.dense({ units: classes, activation: 'softmax', useBias: false }),
    ],
  });
  const m = tfl.sequential();
  m.add(base);
  m.add(head);
  return m;
}

/** Tokens → Embedding → SimpleRNN (sequences) → Bidirectional LSTM (sequences) → LSTM (sigmoid gates) → Dense. */
export function recurrentModel(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.embedding({ inputDim: 11, outputDim: 4, inputLength: 5 }),
      tfl.layers.simpleRNN({ units: 3, returnSequences: true }),
      tfl.layers.bidirectional({
        layer: tfl.layers.lstm({ units: 4, recurrentActivation: 'sigmoid', returnSequences: true }) as tfl.RNN,
        mergeMode: 'concat',
      }),
      tfl.layers.lstm({ units: 5, recurrentActivation: 'sigmoid' }),
      tfl.layers.dense({ units: 2 }),
    ],
  });
}
