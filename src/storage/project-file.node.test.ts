// The .dlstudio format: a project survives a round trip bit for bit; a newer version, a damaged zip, a missing entry
// or a checkpoint that does not fit the model is refused with a sentence; random damage never escapes as a crash.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { encodePack, type PackHeader } from '../data/pack.ts';
import type { ModelSpec, TrainConfig } from '../engine/index.ts';
import {
  decodeProject,
  encodeProject,
  ENTRY,
  ProjectFileError,
  projectFileName,
  type Project,
} from './project-file.ts';

const spec: ModelSpec = { name: 'Tiny MLP', input: { shape: [2] }, layers: [{ type: 'dense', units: 3 }] };
const config: TrainConfig = {
  epochs: 2,
  batchSize: 4,
  optimizer: { kind: 'adam', lr: 0.01 },
  loss: 'softmaxCrossEntropy',
  seed: 1234,
};
const header = {
  id: 'imported-dots-abc123',
  title: 'Dots',
  description: '',
  source: 'test',
  license: 'none',
  count: 3,
  xShape: [2],
  xDtype: 'f32',
  xScale: 1,
  yShape: [],
  yDtype: 'i32',
  classes: 3,
  splits: { train: [0, 2], test: [2, 3] },
  splitRule: 'first two',
} as unknown as Omit<PackHeader, 'xBytes' | 'yBytes'>;
const pack = encodePack(header, Float32Array.from([0, 1, 2, 3, 4, 5]), Int32Array.from([0, 1, 2]));
const f32 = (...v: number[]) => Float32Array.from(v).buffer;

function project(): Project {
  return {
    title: 'Dots run',
    savedAt: Date.UTC(2026, 11, 2),
    dataset: { id: 'imported-dots-abc123', title: 'Dots', pack },
    run: {
      name: 'Dots run',
      presetId: null,
      status: 'paused',
      createdAt: 5,
      spec,
      config,
      limit: 2,
      testLimit: null,
      checkpointEvery: 10,
      labels: ['red', 'green', 'blue'],
    },
    history: [{ kind: 'epoch', epoch: 0, loss: 1.5 } as never],
    checkpoint: {
      savedAt: 7,
      position: { epoch: 1, batch: 0, globalStep: 3 } as never,
      tensors: {
        'layers[0].kernel': { shape: [2, 3], data: f32(1, 2, 3, 4, 5, 6) },
        'layers[0].bias': { shape: [3], data: f32(0.5, 0, -0.5) },
      },
      optimizer: {
        kind: 'adam',
        step: 3,
        state: {
          'layers[0].kernel': [f32(1, 1, 1, 1, 1, 1), f32(2, 2, 2, 2, 2, 2)],
          'layers[0].bias': [f32(3, 3, 3), f32(4, 4, 4)],
        },
      },
    },
    lesson: '# Lesson\nTrain it.',
    teacherNotes: null,
  };
}

/** Rewrites one entry of a project zip (undefined deletes it). */
function edit(bytes: Uint8Array, name: string, value: Uint8Array<ArrayBuffer> | undefined): Uint8Array {
  const files = unzipSync(bytes);
  if (value === undefined) delete files[name];
  else files[name] = value;
  return zipSync(files);
}

describe('project file', () => {
  test('round trip keeps the dataset, model, settings, seed, checkpoint, curves and lesson', () => {
    const back = decodeProject(encodeProject(project()));
    const p = project();
    expect(new Uint8Array(back.dataset.pack!)).toEqual(new Uint8Array(pack));
    expect(back.run).toEqual(p.run);
    expect(back.run!.config.seed).toBe(1234);
    expect(back.history).toEqual(p.history);
    expect(back.lesson).toBe(p.lesson);
    expect(back.teacherNotes).toBeNull();
    expect(back.checkpoint!.position).toEqual(p.checkpoint!.position);
    expect(new Float32Array(back.checkpoint!.tensors['layers[0].kernel'].data)).toEqual(
      Float32Array.from([1, 2, 3, 4, 5, 6]),
    );
    expect(back.checkpoint!.optimizer.state['layers[0].bias'].map((b) => [...new Float32Array(b)])).toEqual([
      [3, 3, 3],
      [4, 4, 4],
    ]);
    expect(back.checkpoint!.optimizer).toMatchObject({ kind: 'adam', step: 3 });
  });

  test('the manifest names the format, version and what is inside', () => {
    const m = JSON.parse(new TextDecoder().decode(unzipSync(encodeProject(project()))[ENTRY.manifest]));
    expect(m).toMatchObject({
      format: 'dl-studio-project',
      version: 1,
      dataset: { id: 'imported-dots-abc123', storage: 'file' },
      checkpoint: { step: 3 },
      history: true,
      lesson: true,
      teacherNotes: false,
    });
  });

  test('a dataset-only project and an embedded reference', () => {
    const p = { ...project(), dataset: { id: 'mnist', title: 'MNIST', pack: null }, run: null, checkpoint: null };
    const back = decodeProject(encodeProject(p));
    expect(back.dataset).toEqual({ id: 'mnist', title: 'MNIST', pack: null });
    expect(back.run).toBeNull();
    expect(unzipSync(encodeProject(p))[ENTRY.dataset]).toBeUndefined();
  });

  test('a newer format version is refused, naming both versions', () => {
    const bytes = edit(
      encodeProject(project()),
      ENTRY.manifest,
      strToU8(JSON.stringify({ format: 'dl-studio-project', version: 7 })),
    );
    expect(() => decodeProject(bytes)).toThrow(
      /newer version of the studio \(project format 7; this one reads up to 1\)/,
    );
  });

  test('a damaged zip, another zip and a missing entry are named', () => {
    const good = encodeProject(project());
    expect(() => decodeProject(good.slice(0, good.length - 30))).toThrow(/damaged or is not a studio project/);
    expect(() => decodeProject(zipSync({ 'a.txt': strToU8('x') }))).toThrow(/has no manifest.json/);
    expect(() => decodeProject(edit(good, ENTRY.checkpoint, undefined), 'The file "x.dlstudio"')).toThrow(
      'The file "x.dlstudio" is incomplete: its entry "checkpoint.safetensors" is missing.',
    );
    expect(() => decodeProject(edit(good, ENTRY.dataset, undefined))).toThrow(/"dataset.pack" is missing/);
    expect(() => decodeProject(edit(good, ENTRY.model, strToU8('{oops')))).toThrow(/"model.json" is not valid JSON/);
    expect(() => decodeProject(edit(good, ENTRY.dataset, strToU8('not a pack')))).toThrow(/holds a damaged dataset/);
  });

  test('a model that does not fit its checkpoint is called inconsistent', () => {
    const other = { ...spec, layers: [{ type: 'dense', units: 4 }] };
    const bytes = edit(encodeProject(project()), ENTRY.model, strToU8(JSON.stringify(other)));
    expect(() => decodeProject(bytes)).toThrow(/inconsistent: its checkpoint does not fit the model "Tiny MLP"/);
    const broken = edit(encodeProject(project()), ENTRY.model, strToU8(JSON.stringify({ name: 'x', layers: 3 })));
    expect(() => decodeProject(broken)).toThrow(ProjectFileError);
  });

  test('training.json without a seed is refused', () => {
    const bytes = edit(encodeProject(project()), ENTRY.training, strToU8(JSON.stringify({ config: { epochs: 1 } })));
    expect(() => decodeProject(bytes)).toThrow(/does not hold the training settings and seed/);
  });

  test('fuzz: flipped bytes and cut files give a ProjectFileError or a faithful project, never another error', () => {
    const good = encodeProject(project());
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.nat(good.length),
        (flips, cut) => {
          const bad = good.slice(0, Math.max(cut, 1));
          for (const [at, x] of flips) if (at < bad.length) bad[at] ^= x;
          try {
            decodeProject(bad);
          } catch (e) {
            expect(e).toBeInstanceOf(ProjectFileError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test('file names are safe', () => {
    expect(projectFileName('XOR: run 1/2')).toBe('XOR-run-1-2.dlstudio');
    expect(projectFileName('...')).toBe('project.dlstudio');
  });
});
