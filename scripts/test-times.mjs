// The slowest tests of a `npm test` run, read from vitest's and Playwright's JSON reports, and those over the
// one-minute limit each test must fit on the software adapter (issue 16): printed by scripts/test-all.mjs.

/** Every test with its duration in ms, from a vitest JSON report (`--reporter=json`). */
export function vitestTimes(report) {
  const out = [];
  for (const file of report?.testResults ?? [])
    for (const t of file.assertionResults ?? [])
      out.push({ name: `${file.name}: ${t.fullName ?? t.title}`, ms: Number(t.duration ?? 0) });
  return out;
}

/** Every test with its longest attempt in ms, from a Playwright JSON report. */
export function playwrightTimes(report) {
  const out = [];
  const walk = (suite, file) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? [])
        out.push({
          name: `${spec.file ?? file}: ${spec.title}`,
          ms: Math.max(0, ...(t.results ?? []).map((r) => Number(r.duration ?? 0))),
        });
    for (const s of suite.suites ?? []) walk(s, suite.file ?? file);
  };
  for (const s of report?.suites ?? []) walk(s, s.file);
  return out;
}

/** The `count` slowest tests and every test over `limitMs`, slowest first. */
export function slowTests(times, count = 10, limitMs = 60_000) {
  const sorted = [...times].sort((a, b) => b.ms - a.ms);
  return { slowest: sorted.slice(0, count), over: sorted.filter((t) => t.ms > limitMs) };
}
