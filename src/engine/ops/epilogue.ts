// The backward of a fused epilogue activation, shared by matmul and conv2d (their kernels apply it in-register).
import type { Tensor } from '../tensor.ts';
import type { MatmulActivation } from '../../../kernels/matmul/matmul.ts';
import { unaryBackwardKernel } from '../../../kernels/unary/unary.ts';
import { greater, mul } from './api.ts';

/**
 * dL/dz for y = act(z): relu from the output's sign; the others from z, which `preActivation` recomputes
 * (one more GEMM in the backward, instead of keeping every layer's pre-activation alive until then).
 */
export function epilogueGrad(dy: Tensor, y: Tensor, activation: MatmulActivation, preActivation: () => Tensor): Tensor {
  if (activation === 'none') return dy;
  if (activation === 'relu') return mul(dy, greater(y, 0));
  const z = preActivation();
  return z.engine.launch(unaryBackwardKernel, [z, dy], { op: activation, size: z.size, alpha: 0 }, z.shape);
}
