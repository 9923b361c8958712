// Node tests of the benchmark CLI's pure parts: argument parsing, the case plan, medians, ratios against
// the best peer, target verdicts and the text/Markdown tables.
import { describe, expect, it } from 'vitest';
import { SUITES, attentionFlops, buildPlan, convFlops, parseBenchArgs } from './plan.mjs';
import type { BenchCase } from './plan.mjs';
import {
  CHECK_RTOL,
  checkFailures,
  bestPeer,
  formatAutotune,
  formatChecks,
  formatHeader,
  formatMarkdown,
  formatTable,
  median,
  summarizeRow,
  targetOf,
} from './report.mjs';
import type { BenchRow } from './report.mjs';

describe('parseBenchArgs', () => {
  it('defaults to every suite and system at the default sizes', () => {
    const o = parseBenchArgs([]);
    expect(o).toMatchObject({
      mode: 'default',
      only: SUITES,
      reps: null,
      warmup: null,
      systems: ['ours', 'tfjs', 'ort'],
      help: false,
    });
  });

  it('reads --quick, --only (in suite order), --reps, --warmup=, --systems and --out', () => {
    const o = parseBenchArgs([
      '--quick',
      '--only',
      'conv,matmul',
      '--reps',
      '12',
      '--warmup=4',
      '--systems',
      'tfjs,ours',
      '--out',
      'x.json',
    ]);
    expect(o).toMatchObject({
      mode: 'quick',
      only: ['matmul', 'conv'],
      reps: 12,
      warmup: 4,
      systems: ['ours', 'tfjs'],
      out: 'x.json',
      check: false,
    });
    expect(buildPlan(parseBenchArgs(['--check', '--full'])).check).toBe(true);
  });

  it.each([
    [['--only', 'gemm'], /unknown: gemm/],
    [['--reps', '0'], /positive integer/],
    [['--reps'], /positive integer, got nothing/],
    [['--quick', '--full'], /one of --quick and --full/],
    [['--systems', 'tfjs'], /ours plus/],
    [['--fast'], /unknown argument "--fast"/],
  ])('rejects %j with a usage message', (argv, msg) => {
    expect(() => parseBenchArgs(argv)).toThrow(msg);
    expect(() => parseBenchArgs(argv)).toThrow(/usage: npm run bench/);
  });
});

describe('buildPlan', () => {
  const plan = (mode: 'quick' | 'default' | 'full', only = [...SUITES]) =>
    buildPlan({ mode, only, reps: null, warmup: null, systems: ['ours', 'tfjs', 'ort'] });

  it('holds the full sizes of the issue', () => {
    const ids = plan('full').cases.map((c) => c.id);
    for (const s of [256, 512, 1024, 2048]) expect(ids).toContain(`matmul ${s}x${s}x${s}`);
    for (const m of [1, 16, 128])
      for (const [k, n] of [
        [768, 3072],
        [3072, 768],
        [768, 768],
        [3072, 3072],
      ])
        expect(ids).toContain(`matmul ${m}x${k}x${n}`);
    expect(ids).toContain('conv3x3 fwd+bwd n16 32x32 64->64');
    expect(ids).toContain('attention fwd+bwd h8 T512 d64 causal');
    expect(ids).toContain('softmax 4096x768');
    expect(ids).toContain('train step LeNet-5 b64 Adam');
    expect(ids.some((id) => id.includes('step 10 vs 500'))).toBe(true);
  });

  it('meets the method: ≥3 warm-ups and ≥10 runs unless quick; --only filters', () => {
    expect(plan('default')).toMatchObject({ reps: 10, warmup: 3 });
    expect(plan('quick').reps).toBeLessThan(10);
    expect(new Set(plan('default', ['softmax']).cases.map((c) => c.suite))).toEqual(new Set(['softmax']));
    expect(new Set(plan('full').cases.map((c) => c.id)).size).toBe(plan('full').cases.length);
  });

  it('counts FLOPs by the usual conventions', () => {
    const mm = plan('full', ['matmul']).cases.find((c) => c.id === 'matmul 512x512x512')!;
    expect(mm.flops).toBe(2 * 512 ** 3);
    expect(convFlops(32, 28, 28, 32, 3, 1)).toBe(2 * 32 * 28 * 28 * 32 * 9);
    expect(attentionFlops(1, 8, 128, 64, true)).toBe(attentionFlops(1, 8, 128, 64, false) / 2);
    const conv = plan('full', ['conv']).cases.filter((c) => c.id.endsWith('n32 14x14 32->64'));
    expect(conv.map((c) => c.flops! / conv[0].flops!)).toEqual([1, 3]);
  });
});

describe('report', () => {
  const mm = (m: number): BenchCase => ({ suite: 'matmul', id: `matmul ${m}`, m, k: m, n: m, flops: 2 * m ** 3 });
  const row = (c: BenchCase, ours: number, tfjs?: number, ort?: number): BenchRow => ({
    case: c,
    results: {
      ours: { ms: ours },
      tfjs: tfjs === undefined ? { skipped: 'n/a' } : { ms: tfjs },
      ort: ort === undefined ? { error: 'boom' } : { ms: ort },
    },
  });

  it('takes medians of odd and even counts', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it('compares with the fastest peer that produced a time, as a throughput ratio', () => {
    expect(bestPeer({ tfjs: { ms: 4 }, ort: { ms: 2 } })).toEqual(['ort', 2]);
    expect(bestPeer({ tfjs: { error: 'x' }, ort: { skipped: 'y' } })).toBeNull();
    const s = summarizeRow(row(mm(1024), 2, 6, 3));
    expect(s).toMatchObject({ best: 'ort', ratio: 1.5, target: 1.5, met: true });
    expect(summarizeRow(row(mm(1024), 5, 6)).met).toBe(false);
  });

  it('holds each suite to the issue’s target', () => {
    expect(targetOf(mm(256))).toBeNull();
    expect(targetOf(mm(512))).toBe(1.5);
    expect(
      targetOf({ suite: 'attention', id: 'a', pass: 'fwd', b: 1, heads: 8, t: 128, d: 64, causal: true, flops: 1 }),
    ).toBe(2);
    expect(targetOf({ suite: 'softmax', id: 's', rows: 1, cols: 1, bytes: 8, flops: null })).toBeNull();
    // Training is compared with TF.js only (ORT-web does not train).
    const train: BenchCase = { suite: 'train', id: 't', model: 'mlp', batch: 64, flops: 1e6 };
    expect(
      summarizeRow({ case: train, results: { ours: { ms: 1 }, tfjs: { ms: 3 }, ort: { ms: 0.1 } } }),
    ).toMatchObject({ best: 'tfjs', ratio: 3, met: true });
  });

  it('judges the memory row on equal live bytes and the peak against the analytic need', () => {
    const c: BenchCase = { suite: 'memory', id: 'memory', model: 'mlp', batch: 64, early: 10, late: 500, flops: null };
    expect(summarizeRow({ case: c, results: { ours: { early: 100, late: 100, peak: 120, analytic: 100 } } }).met).toBe(
      true,
    );
    expect(summarizeRow({ case: c, results: { ours: { early: 100, late: 104, peak: 120, analytic: 100 } } }).met).toBe(
      false,
    );
    expect(summarizeRow({ case: c, results: { ours: { early: 100, late: 100, peak: 130, analytic: 100 } } }).met).toBe(
      false,
    );
  });

  it('prints aligned text and Markdown tables with every system, error and skip', () => {
    const summaries = [summarizeRow(row(mm(512), 10, 20)), summarizeRow(row(mm(64), 1.234, 2, 0.5))];
    const text = formatTable(summaries, ['ours', 'tfjs', 'ort']).split('\n');
    expect(text[0]).toMatch(/^case\s+ours ms\s+TF\.js ms\s+ORT-web ms\s+ours GFLOP\/s/);
    expect(new Set(text.map((l) => l.length)).size).toBeLessThanOrEqual(3);
    expect(text[2]).toMatch(
      /matmul 512\s+10\.0\s+20\.0\s+error\s+26\.8\s+13\.4\s+—\s+2\.00× vs TF\.js\s+≥1\.5×\s+yes$/,
    );
    expect(text[3]).toContain('0.41× vs ORT-web');
    const md = formatMarkdown(summaries, ['ours', 'tfjs', 'ort']).split('\n');
    expect(md[0].startsWith('| case | ours ms |')).toBe(true);
    expect(md[1]).toBe('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    expect(md).toHaveLength(4);
  });

  it('lists the output differences of --check', () => {
    const s = summarizeRow({
      case: mm(8),
      results: { ours: { ms: 1, maxAbsDiff: 0 }, tfjs: { ms: 1, maxAbsDiff: 1.5e-6 }, ort: { skipped: 'x' } },
    });
    expect(formatChecks([s, summarizeRow(row(mm(4), 1, 2))])).toEqual(['matmul 8: max |ours − TF.js| = 1.50e-6']);
  });

  it('--check judges each peer by its difference relative to the output scale', () => {
    const s = summarizeRow({
      case: mm(8),
      results: {
        ours: { ms: 1, maxAbsDiff: 0, relDiff: 0 },
        tfjs: { ms: 1, maxAbsDiff: 3e-5, relDiff: 2e-6 },
        ort: { ms: 1, maxAbsDiff: 0.5, relDiff: 0.25 },
      },
    });
    expect(formatChecks([s])).toEqual([
      'matmul 8: max |ours − TF.js| = 3.00e-5, relative 2.00e-6 ok, ' +
        `max |ours − ORT-web| = 5.00e-1, relative 2.50e-1 EXCEEDS ${CHECK_RTOL}`,
    ]);
    expect(checkFailures([s])).toEqual(['matmul 8 / ORT-web']);
    expect(
      checkFailures([summarizeRow({ case: mm(8), results: { ours: { ms: 1 }, tfjs: { ms: 1, relDiff: NaN } } })]),
    ).toEqual(['matmul 8 / TF.js']);
  });

  it('--autotune is parsed into the plan, and each tuned row says which tiles it got and what tuning bought', () => {
    expect(buildPlan(parseBenchArgs(['--quick', '--autotune'])).autotune).toBe(true);
    expect(buildPlan(parseBenchArgs(['--quick'])).autotune).toBe(false);
    const classes = [
      {
        key: 'matmul m7 n7 k7 b0',
        tiles: '32x64 k16',
        modelTiles: '64x64 k16',
        timings: [
          { tiles: '64x64 k16', ms: 12 },
          { tiles: '32x64 k16', ms: 9 },
          { tiles: '128x16 k16', ms: Infinity },
        ],
      },
    ];
    const s = summarizeRow({
      case: mm(128),
      results: {
        ours: { ms: 10, autotune: { classes, method: 'wall-clock', tuneMs: 2500, modelMs: 12.5 } },
        tfjs: { ms: 20 },
      },
    });
    expect(formatAutotune([s, summarizeRow(row(mm(4), 1, 2))])).toEqual([
      'matmul 128: cost-model tiles 12.5 ms → tuned 10.0 ms (1.25×); matmul m7 n7 k7 b0 → 32x64 k16 (cost model: 64x64 k16) [64x64 k16 12.0, 32x64 k16 9.00, 128x16 k16 failed ms]; tuning took 2.5 s (wall-clock)',
    ]);
  });

  it('headers name the adapter and say when it is a software fallback', () => {
    const h = formatHeader({
      adapter: { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true },
      reps: 10,
      warmup: 3,
    });
    expect(h).toContain('adapter: google / swiftshader');
    expect(h).toMatch(/isFallbackAdapter: yes/);
    expect(h).toContain('median of 10 runs after 3 warm-ups');
  });
});
