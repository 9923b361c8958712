// The run state machine on its own: every arrow of the training worker's loop, and the requests that arrive at
// awkward moments (a pause while the run loads, a stop while nothing trains, a second start, a crash).
import { describe, expect, test } from 'vitest';
import { isBusy, keepsStepping, RunStateError, transition, type RunPhase, type RunSignal } from './run-state.ts';

const run = (from: RunPhase, ...signals: RunSignal[]) => signals.reduce(transition, from);
const start: RunSignal = { type: 'start' };
const loaded: RunSignal = { type: 'loaded', done: false };

describe('run state machine', () => {
  test('a start loads, runs, and ends finished or paused (single step)', () => {
    expect(run('idle', start)).toBe('starting');
    expect(run('idle', start, loaded)).toBe('running');
    expect(keepsStepping(run('idle', start, loaded))).toBe(true);
    expect(run('idle', start, loaded, { type: 'exit', done: true })).toBe('finished');
    expect(run('idle', start, loaded, { type: 'exit', done: false })).toBe('paused');
    // A finished run started again has nothing to train.
    expect(run('finished', start, { type: 'loaded', done: true })).toBe('finished');
  });

  test('pause while the run is starting cancels it before its first step', () => {
    const p = run('idle', start, { type: 'pause' });
    expect(p).toBe('pausing');
    expect(keepsStepping(p)).toBe(false);
    expect(transition(p, loaded)).toBe('paused');
    // A stop while starting wins over the pause.
    expect(run('idle', start, { type: 'pause' }, { type: 'stop' }, loaded)).toBe('stopped');
  });

  test('pause and stop while running take effect when the loop exits', () => {
    expect(run('idle', start, loaded, { type: 'pause' }, { type: 'exit', done: false })).toBe('paused');
    // The last step may finish the run while the pause is pending: it is finished, not paused.
    expect(run('idle', start, loaded, { type: 'pause' }, { type: 'exit', done: true })).toBe('finished');
    expect(run('idle', start, loaded, { type: 'stop' }, { type: 'exit', done: true })).toBe('stopped');
    expect(run('idle', start, loaded, { type: 'pause' }, { type: 'stop' }, { type: 'exit', done: false })).toBe(
      'stopped',
    );
  });

  test('stop while idle or paused stops at once; pause while idle does nothing', () => {
    expect(transition('idle', { type: 'stop' })).toBe('stopped');
    expect(transition('paused', { type: 'stop' })).toBe('stopped');
    expect(transition('finished', { type: 'stop' })).toBe('finished');
    expect(transition('failed', { type: 'stop' })).toBe('failed');
    expect(transition('idle', { type: 'pause' })).toBe('idle');
    expect(transition('stopped', { type: 'pause' })).toBe('stopped');
  });

  test('a second start while busy is refused; any resting phase can start again', () => {
    for (const p of ['starting', 'running', 'pausing', 'stopping'] as const) {
      expect(isBusy(p)).toBe(true);
      expect(() => transition(p, start)).toThrow(RunStateError);
    }
    for (const p of ['idle', 'paused', 'stopped', 'finished', 'failed'] as const) {
      expect(isBusy(p)).toBe(false);
      expect(transition(p, start)).toBe('starting');
    }
  });

  test('a NaN loss fails a busy run; a crash returns to idle from anywhere', () => {
    expect(run('idle', start, loaded, { type: 'diverged' })).toBe('failed');
    expect(run('idle', start, loaded, { type: 'pause' }, { type: 'diverged' })).toBe('failed');
    expect(transition('paused', { type: 'diverged' })).toBe('paused');
    for (const p of ['starting', 'running', 'pausing', 'stopping', 'paused'] as const)
      expect(transition(p, { type: 'crashed' })).toBe('idle');
  });
});
