// The studio's composition root: the worker clients, and the state classes they are handed to (constructor
// injection, so which client serves which class is decided here), wired so that choosing a run resets the rest.
import { StudioClients } from './clients/studio-clients.ts';
import { CompareState } from './compare-state.svelte.ts';
import { ConfirmState } from './confirm-state.svelte.ts';
import { DatasetsState } from './datasets-state.svelte.ts';
import { EvaluationState } from './evaluation-state.svelte.ts';
import { ExportState } from './export-state.svelte.ts';
import { ImportModelState } from './import-model-state.svelte.ts';
import { InsideState } from './inside-state.svelte.ts';
import { ModelEditorState } from './model-editor.svelte.ts';
import { OfflineState } from './offline-state.svelte.ts';
import { PageAlert } from './page-alert.svelte.ts';
import { PlaygroundState } from './playground-state.svelte.ts';
import { ReadTextState } from './read-text-state.svelte.ts';
import { PrivacyState } from './privacy-state.svelte.ts';
import { RunModelState } from './run-model-state.svelte.ts';
import { RunState } from './run-state.svelte.ts';

/** Builds the page's state: one object per concern, each with the client it needs. */
export function createStudio(debug = 0) {
  /** The workers' clients: training, inference and inspection, datasets, imported models. */
  const clients = new StudioClients();
  const alert = new PageAlert();
  const confirm = new ConfirmState();
  const editor = new ModelEditorState(clients.training);
  const runs = new RunState(clients.training, alert, confirm, debug);
  const compare = new CompareState(clients.training, clients.inference, alert);
  const evaluation = new EvaluationState(clients.inference, runs, alert);
  const playground = new PlaygroundState(clients.inference, runs, alert);
  const inside = new InsideState(clients.inference, runs, alert);
  const datasets = new DatasetsState(clients.datasets, confirm, alert);
  const offline = new OfflineState(clients.datasets, confirm);
  const reader = new ReadTextState(() => clients.ocr);
  const importer = new ImportModelState(clients.training, runs);
  const exports = new ExportState(clients, (message) => alert.show(message));
  const models = new RunModelState(clients.models, confirm, clients.training);
  const privacy = new PrivacyState(clients.models);
  runs.listen({
    selected: () => {
      evaluation.reset();
      playground.reset();
      inside.reset();
    },
    checkpointSaved: () => playground.checkpointSaved(),
  });
  return {
    /** The worker clients (the Storage view counts stored bytes through the datasets worker). */
    clients,
    alert,
    confirm,
    editor,
    runs,
    /** Imports TF.js models as runs (the Train view's run history). */
    importer,
    evaluation,
    /** The Compare tab: two to four runs of one dataset side by side. */
    compare,
    playground,
    inside,
    datasets,
    /** The Read text view (PaddleOCR in its own worker). */
    reader,
    exports,
    offline,
    /** Imported models ("Run a model", and the Storage view's list) and the privacy line's count. */
    models,
    privacy,
    /** Presets first (the Model view), then the runs with the newest selected. */
    async load(): Promise<void> {
      try {
        await editor.load();
        await runs.load();
      } catch (err) {
        alert.report(err);
      }
    },
  };
}

export type Studio = ReturnType<typeof createStudio>;
