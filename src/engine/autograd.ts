// Reverse-mode automatic differentiation over the engine's tape.
// Walks the tape backwards from the loss, applies each op's backward rule from the op table,
// sums gradients that meet at a tensor, and accumulates into `.grad` of variables (leaves).
import type { Tensor } from './tensor.ts';
import type { TapeNodeOf } from './engine.ts';
import { EngineError, ShapeError } from './errors.ts';
import { ops } from './ops/table.ts';
import type { OpDef, OpName } from './ops/types.ts';
import { add } from './ops/api.ts';

/**
 * Computes d(loss)/d(variable) for every variable the loss depends on and adds it to `variable.grad`
 * (gradients accumulate across calls until zeroGrad). `seed` is dL/d(loss), ones by default.
 * Consumes the tape: call once per forward pass, inside the same engine.scope.
 */
export function backward(loss: Tensor, seed?: Tensor): void {
  const e = loss.engine;
  if (!loss.requiresGrad)
    throw new EngineError('backward: the loss does not depend on any variable (mark parameters with engine.variable)');
  if (seed && seed.shape.join() !== loss.shape.join())
    throw new ShapeError(
      'backward',
      `seed shape [${seed.shape.join(', ')}] differs from loss shape [${loss.shape.join(', ')}]`,
    );
  if (!e.tape.some((n) => n.output === loss)) {
    throw new EngineError(
      'backward: the graph of this loss is no longer recorded. Run the forward pass and backward() in the same engine.scope, and call backward() once per forward pass.',
    );
  }
  const grads = new Map<number, Tensor>();
  const leaves = new Map<number, Tensor>();
  // Intermediate gradients live in an inner scope; only the leaves' accumulated gradients are kept.
  e.noGrad(() =>
    e.scope(() => {
      grads.set(loss.id, seed ?? e.ones(loss.shape));
      for (let i = e.tape.length - 1; i >= 0; i--) {
        const node = e.tape[i];
        const dy = grads.get(node.output.id);
        if (!dy) continue;
        grads.delete(node.output.id);
        for (const t of node.inputs) t.assertAlive(`${node.op} (backward)`);
        const gin = applyRule(node, dy);
        node.inputs.forEach((inp, j) => {
          const g = gin[j];
          if (!g || !inp.requiresGrad) return;
          if (inp.isLeaf) leaves.set(inp.id, inp);
          const prev = grads.get(inp.id);
          grads.set(inp.id, prev ? add(prev, g) : g);
        });
      }
      // A gradient tensor may be shared (rules pass dy through unchanged): give each leaf its own copy.
      const handedOut = new Set<Tensor>();
      for (const [id, leaf] of leaves) {
        const g = grads.get(id);
        if (!g) continue;
        const own = leaf.grad ? add(leaf.grad, g) : g === seed || handedOut.has(g) ? add(g, 0) : g;
        handedOut.add(own);
        leaf.grad?.dispose();
        leaf.grad = e.keep(own);
      }
    }),
  );
  for (const node of e.tape) for (const t of node.saved) t.dispose();
  e.tape.length = 0;
}

/** The op's backward rule for one tape node; generic so the node's attrs keep the type of its op. */
function applyRule<K extends OpName>(node: TapeNodeOf<K>, dy: Tensor): (Tensor | null)[] {
  const def: OpDef<K> = ops[node.op];
  const needs = node.inputs.map((t) => t.requiresGrad);
  return def.backward(dy, node.inputs, node.output, node.attrs, node.saved, needs);
}

/** Frees and clears the gradients of the given variables. */
export function zeroGrad(params: Iterable<Tensor>): void {
  for (const p of params) {
    p.grad?.dispose();
    p.grad = null;
  }
}
