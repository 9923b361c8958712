// State of the playground's type-to-classify box: the text, a debounced request to the worker (which tokenises
// it as the run's dataset was encoded) and the class probabilities that came back. Stale answers are dropped.
import type { TextPrediction } from '../protocol/trainer.ts';
import type { TrainerClient } from './clients/trainer-client.ts';
import { friendlyError } from './errors.ts';

/** Preset ids of the text classifiers (any run on a dataset with a word vocabulary and classes counts too). */
export const TEXT_PRESETS = ['spam-bow-mlp', 'spam-bilstm'];

export class TextClassifierState {
  text = $state('');
  result = $state.raw<TextPrediction | null>(null);
  busy = $state(false);
  error = $state<string | null>(null);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private asked = 0;

  constructor(
    private readonly client: TrainerClient,
    private readonly runId: () => string | null,
    readonly delayMs = 250,
  ) {}

  /** Call on every keystroke: the worker is asked once typing pauses for `delayMs`. */
  input(text: string): void {
    this.text = text;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.classify(), this.delayMs);
  }

  /** Scores the current text now (empty text clears the result). */
  async classify(): Promise<void> {
    this.timer = null;
    const id = this.runId();
    const ticket = ++this.asked;
    if (!id || !this.text.trim()) {
      this.result = null;
      this.error = null;
      return;
    }
    this.busy = true;
    try {
      const r = await this.client.classifyText(id, this.text);
      if (ticket !== this.asked) return;
      this.result = r;
      this.error = null;
    } catch (err) {
      if (ticket === this.asked) this.error = friendlyError(err);
    } finally {
      if (ticket === this.asked) this.busy = false;
    }
  }

  /** Forgets the result (another run was chosen). */
  reset(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.asked++;
    this.result = null;
    this.error = null;
    this.busy = false;
  }
}
