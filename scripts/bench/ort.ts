// ONNX Runtime Web (WebGPU execution provider) under the benchmark: static-shape ONNX graphs built by
// onnx.ts, inputs resident in GPU buffers on ORT's device, outputs left on the GPU; one sync per run.
import * as ort from 'onnxruntime-web/webgpu';
import type { BenchCase } from './plan.mjs';
import { SEEDS, randomValues, type Prepared, type System } from './harness.ts';
import {
  attentionGraph,
  convGraph,
  encodeModel,
  layerNormGraph,
  matmulGraph,
  permuteArray,
  softmaxGraph,
  type GraphDef,
} from './onnx.ts';
import { sizeOf } from '../../kernels/common/shape.mjs';

/** Points ORT at its wasm files served by Vite from node_modules (nothing is fetched from a CDN). */
export function initOrt(): { versions: Record<string, string> } {
  ort.env.wasm.wasmPaths = '/node_modules/onnxruntime-web/dist/';
  ort.env.wasm.numThreads = 1; // the bench page is not cross-origin isolated, so no wasm threads
  ort.env.logLevel = 'error';
  return { versions: { 'onnxruntime-web': ort.env.versions.web ?? 'unknown' } };
}

function graphOf(c: BenchCase): GraphDef | { skipped: string } {
  switch (c.suite) {
    case 'matmul':
      return matmulGraph(c.m, c.k, c.n);
    case 'conv':
      return c.pass === 'fwd' ? convGraph(c.n, c.h, c.w, c.cin, c.cout, c.k) : { skipped: 'inference only' };
    case 'attention':
      return c.pass === 'fwd' ? attentionGraph(c.b, c.heads, c.t, c.d, c.causal) : { skipped: 'inference only' };
    case 'softmax':
      return softmaxGraph(c.rows, c.cols);
    case 'layernorm':
      return layerNormGraph(c.rows, c.cols);
    case 'train':
    case 'memory':
      return { skipped: 'inference only' };
    default:
      return c satisfies never;
  }
}

const values = (shape: number[], seed: number) => randomValues(sizeOf(shape), seed);

/** The graph's inputs, holding the same values our engine and TF.js get (converted to ONNX's NCHW/OIHW for conv). */
function inputsOf(c: BenchCase): Float32Array<ArrayBuffer>[] {
  switch (c.suite) {
    case 'matmul':
      return [values([c.m, c.k], SEEDS.matmul[0]), values([c.k, c.n], SEEDS.matmul[1])];
    case 'conv':
      return [
        permuteArray(values([c.n, c.h, c.w, c.cin], SEEDS.conv[0]), [c.n, c.h, c.w, c.cin], [0, 3, 1, 2]),
        permuteArray(values([c.k, c.k, c.cin, c.cout], SEEDS.conv[1]), [c.k, c.k, c.cin, c.cout], [3, 2, 0, 1]),
      ];
    case 'attention':
      return SEEDS.attention.map((s) => values([c.b, c.heads, c.t, c.d], s));
    case 'softmax':
      return [values([c.rows, c.cols], SEEDS.softmax[0])];
    case 'layernorm':
      return [[c.rows, c.cols], [c.cols], [c.cols]].map((shape, i) => values(shape, SEEDS.layernorm[i]));
    default:
      return [];
  }
}

/** ORT-web's runner. */
export function ortSystem(): System {
  return {
    name: 'ort',
    async prepare(c: BenchCase): Promise<Prepared | { skipped: string }> {
      const graph = graphOf(c);
      if ('skipped' in graph) return graph;
      const session = await ort.InferenceSession.create(encodeModel(graph), {
        executionProviders: ['webgpu'],
        preferredOutputLocation: 'gpu-buffer',
        graphOptimizationLevel: 'all',
      });
      const device = (await ort.env.webgpu.device) as GPUDevice;
      const buffers: GPUBuffer[] = [];
      const feeds: Record<string, ort.Tensor> = {};
      const data = inputsOf(c);
      graph.inputs.forEach(({ name, shape }, i) => {
        const buffer = device.createBuffer({
          label: `bench-${name}`,
          size: Math.max(16, data[i].byteLength),
          usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
        });
        device.queue.writeBuffer(buffer, 0, data[i]);
        buffers.push(buffer);
        feeds[name] = ort.Tensor.fromGpuBuffer(buffer, { dataType: 'float32', dims: shape });
      });
      return {
        run: async () => {
          const out = await session.run(feeds);
          for (const t of Object.values(out)) t.dispose();
        },
        sync: () => device.queue.onSubmittedWorkDone(),
        output: async () => {
          const out = await session.run(feeds);
          const y = Object.values(out)[0];
          const v = Float32Array.from((await y.getData(true)) as Float32Array);
          for (const t of Object.values(out)) t.dispose();
          return c.suite === 'conv' ? permuteArray(v, [c.n, c.cout, c.h, c.w], [0, 2, 3, 1]) : v;
        },
        dispose: () => {
          void session.release();
          buffers.forEach((b) => b.destroy());
        },
      };
    },
  };
}
