// State of the Model view and the Train view's form: the dataset the model is for, the models proposed for it and
// the preset gallery, the layer stack being edited (checked in the worker against that dataset as it changes) and
// the settings of the next run.
import type { LayerSpec, ModelSpec, PresetTraining } from '../engine/index.ts';
import type {
  DatasetShape,
  FieldChoices,
  PresetInfo,
  ProposalInfo,
  RunOptions,
  SpecCheck,
  WorkerEvent,
} from '../protocol/training.ts';
import type { TrainingClient } from './clients/training-client.ts';
import { friendlyError } from './errors.ts';
import { Hyperparams } from './hyperparams.svelte.ts';

/** What the editor asks of a worker. */
export type ModelEditorClient = Pick<
  TrainingClient,
  'presets' | 'checkSpec' | 'proposals' | 'fieldChoices' | 'settingRanges'
>;

/** Where the edited model came from: a preset (with its own dataset) or a proposal for the chosen dataset. */
export type ModelSource = { kind: 'preset'; id: string } | { kind: 'proposal'; id: string };

/** A model to start from: a preset or a proposal. */
interface BaseModel {
  title: string;
  spec: ModelSpec;
  training: PresetTraining;
}

export class ModelEditorState {
  presets = $state.raw<PresetInfo[]>([]);
  source = $state.raw<ModelSource>({ kind: 'preset', id: 'mnist-mlp' });
  /** The dataset the next run trains on. */
  datasetId = $state('mnist');
  /** Its description (shapes, classes), once the worker has read it; null until then. */
  dataset = $state.raw<DatasetShape | null>(null);
  /** Models proposed for the chosen dataset. */
  proposals = $state.raw<ProposalInfo[]>([]);
  /** Reading (or first copying into this browser) the chosen dataset. */
  datasetLoading = $state(false);
  datasetProgress = $state.raw<{ loaded: number; total: number } | null>(null);
  datasetError = $state<string | null>(null);
  /** The enumerated fields' choices (from the worker). */
  choices = $state.raw<FieldChoices | null>(null);
  /** The layer stack being edited (starts as the preset's or the proposal's). */
  layers = $state<LayerSpec[]>([]);
  check = $state.raw<SpecCheck | null>(null);
  edited = $state(false);
  /** Settings of the next run (the Train view's form). */
  readonly hp = new Hyperparams();

  preset = $derived(this.source.kind === 'preset' ? (this.presets.find((p) => p.id === this.source.id) ?? null) : null);
  proposal = $derived(
    this.source.kind === 'proposal' ? (this.proposals.find((p) => p.id === this.source.id) ?? null) : null,
  );
  base = $derived<BaseModel | null>(this.preset ?? this.proposal);
  /** The preset's id while a preset is chosen (the gallery's pressed card). */
  presetId = $derived(this.preset?.id ?? null);
  spec = $derived<ModelSpec | null>(this.base ? { ...this.base.spec, layers: this.layers } : null);
  /** The chosen dataset's title (its id until described). */
  datasetTitle = $derived(this.dataset?.id === this.datasetId ? this.dataset.title : this.datasetId);
  /** Presets made for the chosen dataset. */
  presetsForDataset = $derived(this.presets.filter((p) => p.dataset === this.datasetId));

  /** Drops answers to older checks and older dataset choices. */
  private checkSeq = 0;
  private datasetSeq = 0;

  constructor(private readonly client: ModelEditorClient) {}

  /** Reads the presets and the field choices and starts editing the first preset; a failure is the caller's. */
  async load(): Promise<void> {
    [this.presets, this.choices, this.hp.ranges] = await Promise.all([
      this.client.presets(),
      this.client.fieldChoices(),
      this.client.settingRanges(),
    ]);
    const first = this.presets.find((p) => p.id === this.source.id) ?? this.presets[0];
    // The first preset's dataset is described only once chosen: the page does not copy MNIST in at load.
    if (first) this.startFrom({ kind: 'preset', id: first.id }, first, false);
  }

  /** Edits a preset; its own dataset becomes the chosen one (described in the background for the live check). */
  choosePreset(id: string): void {
    const p = this.presets.find((x) => x.id === id);
    if (!p) return;
    this.startFrom({ kind: 'preset', id }, p, true);
  }

  /** Edits a proposal for the chosen dataset. */
  chooseProposal(id: string): void {
    const p = this.proposals.find((x) => x.id === id);
    if (p) this.startFrom({ kind: 'proposal', id }, p, false);
  }

  /** Goes back to the chosen preset's or proposal's own layers. */
  reset(): void {
    if (this.base) this.startFrom(this.source, this.base, false);
  }

  private startFrom(source: ModelSource, base: BaseModel, describe: boolean): void {
    this.source = source;
    this.layers = structuredClone(base.spec.layers);
    this.edited = false;
    this.hp.fromTraining(base.training);
    if (source.kind === 'preset') {
      const dataset = (base as PresetInfo).dataset;
      if (dataset !== this.datasetId) this.forgetDataset(dataset);
      if (describe && !this.dataset) void this.describe(dataset, false);
    }
    void this.validate();
  }

  private forgetDataset(id: string): void {
    this.datasetId = id;
    this.dataset = null;
    this.proposals = [];
    this.datasetError = null;
    this.datasetSeq++;
  }

  /**
   * Starts from dataset `id`: the worker describes it (copying an embedded set into this browser the first time,
   * with progress) and proposes models for it; the first proposal is chosen.
   */
  async chooseDataset(id: string): Promise<void> {
    if (id !== this.datasetId || !this.dataset) this.forgetDataset(id);
    await this.describe(id, true);
  }

  private async describe(id: string, pickProposal: boolean): Promise<void> {
    const seq = ++this.datasetSeq;
    this.datasetLoading = true;
    this.datasetError = null;
    const onEvent = (e: WorkerEvent) => {
      if (e.kind === 'dataset' && seq === this.datasetSeq)
        this.datasetProgress = e.stage === 'ready' ? null : { loaded: e.loaded, total: e.total };
    };
    try {
      const r = await this.client.proposals(id, onEvent);
      if (seq !== this.datasetSeq) return;
      this.dataset = r.dataset;
      this.proposals = r.proposals;
      const keep = this.source.kind === 'preset' && this.preset?.dataset === id;
      if (pickProposal && !keep && r.proposals.length) this.chooseProposal(r.proposals[0].id);
      else void this.validate();
    } catch (err) {
      if (seq === this.datasetSeq) this.datasetError = friendlyError(err);
    } finally {
      if (seq === this.datasetSeq) {
        this.datasetLoading = false;
        this.datasetProgress = null;
      }
    }
  }

  /** Re-checks the edited stack in the worker (live shape inference, and the fit to the dataset once described). */
  async validate(): Promise<void> {
    const spec = this.spec;
    if (!spec) return;
    const seq = ++this.checkSeq;
    const against = this.dataset?.id === this.datasetId ? this.datasetId : undefined;
    let check: SpecCheck;
    try {
      check = await this.client.checkSpec($state.snapshot(spec) as ModelSpec, against, this.hp.batchSize);
    } catch (err) {
      check = {
        ok: false,
        layers: [],
        outShape: [],
        params: 0,
        trainingBytes: 0,
        error: { path: null, message: friendlyError(err) },
      };
    }
    if (seq === this.checkSeq) this.check = check;
  }

  /** Loads a model's layers (a link's) into the editor, on top of the chosen preset's or proposal's input. */
  loadSpec(spec: ModelSpec): void {
    this.layers = structuredClone(spec.layers);
    this.edited = true;
    void this.validate();
  }

  editLayers(update: (layers: LayerSpec[]) => void): void {
    update(this.layers);
    this.edited = true;
    void this.validate();
  }

  /**
   * What a new run is made of: the form's settings and the model. A preset sends its id (and the edited layers, if
   * edited); a proposal sends the dataset and the model.
   */
  runOptions(): RunOptions {
    const spec = this.spec ? ($state.snapshot(this.spec) as ModelSpec) : undefined;
    if (this.source.kind === 'proposal') return { ...this.hp.runOptions(), datasetId: this.datasetId, spec };
    return { ...this.hp.runOptions(), presetId: this.source.id, spec: this.edited ? spec : undefined };
  }
}
