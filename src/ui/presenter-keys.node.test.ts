// Presenter mode's shortcuts: the key map, keys left to fields and buttons, the start/pause toggle and ?present=.
import { expect, test } from 'vitest';
import { presentFromQuery, presenterAction, SHORTCUTS, trainingToggle } from './presenter-keys.ts';

test('each shortcut key maps to its action', () => {
  expect(presenterAction({ key: ' ' })).toBe('toggle-training');
  expect(presenterAction({ key: 'k' })).toBe('toggle-training');
  expect(presenterAction({ key: 'S' })).toBe('single-step');
  expect(presenterAction({ key: 'n' })).toBe('next-lesson-step');
  expect(presenterAction({ key: 'f' })).toBe('full-chart');
  expect(presenterAction({ key: 'Escape' })).toBe('exit-full-chart');
  expect(presenterAction({ key: 'x' })).toBeNull();
  // Every listed action is reachable by some key.
  const reachable = new Set([' ', 'k', 's', 'n', 'f', 'Escape'].map((key) => presenterAction({ key })));
  for (const s of SHORTCUTS) expect(reachable).toContain(s.action);
});

test('keys typed in a field, with a modifier, or Space on a button are left to the page', () => {
  expect(presenterAction({ key: 's', targetTag: 'INPUT' })).toBeNull();
  expect(presenterAction({ key: 'k', targetTag: 'TEXTAREA' })).toBeNull();
  expect(presenterAction({ key: 'f', targetTag: 'SELECT' })).toBeNull();
  expect(presenterAction({ key: 'n', targetTag: 'DIV', targetEditable: true })).toBeNull();
  expect(presenterAction({ key: 's', ctrlKey: true })).toBeNull();
  expect(presenterAction({ key: 'f', metaKey: true })).toBeNull();
  expect(presenterAction({ key: ' ', targetTag: 'BUTTON' })).toBeNull();
  // K on a focused button still toggles training (it does not press the button).
  expect(presenterAction({ key: 'k', targetTag: 'BUTTON' })).toBe('toggle-training');
});

test('Space pauses a training run, resumes a paused one, else starts a new run', () => {
  expect(trainingToggle({ training: true, canResume: false })).toBe('pause');
  expect(trainingToggle({ training: false, canResume: true })).toBe('resume');
  expect(trainingToggle({ training: false, canResume: false })).toBe('start');
});

test('?present=1 turns presenter mode on, ?present=0 off, no parameter leaves the saved choice', () => {
  expect(presentFromQuery('?present=1')).toBe(true);
  expect(presentFromQuery('?present')).toBe(true);
  expect(presentFromQuery('?debug=1&present=true')).toBe(true);
  expect(presentFromQuery('?present=0')).toBe(false);
  expect(presentFromQuery('?debug=1')).toBeNull();
  expect(presentFromQuery('')).toBeNull();
});
