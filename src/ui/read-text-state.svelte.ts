// The Read text view's state: the pictures dropped or picked, read one after another in the read-text worker with a
// progress bar, the model pack's loading, and what each picture gave (lines and boxes) or why it failed.
import type { OcrClient } from './clients/ocr-client.ts';
import type { OcrEvent, OcrModelInfo, OcrPictureResult, OcrStage } from '../protocol/ocr.ts';
import { friendlyError } from './errors.ts';
import { linesText, picturesCsv, picturesText, type ReadPicture } from './read-text-export.ts';

export interface PictureEntry {
  id: number;
  name: string;
  file: Blob;
  status: 'waiting' | 'reading' | 'done' | 'failed';
  result: OcrPictureResult | null;
  error: string | null;
}

const STAGE_TEXT: Record<OcrStage, string> = {
  detect: 'finding lines',
  classify: 'checking which way up',
  recognize: 'reading lines',
};

type Client = Pick<OcrClient, 'prepare' | 'readPicture'>;

export class ReadTextState {
  pictures = $state.raw<PictureEntry[]>([]);
  selectedId = $state<number | null>(null);
  busy = $state(false);
  /** Bytes of the model pack read so far, while it loads. */
  loading = $state.raw<{ loaded: number; total: number } | null>(null);
  /** The current picture's stage. */
  stage = $state<string | null>(null);
  model = $state.raw<OcrModelInfo | null>(null);
  message = $state<string | null>(null);
  selected = $derived(this.pictures.find((p) => p.id === this.selectedId) ?? null);
  finished = $derived(this.pictures.filter((p) => p.status === 'done' || p.status === 'failed').length);
  private nextId = 1;

  /** `client` is a getter, so the worker starts only when the first picture comes. */
  constructor(private readonly getClient: () => Client) {}

  private get client(): Client {
    return this.getClient();
  }

  /** Queues pictures and reads them in order (a batch shows one progress bar). */
  add(files: readonly File[]): void {
    if (!files.length) return;
    const added = files.map((f) => ({
      id: this.nextId++,
      name: f.name || 'pasted picture',
      file: f,
      status: 'waiting' as const,
      result: null,
      error: null,
    }));
    this.pictures = [...this.pictures, ...added];
    this.selectedId ??= added[0].id;
    if (!this.busy) void this.work();
  }

  private update(id: number, patch: Partial<PictureEntry>): void {
    this.pictures = this.pictures.map((p) => (p.id === id ? { ...p, ...patch } : p));
  }

  private onEvent = (e: OcrEvent) => {
    if (e.kind === 'loading') this.loading = { loaded: e.loaded, total: e.total };
    else {
      this.loading = null;
      this.stage = e.total > 1 ? `${STAGE_TEXT[e.stage]} (${e.done} of ${e.total})` : STAGE_TEXT[e.stage];
    }
  };

  private async work(): Promise<void> {
    this.busy = true;
    this.message = null;
    try {
      if (!this.model) this.model = await this.client.prepare(this.onEvent);
      for (let next = this.pictures.find((p) => p.status === 'waiting'); next;) {
        this.update(next.id, { status: 'reading' });
        try {
          const result = await this.client.readPicture(next.file, next.name, this.onEvent);
          this.update(next.id, { status: 'done', result });
        } catch (err) {
          this.update(next.id, { status: 'failed', error: friendlyError(err) });
        }
        next = this.pictures.find((p) => p.status === 'waiting');
      }
    } catch (err) {
      // The models could not be loaded: nothing can be read, so the waiting pictures stay queued for a retry.
      this.message = friendlyError(err);
    } finally {
      this.loading = null;
      this.stage = null;
      this.busy = false;
    }
  }

  /** Tries the queued pictures again (after a failed model load). */
  retry(): void {
    if (!this.busy) void this.work();
  }

  clear(): void {
    if (this.busy) return;
    this.pictures = [];
    this.selectedId = null;
    this.message = null;
  }

  private read(): ReadPicture[] {
    return this.pictures.flatMap((p) => (p.result ? [{ name: p.name, lines: p.result.lines }] : []));
  }

  /** The selected picture's text, for the clipboard. */
  selectedText = $derived(this.selected?.result ? linesText(this.selected.result.lines) : '');
  /** Every read picture's text, as a .txt file. */
  text = () => picturesText(this.read());
  /** Every line of every read picture, as a .csv file. */
  csv = () => picturesCsv(this.read());
  hasResults = $derived(this.pictures.some((p) => p.result));

  async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.selectedText);
      this.message = 'Copied the text to the clipboard.';
    } catch {
      this.message = 'The browser did not let the page use the clipboard; select the lines and copy them instead.';
    }
  }
}
