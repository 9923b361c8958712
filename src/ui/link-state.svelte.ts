// State of setup links in the page: applying a `#setup=…` fragment (on load and on hashchange) to the Model and
// Train views, and building one from the current setup for the "Copy link" button, with locked or hidden settings.
import type { ModelSpec } from '../engine/index.ts';
import type { ModelEditorState } from './model-editor.svelte.ts';
import { decodeSetup, encodeSetup, hasSetup, type LinkTab, type SettingKey, type SharedSetup } from './share-link.ts';
import { friendlyError } from './errors.ts';

export class LinkState {
  /** What the last applied or copied link did, in words; or why a link could not be applied. */
  notice = $state<string | null>(null);
  error = $state<string | null>(null);
  /** The last link built by "Copy link" (shown too, in case the clipboard is refused). */
  url = $state<string | null>(null);
  /** Settings the next copied link locks or hides (start from the ones the page was opened with). */
  lock = $state<SettingKey[]>([]);
  hide = $state<SettingKey[]>([]);

  constructor(
    private readonly editor: ModelEditorState,
    private readonly tabs: { current(): LinkTab; show(tab: LinkTab): void },
  ) {}

  /** Applies the page's fragment when it carries a setup; returns whether it did. The app stays usable on failure. */
  async applyHash(hash = location.hash): Promise<boolean> {
    if (!hasSetup(hash)) return false;
    this.notice = this.error = null;
    try {
      await this.apply(decodeSetup(hash));
      this.notice = 'Opened the setup from the link.';
      return true;
    } catch (err) {
      this.error = `${friendlyError(err)} The studio is otherwise as it was.`;
      return false;
    }
  }

  /** Selects the dataset and model, sets the training settings, hides and locks controls, opens the tab. */
  async apply(s: SharedSetup): Promise<void> {
    const e = this.editor;
    if (s.preset) {
      if (!e.presets.some((p) => p.id === s.preset))
        throw new Error(
          `This link starts from the preset "${s.preset}", which this version of the studio does not have.`,
        );
      e.choosePreset(s.preset);
    }
    if (s.dataset && s.dataset !== e.datasetId) {
      await e.chooseDataset(s.dataset);
      if (e.datasetError) throw new Error(`This link's dataset "${s.dataset}" could not be opened: ${e.datasetError}`);
    }
    if (s.spec) e.loadSpec(s.spec);
    if (s.settings) e.hp.apply(s.settings);
    e.hp.hidden = s.hidden ?? [];
    e.hp.locked = s.locked ?? [];
    this.lock = [...e.hp.locked];
    this.hide = [...e.hp.hidden];
    if (s.tab) this.tabs.show(s.tab);
  }

  /** The current setup (model, dataset, settings, tab) with the chosen locked and hidden settings. */
  current(): SharedSetup {
    const e = this.editor;
    const spec = e.spec ? ($state.snapshot(e.spec) as ModelSpec) : undefined;
    return {
      ...(e.presetId ? { preset: e.presetId } : {}),
      dataset: e.datasetId,
      ...(spec && (e.edited || !e.presetId) ? { spec } : {}),
      settings: e.hp.settings(),
      tab: this.tabs.current(),
      ...(this.hide.length ? { hidden: [...this.hide] } : {}),
      ...(this.lock.length ? { locked: [...this.lock] } : {}),
    };
  }

  /** Builds a link to this setup and puts it on the clipboard (it also stays shown, to copy by hand). */
  async copy(): Promise<void> {
    this.error = null;
    this.url = `${location.origin}${location.pathname}${encodeSetup(this.current())}`;
    try {
      await navigator.clipboard.writeText(this.url);
      this.notice = 'Link copied: whoever opens it gets this dataset, model and settings (nothing is uploaded).';
    } catch {
      this.notice = 'The browser did not allow copying; select the link below and copy it.';
    }
  }

  toggle(list: 'lock' | 'hide', key: SettingKey, on: boolean): void {
    const now = this[list].filter((k) => k !== key);
    this[list] = on ? [...now, key] : now;
  }
}
