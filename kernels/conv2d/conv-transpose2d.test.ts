// Transposed convolution (conv2d's input-gradient GEMM with a fused bias) against its scatter-form reference,
// on PP-OCR's kernel-2 stride-2 upsampling and awkward geometries; the reference is also checked as the adjoint
// of conv2d's reference, which is what makes conv2d forward and filter gradient its gradients.
import { describe, expect, test } from 'vitest';
import { conv2dProgram } from './conv2d.ts';
import { convTransposeAsConv, type ConvTranspose2dShape } from './conv-transpose2d.ts';
import { convTranspose2dRef } from './conv-transpose2d.ref.ts';
import { conv2dFilterGradRef, conv2dInputGradRef, conv2dRef } from './conv2d.ref.ts';
import { expectClose, runProgram, seededFloats } from '../common/test-harness.ts';

type Case = Partial<ConvTranspose2dShape> & Pick<ConvTranspose2dShape, 'n' | 'h' | 'w' | 'cin' | 'cout' | 'kh' | 'kw'>;
const shape = (c: Case): ConvTranspose2dShape => ({
  strides: [1, 1],
  dilations: [1, 1],
  pad: [0, 0, 0, 0],
  outputPadding: [0, 0],
  groups: 1,
  ...c,
});

const cases: [string, Case][] = [
  ['1x1 everything', { n: 1, h: 1, w: 1, cin: 1, cout: 1, kh: 1, kw: 1 }],
  ['kernel 2 stride 2 (PP-OCR upsampling)', { n: 2, h: 5, w: 7, cin: 6, cout: 3, kh: 2, kw: 2, strides: [2, 2] }],
  [
    '3x3 stride 2, pads 1, output padding 1',
    { n: 1, h: 4, w: 5, cin: 3, cout: 5, kh: 3, kw: 3, strides: [2, 2], pad: [1, 1, 1, 1], outputPadding: [1, 1] },
  ],
  [
    'asymmetric pads, dilation 2, stride (1,3)',
    { n: 1, h: 3, w: 4, cin: 2, cout: 3, kh: 3, kw: 2, strides: [1, 3], dilations: [2, 2], pad: [2, 0, 1, 2] },
  ],
  ['groups 2', { n: 2, h: 3, w: 3, cin: 4, cout: 6, kh: 3, kw: 3, strides: [2, 1], groups: 2 }],
  ['depthwise, 33 channels', { n: 1, h: 5, w: 3, cin: 33, cout: 33, kh: 2, kw: 2, strides: [2, 2], groups: 33 }],
];

describe('convTranspose2d kernel', () => {
  test.each(cases)('%s', async (_name, c) => {
    const s = shape(c);
    const g = convTransposeAsConv(s);
    const x = seededFloats(s.n * s.h * s.w * s.cin, 1);
    const w = seededFloats(s.kh * s.kw * (s.cout / s.groups) * s.cin, 2);
    const bias = seededFloats(s.cout, 3);
    const y = new Float32Array(
      await runProgram(conv2dProgram(g, 'inputGrad', { hasBias: true, activation: 'none' }), [x, w, bias]),
    );
    expect(y.length).toBe(s.n * g.h * g.w * s.cout);
    expectClose(y, convTranspose2dRef(x, w, bias, g), 1e-4, 1e-4, 'forward');
  });

  test('the scatter reference is the adjoint of conv2d: conv2d input grad + bias, and <convT(x), dy> = <x, conv(dy)>', () => {
    for (const [, c] of cases) {
      const s = shape(c);
      const g = convTransposeAsConv(s);
      const x = seededFloats(s.n * s.h * s.w * s.cin, 4);
      const w = seededFloats(s.kh * s.kw * (s.cout / s.groups) * s.cin, 5);
      const bias = seededFloats(s.cout, 6);
      const dy = seededFloats(s.n * g.h * g.w * s.cout, 7);
      const y = convTranspose2dRef(x, w, bias, g);
      const viaConv = conv2dInputGradRef(x, w, g).map((v, i) => v + bias[i % s.cout]);
      expectClose(y, viaConv, 1e-12, 1e-12, 'convT = conv input grad');
      const yNoBias = convTranspose2dRef(x, w, null, g);
      const lhs = yNoBias.reduce((a, v, i) => a + v * dy[i], 0);
      const dx = conv2dRef(dy, w, null, g);
      const rhs = dx.reduce((a, v, i) => a + v * x[i], 0);
      expect(Math.abs(lhs - rhs)).toBeLessThan(1e-9 * (1 + Math.abs(lhs)));
      // d<convT(x, w), dy>/dw is conv2d's filter gradient of (input dy, output gradient x).
      const dw = conv2dFilterGradRef(dy, x, g);
      const probe = seededFloats(w.length, 8);
      const dirLhs = convTranspose2dRef(x, probe, null, g).reduce((a, v, i) => a + v * dy[i], 0);
      const dirRhs = dw.reduce((a, v, i) => a + v * probe[i], 0);
      expect(Math.abs(dirLhs - dirRhs)).toBeLessThan(1e-9 * (1 + Math.abs(dirLhs)));
    }
  });
});
