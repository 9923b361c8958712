// State of the Model view and the Train view's form: the preset gallery, the layer stack being edited (checked in
// the worker as it changes) and the settings of the next run.
import type { LayerSpec, ModelSpec } from '../engine/index.ts';
import type { PresetInfo, RunOptions, SpecCheck } from '../protocol/training.ts';
import type { TrainingClient } from './clients/training-client.ts';
import { friendlyError } from './errors.ts';
import { Hyperparams } from './hyperparams.svelte.ts';

/** What the editor asks of a worker. */
export type ModelEditorClient = Pick<TrainingClient, 'presets' | 'checkSpec' | 'settingRanges'>;

export class ModelEditorState {
  presets = $state.raw<PresetInfo[]>([]);
  presetId = $state('mnist-mlp');
  /** The layer stack being edited (starts as the preset's). */
  layers = $state<LayerSpec[]>([]);
  check = $state.raw<SpecCheck | null>(null);
  edited = $state(false);
  /** Settings of the next run (the Train view's form). */
  readonly hp = new Hyperparams();

  preset = $derived(this.presets.find((p) => p.id === this.presetId) ?? null);
  spec = $derived<ModelSpec | null>(this.preset ? { ...this.preset.spec, layers: this.layers } : null);

  constructor(private readonly client: ModelEditorClient) {}

  /** Reads the presets and starts editing the chosen one; a failure is the caller's to show. */
  async load(): Promise<void> {
    [this.presets, this.hp.ranges] = await Promise.all([this.client.presets(), this.client.settingRanges()]);
    this.choosePreset(this.presetId);
  }

  choosePreset(id: string): void {
    const p = this.presets.find((x) => x.id === id);
    if (!p) return;
    this.presetId = id;
    this.layers = structuredClone(p.spec.layers);
    this.edited = false;
    this.hp.fromPreset(p);
    void this.validate();
  }

  /** Re-checks the edited stack in the worker (live shape inference). */
  async validate(): Promise<void> {
    const spec = this.spec;
    if (!spec) return;
    try {
      this.check = await this.client.checkSpec($state.snapshot(spec) as ModelSpec);
    } catch (err) {
      this.check = {
        ok: false,
        layers: [],
        outShape: [],
        params: 0,
        trainingBytes: 0,
        error: { path: null, message: friendlyError(err) },
      };
    }
  }

  editLayers(update: (layers: LayerSpec[]) => void): void {
    update(this.layers);
    this.edited = true;
    void this.validate();
  }

  /** What a new run is made of: the form's settings, the preset, and the edited model (only if edited). */
  runOptions(): RunOptions {
    const spec = this.edited && this.spec ? ($state.snapshot(this.spec) as ModelSpec) : undefined;
    return { ...this.hp.runOptions(), presetId: this.presetId, spec };
  }
}
