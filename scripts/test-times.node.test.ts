// The slow-test summary of `npm test`: durations are read from both JSON reports, and a test over the minute is
// listed by file and name.
import { expect, test } from 'vitest';
import { playwrightTimes, slowTests, vitestTimes } from './test-times.mjs';

test('tests from both reports are ranked, and those over a minute are named', () => {
  const vitest = {
    testResults: [
      {
        name: 'a.test.ts',
        assertionResults: [
          { fullName: 'fast', duration: 120 },
          { fullName: 'slow', duration: 61_000 },
        ],
      },
    ],
  };
  const playwright = {
    suites: [
      {
        file: 'x.spec.ts',
        specs: [{ title: 'flow', tests: [{ results: [{ duration: 30_000 }, { duration: 70_000 }] }] }],
        suites: [{ specs: [{ title: 'nested', tests: [{ results: [{ duration: 5 }] }] }] }],
      },
    ],
  };
  const times = [...vitestTimes(vitest), ...playwrightTimes(playwright)];
  expect(times).toHaveLength(4);
  const { slowest, over } = slowTests(times, 2);
  expect(slowest.map((t) => t.name)).toEqual(['x.spec.ts: flow', 'a.test.ts: slow']);
  expect(over.map((t) => [t.name, t.ms])).toEqual([
    ['x.spec.ts: flow', 70_000],
    ['a.test.ts: slow', 61_000],
  ]);
  expect(playwrightTimes(playwright).find((t) => t.name.endsWith('nested'))?.name).toBe('x.spec.ts: nested');
  expect(vitestTimes(null)).toEqual([]);
});
