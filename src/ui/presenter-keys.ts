// Presenter mode's keyboard shortcuts: which key does what, and when a key is left to the page (typing in a field,
// a modifier held). Pure, tested in Node; App.svelte performs the actions.

/** What a shortcut asks for. */
export type PresenterAction = 'toggle-training' | 'single-step' | 'next-lesson-step' | 'full-chart' | 'exit-full-chart';

/** The shortcuts as the on-screen help lists them. */
export const SHORTCUTS: readonly { keys: string; action: PresenterAction; says: string }[] = [
  { keys: 'Space or K', action: 'toggle-training', says: 'start, pause or resume training' },
  { keys: 'S', action: 'single-step', says: 'one training step (while paused)' },
  { keys: 'N', action: 'next-lesson-step', says: 'next lesson step (reserved: lessons are not in the studio yet)' },
  { keys: 'F', action: 'full-chart', says: 'first chart of this tab in the full window' },
  { keys: 'Esc', action: 'exit-full-chart', says: 'leave the full-window chart' },
];

/** A key press as the shortcut map reads it. */
export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** Tag of the focused element (INPUT, SELECT, TEXTAREA, BUTTON…), upper case as the DOM gives it. */
  targetTag?: string;
  targetEditable?: boolean;
}

/**
 * The action of a key press in presenter mode, or null when the key belongs to the page: with a modifier, while
 * typing in a field, and Space on a focused button or menu (which Space already presses).
 */
export function presenterAction(e: KeyPress): PresenterAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const tag = e.targetTag ?? '';
  if (e.targetEditable || tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return null;
  switch (e.key) {
    case ' ':
      return tag === 'BUTTON' || tag === 'SUMMARY' ? null : 'toggle-training';
    case 'k':
    case 'K':
      return 'toggle-training';
    case 's':
    case 'S':
      return 'single-step';
    case 'n':
    case 'N':
      return 'next-lesson-step';
    case 'f':
    case 'F':
      return 'full-chart';
    case 'Escape':
      return 'exit-full-chart';
    default:
      return null;
  }
}

/** What Space/K does now: pause a training run, resume a paused one, or start a new run. */
export function trainingToggle(state: { training: boolean; canResume: boolean }): 'pause' | 'resume' | 'start' {
  return state.training ? 'pause' : state.canResume ? 'resume' : 'start';
}

/** Whether `?present=1` (or `?present` alone, or `true`) asks for presenter mode. */
export function presentFromQuery(search: string): boolean | null {
  const v = new URLSearchParams(search).get('present');
  if (v === null) return null;
  return v === '' || v === '1' || v === 'true';
}
