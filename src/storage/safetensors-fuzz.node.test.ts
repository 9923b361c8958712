// Property-based fuzzing (fast-check) of the safetensors decoder: a valid file with its header edited, bytes
// changed or cut, or arbitrary bytes decodes to whole tensors or fails with SafetensorsError, never a raw error.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { BYTES, decodeSafetensors, encodeSafetensors, SafetensorsError } from './safetensors.ts';
import { cleanOutcome, FUZZ_RUNS } from '../data/fuzz/outcome.ts';

const run = { numRuns: FUZZ_RUNS };

/** Every decoded tensor's bytes fill its dtype and shape. */
function whole(r: ReturnType<typeof decodeSafetensors>) {
  for (const [name, t] of Object.entries(r.tensors)) {
    const n = t.shape.reduce((a, b) => a * b, 1);
    expect(t.data.byteLength, name).toBe(n * BYTES[t.dtype]);
  }
  expect(Object.getPrototypeOf(r.tensors)).toBe(null);
}

const valid = encodeSafetensors(
  {
    'layers.0.weight': { dtype: 'F32', shape: [2, 3], data: new Uint8Array(24).fill(1) },
    'layers.0.bias': { dtype: 'F32', shape: [3], data: new Uint8Array(12).fill(2) },
    ['__proto__']: { dtype: 'U8', shape: [1], data: new Uint8Array([7]) },
  },
  { spec: '{"layers":[]}' },
);
const headerLength = Number(new DataView(valid.buffer).getBigUint64(0, true));

describe('fuzz: safetensors decoder', () => {
  test('the unchanged file decodes', () => whole(decodeSafetensors(valid)));

  test('bytes changed or the file cut anywhere', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.nat(valid.length),
        (edits, cut) => {
          const b = valid.slice(0, cut);
          for (const [at, v] of edits) if (at < b.length) b[at] = v;
          cleanOutcome(() => decodeSafetensors(b), [SafetensorsError], whole);
        },
      ),
      run,
    );
  });

  test('header JSON replaced by any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.uint8Array({ maxLength: 64 }), (json, data) => {
        const head = new TextEncoder().encode(JSON.stringify(json));
        const b = new Uint8Array(8 + head.length + data.length);
        new DataView(b.buffer).setBigUint64(0, BigInt(head.length), true);
        b.set(head, 8);
        b.set(data, 8 + head.length);
        cleanOutcome(() => decodeSafetensors(b), [SafetensorsError], whole);
      }),
      run,
    );
  });

  test('arbitrary bytes, including a huge header length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        cleanOutcome(() => decodeSafetensors(b), [SafetensorsError], whole);
      }),
      run,
    );
  });

  test('the header region is intact in the fixture', () => expect(headerLength).toBeGreaterThan(0));
});
