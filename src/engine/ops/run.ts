// Applies one op from the table: checks inputs, runs forward, and records a tape node when gradients are wanted.
import type { Tensor } from '../tensor.ts';
import { EngineError } from '../errors.ts';
import { ops } from './table.ts';
import type { OpAttrs, OpDef, OpName } from './types.ts';

/** Runs op `name` on `inputs`; the output requires a gradient when any input does and the engine is recording. */
export function runOp<K extends OpName>(name: K, inputs: readonly Tensor[], attrs: OpAttrs[K]): Tensor {
  const e = inputs[0].engine;
  for (const t of inputs) {
    t.assertAlive(name);
    if (t.engine !== e) throw new EngineError(`${name}: inputs belong to different engines`);
  }
  const def = ops[name] as OpDef<K>;
  const record = e.recording && inputs.some((t) => t.requiresGrad);
  const result = e.noGrad(() => def.forward(e, inputs, attrs));
  const out = 'saved' in result ? result.output : result;
  const saved = 'saved' in result ? result.saved : [];
  if (record) {
    out.requiresGrad = true;
    e.record<K>({ op: name, inputs, output: out, attrs, saved });
  } else {
    for (const t of saved) t.dispose();
  }
  return out;
}
