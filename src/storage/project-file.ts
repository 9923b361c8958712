// The .dlstudio project file: a zip (fflate) with a versioned manifest, the dataset (its pack, or a reference to an
// embedded or generated set), the model spec, the training settings and seed, and optionally a checkpoint and curves.
// Pure: encoding and decoding with every check a damaged or foreign file needs; storing is project-store.ts.
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { parameterShapes, type ModelSpec, type TrainConfig, type TrainEvent } from '../engine/index.ts';
import { readPackHeader } from '../data/pack.ts';
import type { CheckpointRecord, RunRecord } from './db.ts';
import { decodeSafetensors, encodeSafetensors, type SafeTensor } from './safetensors.ts';

/** The `format` field of every project manifest. */
export const PROJECT_FORMAT = 'dl-studio-project';
/** The manifest version this studio writes and the newest it reads. */
export const PROJECT_VERSION = 1;
/** The file extension (and the PWA's file handler's). */
export const PROJECT_EXTENSION = '.dlstudio';
export const PROJECT_MIME = 'application/x-dlstudio';

/** Entry names inside the zip. */
export const ENTRY = {
  manifest: 'manifest.json',
  dataset: 'dataset.pack',
  model: 'model.json',
  training: 'training.json',
  history: 'history.json',
  checkpoint: 'checkpoint.safetensors',
  lesson: 'lesson.md',
  teacherNotes: 'teacher-notes.md',
} as const;

/** The manifest: what the zip holds. `lesson` and `teacherNotes` are reserved for the classroom's lessons. */
export interface ProjectManifest {
  format: typeof PROJECT_FORMAT;
  version: number;
  /** ISO time of saving. */
  savedAt: string;
  title: string;
  /** `file`: the pack is in dataset.pack; `reference`: an embedded or generated set this studio has by id. */
  dataset: { id: string; title: string; storage: 'file' | 'reference' };
  /** model.json (the spec) and training.json (settings and seed), present when the project holds a run. */
  run: {
    name: string;
    presetId: string | null;
    status: RunRecord['status'];
    createdAt: number;
    /** A run made by importing a model from another format, and the class names that came with it. */
    importedFrom?: RunRecord['importedFrom'];
    labels?: string[] | null;
  } | null;
  /** The checkpoint's global step, when checkpoint.safetensors is present. */
  checkpoint: { step: number } | null;
  /** Whether history.json (epoch summaries and sparse step losses) is present. */
  history: boolean;
  /** Reserved: lesson.md (a lesson's Markdown and steps). */
  lesson: boolean;
  /** Reserved: teacher-notes.md (hidden in student mode). */
  teacherNotes: boolean;
}

/** training.json: a run's settings (the seed is config.seed). */
export interface ProjectTraining {
  config: TrainConfig;
  limit: number | null;
  testLimit: number | null;
  checkpointEvery: number;
}

/** A project as the studio reads and writes it. */
export interface Project {
  title: string;
  savedAt: number;
  dataset: { id: string; title: string; pack: ArrayBuffer | null };
  run:
    | (ProjectTraining & {
        name: string;
        presetId: string | null;
        status: RunRecord['status'];
        createdAt: number;
        spec: ModelSpec;
        importedFrom?: RunRecord['importedFrom'];
        labels?: string[] | null;
      })
    | null;
  history: TrainEvent[] | null;
  /** The checkpoint without its run id (the run gets a new id when opened). */
  checkpoint: Omit<CheckpointRecord, 'runId'> | null;
  lesson: string | null;
  teacherNotes: string | null;
}

/** A project file that cannot be opened; the message names what is wrong. */
export class ProjectFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProjectFileError';
  }
}

const OPT = 'optimizer/';

function checkpointBytes(ckpt: NonNullable<Project['checkpoint']>): Uint8Array {
  const tensors: Record<string, SafeTensor> = {};
  for (const [name, t] of Object.entries(ckpt.tensors))
    tensors[name] = { dtype: 'F32', shape: t.shape, data: new Uint8Array(t.data) };
  for (const [name, states] of Object.entries(ckpt.optimizer.state))
    states.forEach((s, i) => {
      tensors[`${OPT}${i}/${name}`] = { dtype: 'F32', shape: [s.byteLength / 4], data: new Uint8Array(s) };
    });
  return encodeSafetensors(tensors, {
    'studio.position': JSON.stringify(ckpt.position),
    'studio.optimizer': JSON.stringify({ kind: ckpt.optimizer.kind, step: ckpt.optimizer.step }),
    'studio.saved_at': String(ckpt.savedAt),
  });
}

/** Writes a project as zip bytes (the pack is stored, not deflated again: it is mostly numbers already packed). */
export function encodeProject(p: Project): Uint8Array {
  const files: Record<string, Uint8Array | [Uint8Array, { level: 0 }]> = {};
  const json = (v: unknown) => strToU8(JSON.stringify(v));
  const manifest: ProjectManifest = {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    savedAt: new Date(p.savedAt).toISOString(),
    title: p.title,
    dataset: { id: p.dataset.id, title: p.dataset.title, storage: p.dataset.pack ? 'file' : 'reference' },
    run: p.run && {
      name: p.run.name,
      presetId: p.run.presetId,
      status: p.run.status,
      createdAt: p.run.createdAt,
      ...(p.run.importedFrom ? { importedFrom: p.run.importedFrom } : {}),
      ...(p.run.labels ? { labels: p.run.labels } : {}),
    },
    checkpoint: p.run && p.checkpoint ? { step: p.checkpoint.position.globalStep } : null,
    history: !!(p.run && p.history),
    lesson: p.lesson !== null,
    teacherNotes: p.teacherNotes !== null,
  };
  files[ENTRY.manifest] = json(manifest);
  if (p.dataset.pack) files[ENTRY.dataset] = [new Uint8Array(p.dataset.pack), { level: 0 }];
  if (p.run) {
    files[ENTRY.model] = json(p.run.spec);
    const t: ProjectTraining = {
      config: p.run.config,
      limit: p.run.limit,
      testLimit: p.run.testLimit,
      checkpointEvery: p.run.checkpointEvery,
    };
    files[ENTRY.training] = json(t);
    if (p.history) files[ENTRY.history] = json(p.history);
    if (p.checkpoint) files[ENTRY.checkpoint] = [checkpointBytes(p.checkpoint), { level: 0 }];
  }
  if (p.lesson !== null) files[ENTRY.lesson] = strToU8(p.lesson);
  if (p.teacherNotes !== null) files[ENTRY.teacherNotes] = strToU8(p.teacherNotes);
  return zipSync(files, { level: 6 });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads and checks a project file; throws a ProjectFileError naming the first thing that is wrong. */
export function decodeProject(bytes: Uint8Array, fileName = 'The project file'): Project {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch {
    throw new ProjectFileError(
      `${fileName} is damaged or is not a studio project (it cannot be read as a zip); save the project again and use the new file.`,
    );
  }
  const entry = (name: string): Uint8Array => {
    const b = files[name];
    if (!b) throw new ProjectFileError(`${fileName} is incomplete: its entry "${name}" is missing.`);
    return b;
  };
  const parse = (name: string): unknown => {
    try {
      return JSON.parse(strFromU8(entry(name)));
    } catch (e) {
      if (e instanceof ProjectFileError) throw e;
      throw new ProjectFileError(`${fileName} is damaged: its entry "${name}" is not valid JSON.`);
    }
  };
  if (!files[ENTRY.manifest])
    throw new ProjectFileError(`${fileName} is not a studio project: it has no ${ENTRY.manifest}.`);
  const m = parse(ENTRY.manifest);
  if (!isObject(m) || m.format !== PROJECT_FORMAT)
    throw new ProjectFileError(`${fileName} is not a studio project: its manifest is of another format.`);
  if (typeof m.version !== 'number' || !Number.isInteger(m.version) || m.version < 1)
    throw new ProjectFileError(`${fileName} has a damaged manifest: its format version is not a whole number.`);
  if (m.version > PROJECT_VERSION)
    throw new ProjectFileError(
      `${fileName} was saved by a newer version of the studio (project format ${m.version}; this one reads up to ${PROJECT_VERSION}). Reload the studio while online to update it, then open the file again.`,
    );
  const man = m as unknown as ProjectManifest;
  const ds = man.dataset;
  if (!isObject(ds) || typeof ds.id !== 'string' || !ds.id || (ds.storage !== 'file' && ds.storage !== 'reference'))
    throw new ProjectFileError(`${fileName} has a damaged manifest: it does not say which dataset the project uses.`);
  let pack: ArrayBuffer | null = null;
  if (ds.storage === 'file') {
    const b = entry(ENTRY.dataset);
    pack = b.slice().buffer;
    try {
      readPackHeader(pack, ENTRY.dataset);
    } catch (e) {
      throw new ProjectFileError(`${fileName} holds a damaged dataset: ${(e as Error).message}`);
    }
  }
  const text = (flag: unknown, name: string) => (flag === true ? strFromU8(entry(name)) : null);
  const project: Project = {
    title: typeof man.title === 'string' ? man.title : 'Project',
    savedAt: Date.parse(String(man.savedAt)) || 0,
    dataset: { id: ds.id, title: typeof ds.title === 'string' ? ds.title : ds.id, pack },
    run: null,
    history: null,
    checkpoint: null,
    lesson: text(man.lesson, ENTRY.lesson),
    teacherNotes: text(man.teacherNotes, ENTRY.teacherNotes),
  };
  if (man.run === null || man.run === undefined) return project;
  if (!isObject(man.run)) throw new ProjectFileError(`${fileName} has a damaged manifest: its run is not described.`);
  const spec = parse(ENTRY.model) as ModelSpec;
  let shapes: Map<string, number[]>;
  try {
    if (!isObject(spec)) throw new Error('it is not an object');
    shapes = parameterShapes(spec);
  } catch (e) {
    throw new ProjectFileError(`${fileName} holds a model that is not valid: ${(e as Error).message}`);
  }
  const t = parse(ENTRY.training) as ProjectTraining;
  if (!isObject(t) || !isObject(t.config) || typeof t.config.seed !== 'number' || typeof t.config.epochs !== 'number')
    throw new ProjectFileError(
      `${fileName} is damaged: ${ENTRY.training} does not hold the training settings and seed.`,
    );
  const run = man.run as NonNullable<ProjectManifest['run']>;
  project.run = {
    name: typeof run.name === 'string' ? run.name : spec.name,
    presetId: typeof run.presetId === 'string' ? run.presetId : null,
    status: run.status,
    createdAt: typeof run.createdAt === 'number' ? run.createdAt : project.savedAt,
    ...(run.importedFrom === 'tfjs-layers' ? { importedFrom: run.importedFrom } : {}),
    ...(Array.isArray(run.labels) && run.labels.every((l) => typeof l === 'string') ? { labels: run.labels } : {}),
    spec,
    config: t.config,
    limit: t.limit ?? null,
    testLimit: t.testLimit ?? null,
    checkpointEvery: t.checkpointEvery ?? 200,
  };
  if (man.history === true) {
    const h = parse(ENTRY.history);
    if (!Array.isArray(h))
      throw new ProjectFileError(`${fileName} is damaged: ${ENTRY.history} is not a list of events.`);
    project.history = h as TrainEvent[];
  }
  if (man.checkpoint) project.checkpoint = readCheckpoint(entry(ENTRY.checkpoint), shapes, spec.name, fileName);
  return project;
}

function readCheckpoint(
  bytes: Uint8Array,
  shapes: Map<string, number[]>,
  model: string,
  fileName: string,
): NonNullable<Project['checkpoint']> {
  let decoded: ReturnType<typeof decodeSafetensors>;
  let position: CheckpointRecord['position'];
  let opt: { kind: string; step: number };
  try {
    decoded = decodeSafetensors(bytes);
    position = JSON.parse(decoded.metadata['studio.position']);
    opt = JSON.parse(decoded.metadata['studio.optimizer']);
    if (!isObject(position) || typeof position.globalStep !== 'number' || !isObject(opt)) throw new Error();
  } catch {
    throw new ProjectFileError(`${fileName} holds a damaged checkpoint (${ENTRY.checkpoint} cannot be read).`);
  }
  const tensors: CheckpointRecord['tensors'] = {};
  for (const [name, shape] of shapes) {
    const t = decoded.tensors[name];
    if (!t || t.dtype !== 'F32' || t.shape.join() !== shape.join())
      throw new ProjectFileError(
        `${fileName} is inconsistent: its checkpoint does not fit the model "${model}" (the tensor "${name}" is ${t ? `${t.dtype}[${t.shape.join(', ')}]` : 'missing'}, the model needs F32[${shape.join(', ')}]).`,
      );
    tensors[name] = { shape, data: t.data.slice().buffer };
  }
  const state: Record<string, ArrayBuffer[]> = {};
  for (const [key, t] of Object.entries(decoded.tensors)) {
    if (!key.startsWith(OPT)) continue;
    const [i, ...rest] = key.slice(OPT.length).split('/');
    const name = rest.join('/');
    if (!shapes.has(name))
      throw new ProjectFileError(
        `${fileName} is inconsistent: its optimizer state names "${name}", which the model lacks.`,
      );
    (state[name] ??= [])[Number(i)] = t.data.slice().buffer;
  }
  return {
    savedAt: Number(decoded.metadata['studio.saved_at']) || 0,
    position,
    tensors,
    optimizer: { kind: String(opt.kind), step: Number(opt.step) || 0, state },
  };
}

/** The file name a project is saved under: its title made safe, with the extension. */
export function projectFileName(title: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
  return `${base || 'project'}${PROJECT_EXTENSION}`;
}
