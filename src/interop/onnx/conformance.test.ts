// ONNX operator conformance on our engine (WebGPU): every case of ../shared/onnx-node (the ONNX project's backend node
// tests) must match, or be refused with UnsupportedModelError and appear in conformance-unsupported.json.
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { Engine } from '../../engine/engine.ts';
import { UnsupportedModelError } from '../errors.ts';
import type { HostTensor } from '../model.ts';
import { compileOnnx } from './index.ts';
import { decodeModel, onnx } from './proto.ts';
import { fromTensorProto, hostDType, toHostTensor, type HVal } from './tensor-proto.ts';
import expectedUnsupported from './conformance-unsupported.json';

declare module 'vitest/browser' {
  interface BrowserCommands {
    listDir: (path: string) => Promise<string[]>;
  }
}

const ROOT = '../shared/onnx-node';
/**
 * ONNX's runner compares with rtol 1e-3, atol 1e-7. We allow atol 1e-5: our kernels compute in f32 on the GPU
 * (reductions in another order, erf from a 1.5e-7 rational approximation, exp/tanh of the GPU's math library).
 */
const RTOL = 1e-3;
const ATOL = 1e-5;

const FAMILIES: Record<string, string[]> = {
  elementwise: 'Add Sub Mul Div Pow Sqrt Relu LeakyRelu Sigmoid Tanh HardSigmoid HardSwish Clip Erf Gelu Where'.split(
    ' ',
  ),
  'shape and data movement':
    'Identity Dropout Shape Reshape Transpose Flatten Concat Slice Squeeze Unsqueeze Gather'.split(' '),
  'convolution and pooling':
    'Conv ConvTranspose BatchNormalization MaxPool AveragePool GlobalAveragePool GlobalMaxPool'.split(' '),
  'dense and softmax': 'Gemm MatMul Softmax LogSoftmax'.split(' '),
  'normalisation and reductions': 'LayerNormalization ReduceMean ReduceSum'.split(' '),
  resize: ['Resize'],
};

type Outcome = { status: 'passed' } | { status: 'unsupported' | 'failed'; reason: string };
const results = new Map<string, { op: string; outcome: Outcome }>();

const e = await Engine.create();
afterAll(() => e.dispose());

async function bytesOf(path: string): Promise<Uint8Array> {
  const b64 = await commands.readFile(path, 'base64');
  return Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
}

/** Every case's name and the op type of its one node, read once. */
const casesPromise = (async () => {
  const names = (await commands.listDir(ROOT)).filter((n) => n.startsWith('test_'));
  const out: { name: string; op: string; model: Uint8Array }[] = [];
  for (const name of names) {
    const model = await bytesOf(`${ROOT}/${name}/model.onnx`);
    out.push({ name, op: decodeModel(model, name).graph!.node![0].opType ?? '?', model });
  }
  return out;
})();

const readTensor = async (path: string): Promise<HVal> =>
  fromTensorProto(onnx.TensorProto.decode(await bytesOf(path)), path);

/** First mismatch between an expected tensor and ours, or null. */
function mismatch(name: string, want: HVal, got: HostTensor | undefined): string | null {
  if (!got) return `output ${name} missing`;
  if (got.dtype !== hostDType(want.type)) return `output ${name}: dtype ${got.dtype}, expected ${hostDType(want.type)}`;
  if (got.shape.join(',') !== want.shape.join(','))
    return `output ${name}: shape [${got.shape.join(', ')}], expected [${want.shape.join(', ')}]`;
  for (let i = 0; i < want.data.length; i++) {
    const w = want.data[i];
    const g = Number(got.data[i]);
    if (Number.isNaN(w) && Number.isNaN(g)) continue;
    if (!(Math.abs(g - w) <= ATOL + RTOL * Math.abs(w)) && g !== w)
      return `output ${name}[${i}] = ${g}, expected ${w} (|diff| ${Math.abs(g - w).toExponential(2)})`;
  }
  return null;
}

async function runCase(name: string, model: Uint8Array): Promise<Outcome> {
  let m;
  try {
    m = await compileOnnx(model, `${name}/model.onnx`, e);
  } catch (err) {
    if (err instanceof UnsupportedModelError) return { status: 'unsupported', reason: err.missing.join(', ') };
    return { status: 'failed', reason: `compile: ${(err as Error).message}` };
  }
  try {
    const feeds: Record<string, HostTensor> = {};
    for (let i = 0; i < m.signature.inputs.length; i++)
      feeds[m.signature.inputs[i].name] = toHostTensor(
        await readTensor(`${ROOT}/${name}/test_data_set_0/input_${i}.pb`),
      );
    const got = await m.run(feeds);
    for (let i = 0; i < m.signature.outputs.length; i++) {
      const out = m.signature.outputs[i].name;
      const bad = mismatch(out, await readTensor(`${ROOT}/${name}/test_data_set_0/output_${i}.pb`), got[out]);
      if (bad) return { status: 'failed', reason: bad };
    }
    return { status: 'passed' };
  } catch (err) {
    if (err instanceof UnsupportedModelError)
      return { status: 'unsupported', reason: `${err.missing.join(', ') || err.message} (at run time)` };
    return { status: 'failed', reason: `run: ${(err as Error).name}: ${(err as Error).message}` };
  } finally {
    m.dispose();
  }
}

describe('ONNX backend node tests on the studio engine', () => {
  for (const [family, ops] of Object.entries(FAMILIES)) {
    it(`${family}: every case matches or is named unsupported`, async () => {
      const cases = (await casesPromise).filter((c) => ops.includes(c.op));
      expect(cases.length).toBeGreaterThan(0);
      for (const c of cases) results.set(c.name, { op: c.op, outcome: await runCase(c.name, c.model) });
      const failed = cases.filter((c) => results.get(c.name)!.outcome.status === 'failed');
      const lines = failed.map((c) => `${c.name}: ${(results.get(c.name)!.outcome as { reason: string }).reason}`);
      expect(lines).toEqual([]);
    });
  }

  it('covers every case, writes the per-op counts, and the unsupported list is the committed one', async () => {
    const cases = await casesPromise;
    const unfiled = cases.filter((c) => !results.has(c.name)).map((c) => `${c.name} (${c.op})`);
    expect(unfiled, 'cases whose op belongs to no family').toEqual([]);
    const perOp: Record<string, { passed: number; unsupported: number; failed: number }> = {};
    const unsupported: Record<string, string> = {};
    for (const [name, { op, outcome }] of [...results].sort()) {
      perOp[op] ??= { passed: 0, unsupported: 0, failed: 0 };
      perOp[op][outcome.status]++;
      if (outcome.status === 'unsupported') unsupported[name] = outcome.reason;
    }
    const total = { passed: 0, unsupported: 0, failed: 0 };
    for (const c of Object.values(perOp))
      for (const k of ['passed', 'unsupported', 'failed'] as const) total[k] += c[k];
    console.log('ONNX conformance per op:', JSON.stringify(perOp, null, 1), 'total:', JSON.stringify(total));
    const report = {
      source: 'onnx/backend/test/data/node @ 6be0677fc22e',
      rtol: RTOL,
      atol: ATOL,
      total,
      perOp,
      unsupported,
    };
    await commands.writeFile('docs/measurements/onnx-conformance.json', JSON.stringify(report, null, 2) + '\n');
    expect(Object.keys(unsupported).sort()).toEqual(Object.keys(expectedUnsupported).sort());
  });
});
