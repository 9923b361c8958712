// The batch results table: one row per item and output, errors kept, cells quoted as CSV needs.
import { describe, expect, test } from 'vitest';
import { resultsCsv, short } from './model-results.ts';
import type { BatchResult } from '../protocol/models.ts';

const result: BatchResult = {
  engine: { engine: 'onnxruntime-web', backend: { provider: 'wasm', fallbackReason: null }, reason: null, missing: [] },
  opTable: [],
  ms: 3,
  items: [
    {
      name: 'cat, "big".png',
      error: null,
      outputs: [
        {
          name: 'y',
          dtype: 'float32',
          shape: [1, 2],
          min: 0.25,
          max: 0.75,
          mean: 0.5,
          head: [0.25, 0.75],
          softmaxed: false,
          top: [
            { index: 1, label: 'cat', probability: 0.75 },
            { index: 0, label: 'dog', probability: 0.25 },
          ],
        },
      ],
    },
    { name: 'broken.png', error: 'broken.png is not a picture this browser can open.', outputs: [] },
  ],
};

describe('resultsCsv', () => {
  test('rows per item and output, with the best class and the top list', () => {
    const lines = resultsCsv(result).trimEnd().split('\r\n');
    expect(lines[0]).toBe('item,output,shape,label,probability,top,min,max,mean,error');
    expect(lines[1]).toBe('"cat, ""big"".png",y,1x2,cat,0.750000,cat 75.0%; dog 25.0%,0.25,0.75,0.5,');
    expect(lines[2]).toBe('broken.png,,,,,,,,,broken.png is not a picture this browser can open.');
    expect(lines).toHaveLength(3);
  });

  test('short numbers', () => {
    expect(short(0.123456)).toBe('0.1235');
    expect(short(1234567)).toBe('1.23e+6');
    expect(short(0)).toBe('0');
    expect(short(-0.00001)).toBe('-1.00e-5');
  });
});
