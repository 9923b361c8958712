// The .safetensors export's name and metadata: the file is named after the model, the run and the step, in
// characters every OS accepts, and says it holds the studio's own layout rather than claiming PyTorch's; an imported
// file whose weights hold NaN or infinities is imported with a warning that names those tensors.
import { describe, expect, test } from 'vitest';
import type { ModelSpec } from '../engine/index.ts';
import {
  checkpointFileName,
  checkpointToSafetensors,
  FORMAT_KEY,
  safeFileName,
  safetensorsToWeights,
  SPEC_KEY,
} from './checkpoints.ts';
import type { CheckpointRecord } from './db.ts';
import { decodeSafetensors } from './safetensors.ts';

const spec: ModelSpec = { name: 'MLP 784-128-10', input: { shape: [2] }, layers: [{ type: 'dense', units: 3 }] };
const ckpt: CheckpointRecord = {
  runId: 'r1',
  savedAt: 0,
  position: { epoch: 1, globalStep: 120 } as CheckpointRecord['position'],
  tensors: {
    'layers[0].kernel': { shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]).buffer },
    'layers[0].bias': { shape: [3], data: new Float32Array(3).buffer },
  },
  optimizer: { kind: 'adam', step: 120, state: {} },
};

describe('checkpoint export', () => {
  test('the metadata names the studio layout and carries the spec; no "format: pt"', () => {
    const { metadata, tensors } = decodeSafetensors(checkpointToSafetensors(ckpt, spec));
    expect(metadata.format).toBeUndefined();
    expect(metadata[FORMAT_KEY]).toBe('dl-studio/1');
    expect(JSON.parse(metadata[SPEC_KEY])).toEqual(spec);
    expect(metadata['studio.step']).toBe('120');
    expect(tensors['layers[0].kernel'].shape).toEqual([2, 3]);
  });

  test('the file is named after the model, the run and the step', () => {
    const created = new Date(2026, 11, 2, 10, 32, 5).getTime();
    expect(checkpointFileName('MLP 784-128-10', created, 120)).toBe(
      'MLP-784-128-10_run-2026-12-02_10-32-05_step-120.safetensors',
    );
    expect(checkpointFileName('Names: Transformer / v2?', created, 0)).toBe(
      'Names-Transformer-v2_run-2026-12-02_10-32-05_step-0.safetensors',
    );
  });

  test('file names are safe on every OS', () => {
    const bad = /[<>:"/\\|?*\u0000-\u001f\s]/;
    for (const name of [
      'a<b>c:d"e/f\\g|h?i*j',
      '  spaced  out  ',
      '...',
      'CON',
      'nul.txt',
      'Café ñandú',
      '\u0000x',
      '',
    ]) {
      const f = safeFileName(name, 'safetensors');
      expect(f, name).not.toMatch(bad);
      expect(f, name).toMatch(/^[\w][\w.-]*\.safetensors$/);
      expect(f.length).toBeLessThanOrEqual(100 + '.safetensors'.length);
    }
    expect(safeFileName('CON', 'safetensors')).toBe('_CON.safetensors');
    expect(safeFileName('Café ñandú', 'zip')).toBe('Cafe-nandu.zip');
    expect(safeFileName('...', 'zip')).toBe('checkpoint.zip');
    expect(safeFileName('x'.repeat(300), 'zip')).toBe(`${'x'.repeat(100)}.zip`);
  });
});

describe('checkpoint import', () => {
  test('finite weights import without a warning', () => {
    const back = safetensorsToWeights(checkpointToSafetensors(ckpt, spec), spec);
    expect(back.warning).toBeNull();
    expect(back.nonFinite).toEqual([]);
    expect([...new Float32Array(back.tensors['layers[0].kernel'].data)]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  test('NaN and infinite weights are imported with a warning naming each tensor and how many values', () => {
    const diverged: CheckpointRecord = {
      ...ckpt,
      tensors: {
        'layers[0].kernel': { shape: [2, 3], data: new Float32Array([1, NaN, 3, Infinity, 5, -Infinity]).buffer },
        'layers[0].bias': { shape: [3], data: new Float32Array([0, NaN, 0]).buffer },
      },
    };
    const back = safetensorsToWeights(checkpointToSafetensors(diverged, spec), spec);
    expect(back.nonFinite).toEqual(['layers[0].kernel', 'layers[0].bias']);
    expect(back.warning).toBe(
      "This checkpoint's weights are not all finite numbers: “layers[0].kernel” has 3 NaN or infinite values, “layers[0].bias” has 1 NaN or infinite value. It was imported, but its predictions are meaningless and training from it stops at once; export the checkpoint from before the run diverged (or lower the learning rate and train again).",
    );
    // Still imported as stored, so the values can be inspected.
    expect(Number.isNaN(new Float32Array(back.tensors['layers[0].bias'].data)[1])).toBe(true);
  });
});
