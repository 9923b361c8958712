// A question the page asks before something that cannot be undone (deleting a run or a dataset). `ask` resolves
// with the answer; ConfirmDialog.svelte shows the pending question as a modal <dialog>.
export interface Question {
  title: string;
  message: string;
  /** The label of the button that goes ahead ("Delete run"). */
  confirmLabel: string;
}

export class ConfirmState {
  pending = $state.raw<Question | null>(null);
  private resolve: ((ok: boolean) => void) | null = null;

  /** Shows the question; resolves true if confirmed, false if cancelled (a newer question cancels an older one). */
  ask(q: Question): Promise<boolean> {
    this.resolve?.(false);
    this.pending = q;
    return new Promise((resolve) => (this.resolve = resolve));
  }

  answer(ok: boolean): void {
    const r = this.resolve;
    this.resolve = null;
    this.pending = null;
    r?.(ok);
  }
}
