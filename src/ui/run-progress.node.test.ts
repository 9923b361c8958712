// The Train view's status line while a run starts: what it is doing, and no ETA until steps after the first
// (which compiles the kernels) have been timed.
import { describe, expect, it } from 'vitest';
import { activityText, ETA_MIN_MS, StepClock, type ActivityFacts } from './run-progress.ts';

describe('StepClock', () => {
  it('gives no ETA from the first step, whose time includes compiling', () => {
    const c = new StepClock();
    // The first report arrives after a minute of compiling: step 1 at t = 60 s.
    c.add(1, 60_000);
    expect(c.eta(1000)).toBeNull();
    // Four more steps, quickly: still too few.
    for (let s = 2; s <= 5; s++) c.add(s, 60_000 + (s - 1) * 100);
    expect(c.eta(1000)).toBeNull();
  });

  it('waits for five steps and two seconds after the first one, then uses the rate since it', () => {
    const c = new StepClock();
    c.add(1, 60_000);
    // 10 steps a second after the first step.
    for (let s = 2; s <= 20; s++) c.add(s, 60_000 + (s - 1) * 100);
    expect(c.eta(1000)).toBeNull(); // 19 steps, but only 1.9 s
    c.add(21, 60_000 + ETA_MIN_MS);
    // 979 steps left at 10 steps/s, not the hours the compile-heavy first step would suggest.
    expect(c.eta(1000)).toBeCloseTo(97.9, 5);
    expect(c.stepsPerSecond()).toBeCloseTo(10, 5);
  });

  it('averages over the last half-minute, so a change of speed shows', () => {
    const c = new StepClock();
    c.add(0, 0);
    for (let i = 1; i <= 60; i++) c.add(i * 10, i * 1000); // 10 steps/s for a minute
    for (let i = 1; i <= 60; i++) c.add(600 + i * 20, 60_000 + i * 1000); // then 20 steps/s
    expect(c.stepsPerSecond()).toBeCloseTo(20, 0);
  });

  it('starts over after a reset (a resumed run)', () => {
    const c = new StepClock();
    for (let s = 0; s <= 30; s++) c.add(s, s * 100);
    expect(c.eta(100)).not.toBeNull();
    c.reset();
    c.add(31, 10_000);
    expect(c.eta(100)).toBeNull();
  });
});

describe('activityText', () => {
  const facts: ActivityFacts = { training: true, phase: 'loading', dataset: null, stepped: false, timed: false };

  it('says what happens before the first step', () => {
    expect(activityText(facts)).toBe('loading the dataset and the model');
    expect(activityText({ ...facts, dataset: { id: 'mnist', stage: 'download', loaded: 12e6, total: 55e6 } })).toBe(
      'downloading the mnist dataset (12 MB of 55 MB)',
    );
    expect(activityText({ ...facts, dataset: { id: 'mnist', stage: 'store', loaded: 55e6, total: 55e6 } })).toBe(
      'storing the mnist dataset in this browser',
    );
    expect(activityText({ ...facts, phase: 'compiling' })).toMatch(/^compiling the GPU kernels/);
  });

  it('says the first steps are being timed, then nothing once the ETA is known', () => {
    expect(activityText({ ...facts, phase: null, stepped: true })).toBe('timing the first steps for an estimate');
    expect(activityText({ ...facts, phase: null, stepped: true, timed: true })).toBeNull();
    expect(activityText({ ...facts, training: false })).toBeNull();
  });
});
