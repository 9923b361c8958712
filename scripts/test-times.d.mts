// Types for test-times.mjs.
export interface TestTime {
  name: string;
  ms: number;
}
export function vitestTimes(report: unknown): TestTime[];
export function playwrightTimes(report: unknown): TestTime[];
export function slowTests(
  times: TestTime[],
  count?: number,
  limitMs?: number,
): { slowest: TestTime[]; over: TestTime[] };
