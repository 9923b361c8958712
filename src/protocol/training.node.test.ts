// The training protocol's shared rules: which runs can continue, and which models write characters.
import { expect, test } from 'vitest';
import { canContinue, isCharacterModel } from './training.ts';

test('a run can continue until it has finished, stopped or failed', () => {
  for (const s of ['created', 'running', 'paused']) expect(canContinue(s)).toBe(true);
  for (const s of ['finished', 'stopped', 'failed']) expect(canContinue(s)).toBe(false);
});

test('a character model takes integer tokens and has a vocabulary of single characters', () => {
  expect(isCharacterModel('i32', ['.', 'a', 'b'])).toBe(true);
  expect(isCharacterModel('i32', ['free', 'money'])).toBe(false); // a word vocabulary (the spam BiLSTM)
  expect(isCharacterModel('f32', ['a', 'b'])).toBe(false);
  expect(isCharacterModel('i32', null)).toBe(false);
  expect(isCharacterModel(undefined, undefined)).toBe(false);
});
