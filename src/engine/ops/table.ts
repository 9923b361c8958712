// The op table: every op's forward and backward, assembled from its parts. The annotation makes the
// compiler refuse an op that is named in OpAttrs but has no definition (and so no backward rule).
import { elementwiseOps } from './elementwise.ts';
import { reduceOps } from './reduce.ts';
import { shapeOps } from './shape-ops.ts';
import { matmulOps } from './matmul.ts';
import { convOps } from './conv.ts';
import { normOps } from './norm.ts';
import { lossOps } from './losses.ts';
import { attentionOps } from './attention.ts';
import { rnnOps } from './rnn.ts';
import type { OpName, OpTable } from './types.ts';

export const ops: OpTable<OpName> = {
  ...elementwiseOps,
  ...reduceOps,
  ...shapeOps,
  ...matmulOps,
  ...convOps,
  ...normOps,
  ...lossOps,
  ...attentionOps,
  ...rnnOps,
};

/** All op names, for tests that must cover every op. */
export const OP_NAMES = Object.keys(ops) as OpName[];
