// ONNX Runtime Web (WebGPU execution provider) under the benchmark: static-shape ONNX graphs built by
// onnx.ts, inputs resident in GPU buffers on ORT's device, outputs left on the GPU; one sync per run.
import * as ort from 'onnxruntime-web/webgpu';
import type { BenchCase } from './plan.mjs';
import { randomValues, type Prepared, type System } from './harness.ts';
import { attentionGraph, convGraph, encodeModel, layerNormGraph, matmulGraph, softmaxGraph, type GraphDef } from './onnx.ts';

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

/** ORT-web's runner. */
export function ortSystem(): System {
  return {
    name: 'ort',
    async prepare(c: BenchCase): Promise<Prepared | { skipped: string }> {
      const graph = graphOf(c);
      if ('skipped' in graph) return graph;
      const session = await ort.InferenceSession.create(encodeModel(graph), { executionProviders: ['webgpu'], preferredOutputLocation: 'gpu-buffer', graphOptimizationLevel: 'all' });
      const device = (await ort.env.webgpu.device) as GPUDevice;
      const buffers: GPUBuffer[] = [];
      const feeds: Record<string, ort.Tensor> = {};
      graph.inputs.forEach(({ name, shape }, i) => {
        const values = randomValues(shape.reduce((a, b) => a * b, 1), 30 + i);
        const buffer = device.createBuffer({ label: `bench-${name}`, size: Math.max(16, values.byteLength), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
        device.queue.writeBuffer(buffer, 0, values);
        buffers.push(buffer);
        feeds[name] = ort.Tensor.fromGpuBuffer(buffer, { dataType: 'float32', dims: shape });
      });
      return {
        run: async () => {
          const out = await session.run(feeds);
          for (const t of Object.values(out)) t.dispose();
        },
        sync: () => device.queue.onSubmittedWorkDone(),
        dispose: () => {
          void session.release();
          buffers.forEach((b) => b.destroy());
        },
      };
    },
  };
}
