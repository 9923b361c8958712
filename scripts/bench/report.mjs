// Turning benchmark measurements into numbers and tables: medians, throughput, ratios against the best
// peer, the issue's targets, and the plain-text and Markdown tables. Pure functions (node-tested).

export const SYSTEM_NAMES = { ours: 'ours', tfjs: 'TF.js', ort: 'ORT-web' };

/** Median of a non-empty list of numbers (the mean of the middle two for an even count). */
export function median(xs) {
  if (xs.length === 0) throw new Error('median of an empty list');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** GFLOP/s of `flops` done in `ms` milliseconds. */
export const gflops = (flops, ms) => flops / ms / 1e6;

/**
 * The throughput target a row is held to (ours ÷ the best peer), or null when the issue sets none:
 * matmul of at least 512³ work and conv2d 1.5×, attention 2×, training steps 2× TF.js.
 */
export function targetOf(c) {
  if (c.suite === 'matmul') return c.m * c.k * c.n >= 512 ** 3 ? 1.5 : null;
  if (c.suite === 'conv') return 1.5;
  if (c.suite === 'attention' || c.suite === 'train') return 2;
  return null;
}

/** The fastest peer that produced a time, as [system, ms], or null. */
export function bestPeer(results, peers = ['tfjs', 'ort']) {
  let best = null;
  for (const p of peers) {
    const r = results[p];
    if (r && typeof r.ms === 'number' && (!best || r.ms < best[1])) best = [p, r.ms];
  }
  return best;
}

/**
 * One summarised row: the case, each system's ms and GFLOP/s, the speed-up over the best peer, and the target verdict.
 */
export function summarizeRow(row) {
  const c = row.case;
  const ours = row.results.ours;
  const best = bestPeer(row.results, c.suite === 'train' ? ['tfjs'] : ['tfjs', 'ort']);
  const ratio = best && ours && typeof ours.ms === 'number' ? best[1] / ours.ms : null;
  const target = targetOf(c);
  let met = null;
  if (c.suite === 'memory' && ours && typeof ours.early === 'number')
    met = ours.early === ours.late && ours.peak <= 1.25 * ours.analytic;
  else if (target !== null && ratio !== null) met = ratio >= target;
  return {
    id: c.id,
    suite: c.suite,
    flops: c.flops,
    results: row.results,
    best: best?.[0] ?? null,
    ratio,
    target,
    met,
  };
}

const fmtMs = (r) =>
  !r
    ? '—'
    : typeof r.ms === 'number'
      ? r.ms >= 100
        ? r.ms.toFixed(0)
        : r.ms >= 10
          ? r.ms.toFixed(1)
          : r.ms.toFixed(2)
      : r.error
        ? 'error'
        : 'n/a';
const fmtRate = (flops, r) =>
  flops && r && typeof r.ms === 'number' ? gflops(flops, r.ms).toFixed(gflops(flops, r.ms) >= 10 ? 1 : 2) : '—';
const fmtMiB = (b) => `${(b / 2 ** 20).toFixed(2)} MiB`;

/** The memory row as one sentence (it has no per-system times). */
export function memoryLine(s) {
  const o = s.results.ours ?? {};
  if (typeof o.early !== 'number') return `${s.id}: ${o.error ? `error: ${o.error}` : 'n/a'}`;
  const verdict = s.met ? 'target met' : 'target not met';
  return `${s.id}: live ${fmtMiB(o.early)} → ${fmtMiB(o.late)}; peak ${fmtMiB(o.peak)} vs analytic ${fmtMiB(o.analytic)} (${(o.peak / o.analytic).toFixed(2)}×, target: equal and ≤1.25×): ${verdict}`;
}

/** The cells of one summarised (timed) row, in the column order of `tableHeader`. */
export function rowCells(s, systems) {
  const ratio = s.ratio === null ? '—' : `${s.ratio.toFixed(2)}× vs ${SYSTEM_NAMES[s.best]}`;
  const target = s.target === null ? '—' : `≥${s.target}×`;
  const met = s.met === null ? '—' : s.met ? 'yes' : 'no';
  return [
    s.id,
    ...systems.map((k) => fmtMs(s.results[k])),
    ...systems.map((k) => fmtRate(s.flops, s.results[k])),
    ratio,
    target,
    met,
  ];
}

/** Column titles for the given systems. */
export const tableHeader = (systems) => [
  'case',
  ...systems.map((k) => `${SYSTEM_NAMES[k]} ms`),
  ...systems.map((k) => `${SYSTEM_NAMES[k]} GFLOP/s`),
  'ours ÷ best peer',
  'target',
  'met',
];

/** A fixed-width text table (what the CLI prints). */
export function formatTable(summaries, systems) {
  const timed = summaries.filter((s) => s.suite !== 'memory');
  const rows = [tableHeader(systems), ...timed.map((s) => rowCells(s, systems))];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => [...String(r[i])].length)));
  const line = (r) =>
    r
      .map((v, i) => (i === 0 ? String(v).padEnd(widths[i]) : String(v).padStart(widths[i])))
      .join('  ')
      .trimEnd();
  const memory = summaries.filter((s) => s.suite === 'memory').map(memoryLine);
  return [
    line(rows[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
    ...(memory.length ? ['', ...memory] : []),
  ].join('\n');
}

/** The same table in GitHub Markdown. */
export function formatMarkdown(summaries, systems) {
  const head = tableHeader(systems);
  const esc = (v) => String(v).replace(/\|/g, '\\|');
  const timed = summaries.filter((s) => s.suite !== 'memory');
  const memory = summaries.filter((s) => s.suite === 'memory').map((s) => `- ${memoryLine(s)}`);
  const table = [
    `| ${head.join(' | ')} |`,
    `| ${head.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...timed.map((s) => `| ${rowCells(s, systems).map(esc).join(' | ')} |`),
  ];
  return [...table, ...(memory.length ? ['', ...memory] : [])].join('\n');
}

/** The header lines: the adapter each system ran on and whether it is a software fallback. */
export function formatHeader(env) {
  const a = env.adapter ?? {};
  const lines = [
    `adapter: ${[a.vendor, a.architecture, a.device, a.description].filter(Boolean).join(' / ') || 'unknown'}`,
    `isFallbackAdapter: ${a.isFallbackAdapter ? 'yes (software rasteriser: numbers say nothing about GPU speed)' : 'no'}`,
    `timing: wall clock, median of ${env.reps} runs after ${env.warmup} warm-ups, one GPU sync (onSubmittedWorkDone) at the end of each run`,
  ];
  if (env.versions)
    lines.push(
      `versions: ${Object.entries(env.versions)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  if (env.userAgent) lines.push(`browser: ${env.userAgent}`);
  return lines.join('\n');
}

/**
 * --check passes when a peer's output is within this of ours relative to the output's scale (see relativeDiff in
 * harness.ts). f32 sums of up to 4096 terms in another order differ by about sqrt(K)·2⁻²⁴ ≈ 4e-6 of the scale;
 * exp/log approximations differ by a few ulps; 1e-3 leaves room for both and still catches a wrong result.
 */
export const CHECK_RTOL = 1e-3;

/** With --check: one line per forward row, each peer's largest difference from ours, absolute and relative. */
export function formatChecks(summaries) {
  const judged = (r) =>
    typeof r.relDiff === 'number'
      ? `, relative ${r.relDiff.toExponential(2)} ${r.relDiff <= CHECK_RTOL ? 'ok' : `EXCEEDS ${CHECK_RTOL}`}`
      : '';
  return summaries
    .filter((s) => Object.entries(s.results).some(([k, r]) => k !== 'ours' && typeof r?.maxAbsDiff === 'number'))
    .map(
      (s) =>
        `${s.id}: ${Object.entries(s.results)
          .filter(([k, r]) => k !== 'ours' && typeof r?.maxAbsDiff === 'number')
          .map(([k, r]) => `max |ours − ${SYSTEM_NAMES[k]}| = ${r.maxAbsDiff.toExponential(2)}${judged(r)}`)
          .join(', ')}`,
    );
}

/** With --check: "row / peer" for every output further from ours than CHECK_RTOL (the CLI then exits 1). */
export function checkFailures(summaries) {
  return summaries.flatMap((s) =>
    Object.entries(s.results)
      .filter(([k, r]) => k !== 'ours' && typeof r?.relDiff === 'number' && !(r.relDiff <= CHECK_RTOL))
      .map(([k]) => `${s.id} / ${SYSTEM_NAMES[k]}`),
  );
}

/**
 * With --autotune: one line per row that tuned, saying which tiles each GEMM class got (and the cost model's
 * pick), and what tuning bought: the row with the cost model's tiles vs with the tuned ones.
 */
export function formatAutotune(summaries) {
  const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
  return summaries
    .filter((s) => s.results.ours?.autotune && typeof s.results.ours.ms === 'number')
    .map((s) => {
      const o = s.results.ours;
      const a = o.autotune;
      const classes = a.classes.length
        ? a.classes
            .map(
              (c) =>
                `${c.key} → ${c.tiles}${c.tiles === c.modelTiles ? ' (= cost model)' : ` (cost model: ${c.modelTiles})`} [${c.timings.map((t) => `${t.tiles} ${Number.isFinite(t.ms) ? fmt(t.ms) : 'failed'}`).join(', ')} ms]`,
            )
            .join('; ')
        : 'no GEMM classes';
      const bought =
        typeof a.modelMs === 'number'
          ? `cost-model tiles ${fmt(a.modelMs)} ms → tuned ${fmt(o.ms)} ms (${(a.modelMs / o.ms).toFixed(2)}×)`
          : 'no baseline';
      return `${s.id}: ${bought}; ${classes}; tuning took ${(a.tuneMs / 1000).toFixed(1)} s (${a.method})`;
    });
}
