// Checks a whole ONNX graph against what our engine runs BEFORE any GPU work: op types, opset-dependent attribute
// values, element types, tensor kinds. Everything missing is reported at once, so the loader can fall back.
import { UnsupportedModelError } from '../errors.ts';
import { CONV_OPS } from './ops-conv.ts';
import { ELEMENTWISE_OPS } from './ops-elementwise.ts';
import { NN_OPS } from './ops-nn.ts';
import { SHAPE_OPS } from './ops-shape.ts';
import type { GraphProto, NodeProto } from './proto.ts';
import { typeName } from './tensor-proto.ts';
import { Attrs, type OpFn } from './values.ts';

/** Every ONNX op type (default domain) with a mapping onto our engine. */
export const OPS: Record<string, OpFn> = { ...ELEMENTWISE_OPS, ...SHAPE_OPS, ...CONV_OPS, ...NN_OPS };

/** Element types we read (float16 and double become float32). */
const READABLE = new Set([1, 2, 3, 6, 7, 9, 10, 11]);
const SPATIAL = new Set(['Conv', 'ConvTranspose', 'MaxPool', 'AveragePool']);
const PADS = new Set(['NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID']);

/** The ONNX opset of the default domain. */
export function opsetOf(imports: readonly { domain?: string | null; version?: number | null }[]): number {
  const v = imports.find((o) => !o.domain || o.domain === 'ai.onnx')?.version;
  return Number(v ?? 1);
}

/** Reasons one node cannot run (attribute values, output forms); empty when it can. */
function nodeIssues(node: NodeProto, opset: number, rankOf: (name: string) => number | undefined): string[] {
  const op = node.opType ?? '?';
  const a = new Attrs(node);
  const out: string[] = [];
  const used = (i: number) => !!node.output?.[i];
  if (SPATIAL.has(op)) {
    const k = a.ints('kernel_shape');
    const r = k ? k.length : (rankOf(node.input?.[1] ?? '') ?? rankOf(node.input?.[0] ?? '') ?? 4) - 2;
    if (r !== 2 && r !== 1) out.push(`${op} (${r}-D)`);
    const pad = a.s('auto_pad', 'NOTSET');
    if (!PADS.has(pad)) out.push(`${op}(auto_pad=${pad})`);
    if (op === 'MaxPool' && used(1)) out.push('MaxPool(Indices output)');
  }
  if (op === 'BatchNormalization' && a.i('training_mode', 0) === 1) out.push('BatchNormalization(training_mode=1)');
  if (op === 'BatchNormalization' && opset < 7 && a.i('is_test', 1) === 0) out.push('BatchNormalization(is_test=0)');
  if (op === 'Dropout' && opset < 7 && a.i('is_test', 0) === 0 && opset >= 6) out.push('Dropout(is_test=0)');
  if (op === 'Cast' && !READABLE.has(a.i('to', 1))) out.push(`Cast(to=${typeName(a.i('to', 1))})`);
  if (op === 'Resize') {
    const mode = a.s('mode', 'nearest');
    if (mode !== 'nearest' && mode !== 'linear') out.push(`Resize(mode=${mode})`);
    if (a.i('antialias', 0) !== 0) out.push('Resize(antialias)');
    const ctm = a.s('coordinate_transformation_mode', 'half_pixel');
    if (ctm === 'tf_crop_and_resize') out.push('Resize(tf_crop_and_resize)');
    const policy = a.s('keep_aspect_ratio_policy', 'stretch');
    if (!['stretch', 'not_larger', 'not_smaller'].includes(policy))
      out.push(`Resize(keep_aspect_ratio_policy=${policy})`);
  }
  if (op === 'Constant' && !['value', 'value_float', 'value_floats', 'value_int', 'value_ints'].some(a.has))
    out.push('Constant(sparse/string value)');
  return out;
}

/**
 * Throws UnsupportedModelError listing every op type, attribute value and element type of `graph` that our engine
 * does not run (nothing is sent to the GPU before this passes).
 */
export function checkGraph(graph: GraphProto, opset: number, fileName: string): void {
  const missing = new Set<string>();
  const ranks = new Map<string, number>();
  for (const t of graph.initializer ?? []) ranks.set(t.name ?? '', (t.dims ?? []).length);
  for (const v of [...(graph.input ?? []), ...(graph.valueInfo ?? []), ...(graph.output ?? [])]) {
    const tt = v.type?.tensorType;
    if (!tt) {
      missing.add(`non-tensor value '${v.name}' (sequence, map or optional)`);
      continue;
    }
    if (!READABLE.has(tt.elemType ?? 0)) missing.add(`dtype ${typeName(tt.elemType)}`);
    if (tt.shape?.dim && !ranks.has(v.name ?? '')) ranks.set(v.name ?? '', tt.shape.dim.length);
  }
  for (const t of graph.initializer ?? [])
    if (!READABLE.has(t.dataType ?? 0)) missing.add(`dtype ${typeName(t.dataType)}`);
  for (const node of graph.node ?? []) {
    const op = node.opType ?? '?';
    const domain = node.domain && node.domain !== 'ai.onnx' ? `${node.domain}.` : '';
    if (domain || !Object.hasOwn(OPS, op)) {
      missing.add(domain + op);
      continue;
    }
    for (const issue of nodeIssues(node, opset, (n) => ranks.get(n))) missing.add(issue);
  }
  if (missing.size) {
    const list = [...missing];
    throw new UnsupportedModelError(
      `${fileName} uses what the studio's engine does not run yet: ${list.join(', ')}. It can still run on onnxruntime-web.`,
      list,
    );
  }
}
