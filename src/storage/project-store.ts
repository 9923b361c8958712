// Project files against IndexedDB: gather a run (or a dataset) into a project, and open a project by writing its
// dataset, run and checkpoint in one transaction, so a file that fails any check leaves nothing stored.
import { readPackHeader } from '../data/pack.ts';
import { IMPORTED_PREFIX } from './datasets.ts';
import { STRICT, type RunRecord, type StoredDataset, type StudioDb } from './db.ts';
import { decodeProject, encodeProject, projectFileName, ProjectFileError, type Project } from './project-file.ts';

/** What to put in a project saved from a run. */
export interface SaveProjectOptions {
  /** Include the latest checkpoint (weights and optimizer state), so the run resumes or evaluates. Default true. */
  checkpoint?: boolean;
  /** Include the curves. Default true. */
  history?: boolean;
}

/** A saved project: its bytes and a file name. */
export interface ProjectExport {
  fileName: string;
  bytes: Uint8Array;
}

/** What opening a project stored. */
export interface OpenedProject {
  title: string;
  datasetId: string;
  /** The new run's id, or null for a dataset-only project. */
  runId: string | null;
  /** Whether the dataset was written (false: the same set was already stored, or it is embedded or generated). */
  datasetStored: boolean;
  hasCheckpoint: boolean;
}

async function datasetPart(db: StudioDb, id: string): Promise<Project['dataset']> {
  // Embedded packs and generated toy sets are part of every studio: a reference is enough.
  if (!id.startsWith(IMPORTED_PREFIX)) {
    const info = await db.get('datasetInfo', id);
    return { id, title: info?.title ?? id, pack: null };
  }
  const stored = await db.get('datasets', id);
  if (!stored)
    throw new Error(
      `The dataset "${id}" is no longer stored in this browser, so it cannot go into the project; import it again first.`,
    );
  return { id, title: stored.title, pack: stored.pack };
}

/** A run as a project file: its dataset, model, settings and seed, and (by default) checkpoint and curves. */
export async function saveRunProject(db: StudioDb, runId: string, o: SaveProjectOptions = {}): Promise<ProjectExport> {
  const run = await db.get('runs', runId);
  if (!run) throw new Error('This run no longer exists, so it cannot be saved as a project.');
  const ckpt = o.checkpoint === false ? undefined : await db.get('checkpoints', runId);
  const title = run.name;
  const project: Project = {
    title,
    savedAt: Date.now(),
    dataset: await datasetPart(db, run.datasetId),
    run: {
      name: run.name,
      presetId: run.presetId,
      status: run.status,
      createdAt: run.createdAt,
      spec: run.spec,
      config: run.config,
      limit: run.limit,
      testLimit: run.testLimit,
      checkpointEvery: run.checkpointEvery,
      ...(run.importedFrom ? { importedFrom: run.importedFrom } : {}),
      ...(run.labels ? { labels: run.labels } : {}),
    },
    history: o.history === false ? null : run.history,
    checkpoint: ckpt
      ? { savedAt: ckpt.savedAt, position: ckpt.position, tensors: ckpt.tensors, optimizer: ckpt.optimizer }
      : null,
    lesson: null,
    teacherNotes: null,
  };
  return { fileName: projectFileName(title), bytes: encodeProject(project) };
}

/** A dataset alone as a project file (no model yet). */
export async function saveDatasetProject(db: StudioDb, datasetId: string): Promise<ProjectExport> {
  const dataset = await datasetPart(db, datasetId);
  const project: Project = {
    title: dataset.title,
    savedAt: Date.now(),
    dataset,
    run: null,
    history: null,
    checkpoint: null,
    lesson: null,
    teacherNotes: null,
  };
  return { fileName: projectFileName(dataset.title), bytes: encodeProject(project) };
}

const samePack = (a: ArrayBuffer, b: ArrayBuffer) => {
  if (a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
};

/** A run restored from a file continues from its checkpoint (paused), or starts again when it has none. */
function restoredStatus(p: NonNullable<Project['run']>, hasCheckpoint: boolean): RunRecord['status'] {
  if (!hasCheckpoint) return 'created';
  return p.status === 'finished' || p.status === 'stopped' ? p.status : 'paused';
}

/**
 * Opens a project file: checks it whole (decodeProject), then stores its dataset (unless the same pack is already
 * here; a different pack under the same id gets a new id), its run and its checkpoint in one transaction.
 */
export async function openProject(db: StudioDb, bytes: Uint8Array, fileName?: string): Promise<OpenedProject> {
  const p = decodeProject(bytes, fileName ? `The file "${fileName}"` : undefined);
  const { pack } = p.dataset;
  if (!pack && p.dataset.id.startsWith(IMPORTED_PREFIX))
    throw new ProjectFileError(
      `The project refers to the imported dataset "${p.dataset.title}" without holding it; save the project again from the browser that has the dataset.`,
    );
  // Everything that can fail without the database is done before the transaction opens (it closes on other awaits).
  const header = pack ? readPackHeader(pack, 'dataset.pack') : null;
  const existing = pack ? await db.get('datasets', p.dataset.id) : undefined;
  const reuse = !!(pack && existing && samePack(existing.pack, pack));
  const datasetId =
    pack && existing && !reuse ? `${p.dataset.id.slice(0, 60)}-${crypto.randomUUID().slice(0, 6)}` : p.dataset.id;
  const now = Date.now();
  const runId = p.run ? crypto.randomUUID() : null;
  const tx = db.transaction(['datasets', 'datasetInfo', 'runs', 'checkpoints'], 'readwrite', STRICT);
  const done = tx.done;
  try {
    if (pack && header && !reuse) {
      const record: StoredDataset = {
        id: datasetId,
        title: p.dataset.title,
        source: 'imported',
        count: header.count,
        bytes: pack.byteLength,
        pack,
        storedAt: now,
      };
      await tx.objectStore('datasets').put(record);
      const { pack: _, ...info } = record;
      await tx.objectStore('datasetInfo').put({ ...info, header });
    }
    if (p.run && runId) {
      const hasCheckpoint = !!p.checkpoint;
      const record: RunRecord = {
        id: runId,
        name: p.run.name,
        presetId: p.run.presetId,
        datasetId,
        spec: p.run.spec,
        config: p.run.config,
        limit: p.run.limit,
        testLimit: p.run.testLimit,
        checkpointEvery: p.run.checkpointEvery,
        ...(p.run.importedFrom ? { importedFrom: p.run.importedFrom } : {}),
        ...(p.run.labels ? { labels: p.run.labels } : {}),
        status: restoredStatus(p.run, hasCheckpoint),
        checkpointStep: p.checkpoint?.position.globalStep ?? null,
        createdAt: now,
        updatedAt: now,
        // Without weights the run starts again from step 0, so curves of the old run would mislead.
        history: hasCheckpoint ? (p.history ?? []) : [],
      };
      await tx.objectStore('runs').put(record);
      if (p.checkpoint) await tx.objectStore('checkpoints').put({ ...p.checkpoint, runId });
    }
  } catch (e) {
    try {
      tx.abort();
    } catch {
      // Already aborted by IndexedDB itself.
    }
    await done.catch(() => undefined);
    throw e;
  }
  await done;
  return {
    title: p.title,
    datasetId,
    runId,
    datasetStored: !!pack && !reuse,
    hasCheckpoint: !!(p.run && p.checkpoint),
  };
}
