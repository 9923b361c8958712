// The page-wide alert that App.svelte shows: one sentence a student can act on, reported by any state class.
import { friendlyError } from './errors.ts';

export class PageAlert {
  message = $state<string | null>(null);

  /** Shows a failure as a sentence with the next step (see errors.ts). */
  report(err: unknown): void {
    this.message = friendlyError(err);
  }

  /** Shows a sentence that is already worded for the page. */
  show(message: string): void {
    this.message = message;
  }

  dismiss(): void {
    this.message = null;
  }
}
