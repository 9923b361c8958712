// Entry point of the ONNX importer: a model file in, a RunnableModel on our engine (our WGSL kernels) out. Graphs with
// ops we do not run throw UnsupportedModelError before any GPU work, so src/interop/load.ts can use onnxruntime-web.
import type { Engine } from '../../engine/engine.ts';
import { ShapeError } from '../../engine/errors.ts';
import type { HostTensor, ModelSignature, OpTiming, RunnableModel, TensorSignature } from '../model.ts';
import { ModelFormatError } from '../errors.ts';
import { checkGraph, opsetOf } from './check.ts';
import { OnnxGraph } from './graph.ts';
import { decodeModel, type ValueInfoProto } from './proto.ts';
import { coerce, fromHostTensor, hostDType, kindOf, toHostTensor, type ElemKind } from './tensor-proto.ts';
import { isHost, type Val } from './values.ts';

function signatureOf(v: ValueInfoProto): TensorSignature & { kind: ElemKind } {
  const tt = v.type!.tensorType!;
  const kind = kindOf(tt.elemType, `'${v.name}'`);
  const shape = (tt.shape?.dim ?? []).map((d, i) =>
    d.dimValue !== undefined && d.dimValue !== null && Number(d.dimValue) > 0
      ? Number(d.dimValue)
      : d.dimParam || `dim${i}`,
  );
  return { name: v.name ?? '', dtype: hostDType(kind), shape, kind };
}

/** Checks one feed against its signature; a mismatch is a ShapeError naming the input. */
function checkFeed(sig: TensorSignature, t: HostTensor | undefined): HostTensor {
  const what = `input '${sig.name}'`;
  if (!t) throw new ShapeError(what, 'is missing: the model needs a value for it.');
  if (t.dtype !== sig.dtype) throw new ShapeError(what, `must be ${sig.dtype}, got ${t.dtype}.`);
  const dims = `[${sig.shape.join(', ')}]`;
  if (t.shape.length !== sig.shape.length)
    throw new ShapeError(what, `must have rank ${sig.shape.length} ${dims}, got [${t.shape.join(', ')}].`);
  sig.shape.forEach((d, i) => {
    if (typeof d === 'number' && t.shape[i] !== d)
      throw new ShapeError(what, `dimension ${i} must be ${d} ${dims}, got [${t.shape.join(', ')}].`);
  });
  if (t.data.length !== t.shape.reduce((a, b) => a * b, 1))
    throw new ShapeError(
      what,
      `holds ${t.data.length} values, but shape [${t.shape.join(', ')}] needs ${t.shape.reduce((a, b) => a * b, 1)}.`,
    );
  return t;
}

/**
 * Compiles an ONNX file for our engine. Throws ModelFormatError for a file that is not a valid model and
 * UnsupportedModelError (with the missing op types and features) when something has no mapping to our kernels.
 */
export async function compileOnnx(bytes: Uint8Array, fileName: string, engine: Engine): Promise<RunnableModel> {
  const model = decodeModel(bytes, fileName);
  const graph = model.graph!;
  const opset = opsetOf(model.opsetImport ?? []);
  checkGraph(graph, opset, fileName);
  const g = new OnnxGraph(engine, graph, opset, fileName);
  const inits = new Set((graph.initializer ?? []).map((t) => t.name));
  const inputs = (graph.input ?? []).filter((v) => !inits.has(v.name)).map(signatureOf);
  const outputs = (graph.output ?? []).map(signatureOf);
  const signature: ModelSignature = {
    inputs: inputs.map(({ kind: _k, ...s }) => s),
    outputs: outputs.map(({ kind: _k, ...s }) => s),
  };
  let disposed = false;
  // Runs are queued: a second call waits for the first (they share the cached uploads and the shape cache).
  let queue: Promise<unknown> = Promise.resolve();
  return {
    engine: 'studio',
    signature,
    run(feeds) {
      const next = queue.then(() => runOnce(feeds));
      queue = next.catch(() => undefined);
      return next;
    },
    opTable(): OpTiming[] {
      return [...g.stats].map(([op, s]) => ({ op, count: s.count, ms: s.ms }));
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      g.dispose();
    },
  };

  async function runOnce(feeds: Record<string, HostTensor>): Promise<Record<string, HostTensor>> {
    if (disposed) throw new ModelFormatError(`${fileName}: this model was disposed; load it again.`);
    const checked = inputs.map((s) => checkFeed(s, feeds[s.name]));
    const key = checked.map((t) => t.shape.join('x')).join('|');
    const results = engine.noGrad(() =>
      engine.scope(() => {
        const vals = new Map<string, Val>();
        inputs.forEach((s, i) => {
          const t = checked[i];
          // Float data goes to the GPU; integer and bool inputs stay on the host (indices, shapes, masks).
          if (s.kind === 'float32' && !g.keepsOnHost(s.name))
            vals.set(s.name, {
              dev: engine.tensor(t.data as Float32Array, t.shape, 'f32'),
              type: 'float32',
              nhwc: false,
            });
          else vals.set(s.name, { host: fromHostTensor(t, s.kind) });
        });
        return g.run(vals, key);
      }),
    );
    const out: Record<string, HostTensor> = {};
    try {
      for (let i = 0; i < results.length; i++) {
        const v = results[i];
        const kind = outputs[i].kind;
        if (isHost(v)) {
          out[outputs[i].name] = toHostTensor({
            ...v.host,
            type: kind,
            data: v.host.data.map((x) => coerce(kind, x)),
          });
          continue;
        }
        const data = Float64Array.from(await v.dev.data(), (x) => coerce(kind, x));
        out[outputs[i].name] = toHostTensor({ type: kind, shape: [...v.dev.shape], data });
      }
    } finally {
      for (const v of results) if (!isHost(v)) v.dev.dispose();
    }
    return out;
  }
}
