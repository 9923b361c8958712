// State of the "Import a TensorFlow.js model" control: the chosen files read into memory, the worker's import stages
// as progress, and the sentence of a refusal; an imported model becomes the selected run of the run history.
import type { ImportStage, ModelFileData, RunOptions, WorkerEvent } from '../protocol/training.ts';
import type { TrainingClient } from './clients/training-client.ts';
import { friendlyError } from './errors.ts';
import type { RunState } from './run-state.svelte.ts';

/** Words for each stage, shown beside the progress bar. */
export const IMPORT_STAGES: Record<ImportStage, string> = {
  reading: 'Reading the files',
  converting: 'Converting the layers and weights',
  checking: 'Checking the model against the dataset',
  storing: 'Storing the run and its weights',
};
const ORDER: ImportStage[] = ['reading', 'converting', 'checking', 'storing'];

export class ImportModelState {
  /** The stage in progress, or null when no import runs. */
  stage = $state<ImportStage | null>(null);
  error = $state<string | null>(null);
  /** The name of the last run imported (shown until the next import). */
  imported = $state<string | null>(null);
  /** Stages done out of all, for the progress bar. */
  progress = $derived(this.stage ? ORDER.indexOf(this.stage) : 0);
  readonly stages = ORDER.length;

  constructor(
    private readonly client: Pick<TrainingClient, 'importTfjs'>,
    private readonly runs: Pick<RunState, 'refreshRuns' | 'selectRun' | 'training'>,
  ) {}

  /** Imports model.json + its .bin files (+ metadata.json) as a run on the options' dataset, then selects it. */
  async importFiles(files: readonly File[], options: RunOptions): Promise<void> {
    if (this.stage || files.length === 0) return;
    this.error = null;
    this.imported = null;
    this.stage = 'reading';
    try {
      const data: ModelFileData[] = await Promise.all(
        files.map(async (f) => ({ name: f.name, bytes: await f.arrayBuffer() })),
      );
      const run = await this.client.importTfjs(data, options, (e: WorkerEvent) => {
        if (e.kind === 'import') this.stage = e.stage;
      });
      this.imported = run.name;
      await this.runs.refreshRuns();
      await this.runs.selectRun(run.id);
    } catch (err) {
      this.error = friendlyError(err);
    } finally {
      this.stage = null;
    }
  }
}
