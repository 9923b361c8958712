// State of project files in the page: "Save project" from a run or a dataset (encoded in the datasets worker and
// handed over as a .dlstudio download), and opening one (picker, drop, or the installed app's file handler).
import type { OpenedProject, SaveProjectOptions } from '../protocol/datasets.ts';
import type { DatasetsClient } from './clients/datasets-client.ts';
import { download } from './export-state.svelte.ts';
import { friendlyError } from './errors.ts';

/** What the state needs of the rest of the page after a project opened: list and select what it stored. */
export interface ProjectTargets {
  refreshRuns(): Promise<void>;
  selectRun(id: string): Promise<void>;
  refreshDatasets(): Promise<void>;
  selectDataset(id: string): Promise<void>;
  /** Opens a tab (train for a run, datasets for a dataset alone). */
  showTab(tab: 'train' | 'datasets'): void;
}

export const PROJECT_MIME_TYPE = 'application/x-dlstudio';

export class ProjectState {
  /** What is being done now (saving or opening), for the buttons to wait. */
  busy = $state<'saving' | 'opening' | null>(null);
  /** The last outcome in words (saved, opened), or the sentence saying why a file could not be opened. */
  notice = $state<string | null>(null);
  error = $state<string | null>(null);

  constructor(
    private readonly client: Pick<DatasetsClient, 'saveRunProject' | 'saveDatasetProject' | 'openProject'>,
    private readonly targets: ProjectTargets,
  ) {}

  /** Saves a run (dataset, model, settings and seed, checkpoint and curves) as a .dlstudio file. */
  async saveRun(runId: string, options?: SaveProjectOptions): Promise<void> {
    await this.save(() => this.client.saveRunProject(runId, options));
  }

  /** Saves a dataset alone as a .dlstudio file. */
  async saveDataset(datasetId: string): Promise<void> {
    await this.save(() => this.client.saveDatasetProject(datasetId));
  }

  private async save(make: () => Promise<{ fileName: string; bytes: Uint8Array }>): Promise<void> {
    this.busy = 'saving';
    this.notice = this.error = null;
    try {
      const out = await make();
      download(out.bytes, out.fileName, PROJECT_MIME_TYPE);
      this.notice = `Saved ${out.fileName}. Open it in any studio (drop it on the page, or "Open project…") to get this state back.`;
    } catch (err) {
      this.error = friendlyError(err);
    } finally {
      this.busy = null;
    }
  }

  /** Opens a .dlstudio file; on success its run (or dataset) is listed and selected. Returns what was stored. */
  async open(file: File): Promise<OpenedProject | null> {
    this.busy = 'opening';
    this.notice = this.error = null;
    try {
      if (!/\.dlstudio$/i.test(file.name))
        throw new Error(`"${file.name}" is not a project file: project files end in .dlstudio.`);
      const opened = await this.client.openProject({ name: file.name, data: file });
      await this.targets.refreshDatasets();
      if (opened.runId) {
        await this.targets.refreshRuns();
        await this.targets.selectRun(opened.runId);
        this.targets.showTab('train');
      } else {
        await this.targets.selectDataset(opened.datasetId);
        this.targets.showTab('datasets');
      }
      this.notice = `Opened "${opened.title}"${
        opened.runId
          ? opened.hasCheckpoint
            ? ': the run is back with its checkpoint; resume it or evaluate it.'
            : ': the run is back with its settings and starts from step 0 (the file holds no checkpoint).'
          : ': its dataset is stored.'
      }`;
      return opened;
    } catch (err) {
      this.error = friendlyError(err);
      return null;
    } finally {
      this.busy = null;
    }
  }
}
