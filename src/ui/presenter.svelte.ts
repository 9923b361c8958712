// Presenter mode: large type, thick chart lines, high contrast and advanced controls hidden, for a classroom
// projector. Set by the header toggle or `?present=1`; kept in localStorage; shown as <html data-presenter>.
import { presentFromQuery } from './presenter-keys.ts';

const KEY = 'studio-presenter';

class PresenterState {
  on = $state(false);
  /** The data-testid of the chart shown in the full window, or null. */
  fullChart = $state<string | null>(null);
  /** The last shortcut's answer, in words (shown in the shortcut bar). */
  note = $state('');

  constructor() {
    const asked = presentFromQuery(location.search);
    this.on = asked ?? localStorage.getItem(KEY) === '1';
    this.apply();
  }

  toggle(): void {
    this.on = !this.on;
    if (this.on) localStorage.setItem(KEY, '1');
    else localStorage.removeItem(KEY);
    if (!this.on) this.fullChart = null;
    this.note = '';
    this.apply();
  }

  private apply(): void {
    if (this.on) document.documentElement.dataset.presenter = '';
    else delete document.documentElement.dataset.presenter;
  }
}

/** The one instance (the mode is page-wide; charts read it for their line widths and sizes). */
export const presenter = new PresenterState();
