// The training worker's run state machine: one pure transition function instead of flags set from three places,
// so "pause while a run is still loading" or "stop while nothing trains" has one answer that a node test pins down.

/**
 * Where the training worker's run is: `starting` loads the run (dataset, model, checkpoint) before its first step;
 * `pausing` and `stopping` are requests the loop honours after its current step. The four resting phases accept a
 * new start.
 */
export type RunPhase = 'idle' | 'starting' | 'running' | 'pausing' | 'stopping' | RunEnding;

/** How a training call ended. */
export type RunEnding = 'paused' | 'stopped' | 'finished' | 'failed';

/** What can happen to a run: the page's requests, and the loop's reports. */
export type RunSignal =
  | { type: 'start' }
  /** The run is loaded; `done` when its trainer had already finished (nothing to train). */
  | { type: 'loaded'; done: boolean }
  | { type: 'pause' }
  | { type: 'stop' }
  /** The loop left: the trainer finished (`done`), or a step budget ran out (single step). */
  | { type: 'exit'; done: boolean }
  /** The loss became NaN or infinite. */
  | { type: 'diverged' }
  /** Loading or a step threw (a lost device, a deleted dataset): nothing runs, the stored run is untouched. */
  | { type: 'crashed' };

/** Phases in which a training call is in progress (a second start is refused). */
export const isBusy = (p: RunPhase): boolean =>
  p === 'starting' || p === 'running' || p === 'pausing' || p === 'stopping';

/** Whether the training loop should take another step. */
export const keepsStepping = (p: RunPhase): boolean => p === 'running';

/** A refused transition (the worker turns it into an error message for the page). */
export class RunStateError extends Error {}

/**
 * The phase after `signal` in phase `p`. Requests that mean nothing in a phase (pause while idle, a second pause)
 * leave it as it is; a start while busy throws, because two loops on one model would interleave their steps.
 */
export function transition(p: RunPhase, signal: RunSignal): RunPhase {
  switch (signal.type) {
    case 'start':
      if (isBusy(p)) throw new RunStateError('A run is already training; pause or stop it first.');
      return 'starting';
    case 'loaded':
      if (p === 'starting') return signal.done ? 'finished' : 'running';
      // A pause or stop that came while loading cancels the start before its first step.
      if (p === 'pausing') return signal.done ? 'finished' : 'paused';
      if (p === 'stopping') return 'stopped';
      return p;
    case 'pause':
      if (p === 'starting' || p === 'running') return 'pausing';
      return p;
    case 'stop':
      if (p === 'starting' || p === 'running' || p === 'pausing') return 'stopping';
      // Nothing trains: the run named with the request (paused, or never started) is marked stopped at once.
      if (p === 'idle' || p === 'paused') return 'stopped';
      return p;
    case 'exit':
      if (p === 'stopping') return 'stopped';
      if (p === 'running' || p === 'pausing') return signal.done ? 'finished' : 'paused';
      return p;
    case 'diverged':
      return isBusy(p) ? 'failed' : p;
    case 'crashed':
      return 'idle';
    default:
      return signal satisfies never;
  }
}
