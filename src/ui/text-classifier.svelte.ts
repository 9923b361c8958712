// State of the playground's type-to-classify box: the text, a debounced request to the worker (which tokenises
// it as the run's dataset was encoded) and the class probabilities that came back. Stale answers are dropped.
import type { TextPrediction } from '../protocol/inference.ts';
import type { InferenceClient } from './clients/inference-client.ts';
import { friendlyError } from './errors.ts';
import { Latest } from './latest.ts';

/** Preset ids of the text classifiers (any run on a dataset with a word vocabulary and classes counts too). */
export const TEXT_PRESETS = ['spam-bow-mlp', 'spam-bilstm'];

export class TextClassifierState {
  text = $state('');
  result = $state.raw<TextPrediction | null>(null);
  busy = $state(false);
  error = $state<string | null>(null);
  private readonly latest: Latest;

  constructor(
    private readonly client: Pick<InferenceClient, 'classifyText'>,
    private readonly runId: () => string | null,
    delayMs = 250,
  ) {
    this.latest = new Latest(delayMs);
  }

  /** Call on every keystroke: the worker is asked once typing pauses for the delay. */
  input(text: string): void {
    this.text = text;
    this.latest.schedule(() => void this.classify());
  }

  /** Scores the current text now (empty text clears the result). */
  async classify(): Promise<void> {
    const id = this.runId();
    const fresh = this.latest.begin();
    if (!id || !this.text.trim()) {
      // A request still running is stale now, and its answer will not reset busy: do it here.
      this.result = null;
      this.error = null;
      this.busy = false;
      return;
    }
    this.busy = true;
    try {
      const r = await this.client.classifyText(id, this.text);
      if (!fresh()) return;
      this.result = r;
      this.error = null;
    } catch (err) {
      if (fresh()) this.error = friendlyError(err);
    } finally {
      if (fresh()) this.busy = false;
    }
  }

  /** Forgets the result (another run was chosen). */
  reset(): void {
    this.latest.cancel();
    this.result = null;
    this.error = null;
    this.busy = false;
  }
}
