// What `npm run bench` runs: command-line parsing and the list of benchmark cases (shapes, FLOP counts)
// for the quick, default and full size sets. Pure functions, shared by the CLI and its node test.

/** Every suite the benchmark knows, in the order rows are printed. */
export const SUITES = ['matmul', 'conv', 'attention', 'softmax', 'layernorm', 'train', 'memory'];

const USAGE = `usage: npm run bench -- [--quick | --full] [--only ${SUITES.join(',')}] [--reps N] [--warmup N] [--systems ours,tfjs,ort] [--check] [--autotune] [--out file.json] [--markdown file.md]`;

/** Parses the CLI's arguments; throws an Error whose message includes the usage line on bad input. */
export function parseBenchArgs(argv) {
  const opts = {
    mode: 'default',
    only: [...SUITES],
    reps: null,
    warmup: null,
    systems: ['ours', 'tfjs', 'ort'],
    out: null,
    markdown: null,
    check: false,
    autotune: false,
    help: false,
  };
  const fail = (msg) => {
    throw new Error(`${msg}\n${USAGE}`);
  };
  const count = (flag, v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1)
      fail(`${flag} needs a positive integer, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--quick' || flag === '--full') {
      if (opts.mode !== 'default') fail('choose one of --quick and --full');
      opts.mode = flag.slice(2);
    } else if (flag === '--only') {
      const list = String(value() ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const bad = list.filter((s) => !SUITES.includes(s));
      if (list.length === 0 || bad.length)
        fail(`--only takes a comma-separated list of ${SUITES.join(', ')}; unknown: ${bad.join(', ') || '(empty)'}`);
      opts.only = SUITES.filter((s) => list.includes(s));
    } else if (flag === '--systems') {
      const list = String(value() ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const bad = list.filter((s) => !['ours', 'tfjs', 'ort'].includes(s));
      if (!list.includes('ours') || bad.length)
        fail(`--systems takes ours plus any of tfjs, ort; got ${list.join(',') || '(empty)'}`);
      opts.systems = ['ours', 'tfjs', 'ort'].filter((s) => list.includes(s));
    } else if (flag === '--reps') opts.reps = count('--reps', value());
    else if (flag === '--warmup') opts.warmup = count('--warmup', value());
    else if (flag === '--out') opts.out = value() ?? fail('--out needs a file name');
    else if (flag === '--markdown') opts.markdown = value() ?? fail('--markdown needs a file name');
    else if (flag === '--check') opts.check = true;
    else if (flag === '--autotune') opts.autotune = true;
    else if (flag === '--help' || flag === '-h') opts.help = true;
    else fail(`unknown argument ${JSON.stringify(a)}`);
  }
  return opts;
}

export { USAGE };

/** Forward FLOPs of a convolution (a multiply-add counts as 2). */
export const convFlops = (n, oh, ow, cout, k, cin) => 2 * n * oh * ow * cout * k * k * cin;

/**
 * Forward FLOPs of multi-head attention: Q·Kᵀ and P·V, 2·T·T·D each per head; a causal mask halves the
 * useful work (the FlashAttention papers count it the same way).
 */
export const attentionFlops = (b, h, t, d, causal) => (4 * b * h * t * t * d) / (causal ? 2 : 1);

/** FLOPs of one training step (forward + backward ≈ 3× the forward's matmul/conv work) of the two models. */
export function trainFlops(model, batch) {
  if (model === 'mlp') return 3 * 2 * batch * (784 * 128 + 128 * 10);
  const conv = convFlops(batch, 28, 28, 6, 5, 1) + convFlops(batch, 10, 10, 16, 5, 6);
  const dense = 2 * batch * (400 * 120 + 120 * 84 + 84 * 10);
  return 3 * (conv + dense);
}

// quick: a smoke run (about three minutes on SwiftShader, most of it compiling pipelines; no LeNet). default: the
// issue's shapes scaled down (smaller
// squares, batch and sequence length) so the whole run stays under about 15 minutes on the software
// adapter. full: exactly the shapes, for a real GPU.
const SIZES = {
  quick: {
    matmul: [
      [128, 128, 128],
      [16, 128, 128],
    ],
    conv: [[1, 28, 28, 1, 32]],
    attention: [32],
    rows: [[64, 768]],
    trainBatch: 4,
    trainModels: ['mlp'],
    memory: [2, 4],
  },
  default: {
    matmul: [
      [128, 128, 128],
      [256, 256, 256],
      [1, 768, 768],
      [16, 768, 768],
      [1, 768, 3072],
      [1, 3072, 768],
    ],
    conv: [
      [2, 28, 28, 1, 32],
      [2, 14, 14, 32, 64],
      [1, 16, 16, 64, 64],
    ],
    attention: [64, 128],
    rows: [[256, 768]],
    trainBatch: 16,
    memory: [10, 30],
  },
  full: {
    matmul: [
      [256, 256, 256],
      [512, 512, 512],
      [1024, 1024, 1024],
      [2048, 2048, 2048],
      ...[1, 16, 128].flatMap((m) => [
        [m, 768, 768],
        [m, 768, 3072],
        [m, 3072, 768],
        [m, 3072, 3072],
      ]),
    ],
    conv: [
      [32, 28, 28, 1, 32],
      [32, 14, 14, 32, 64],
      [16, 32, 32, 64, 64],
    ],
    attention: [128, 256, 512],
    rows: [[4096, 768]],
    trainBatch: 64,
    memory: [10, 500],
  },
};

/** The cases of one run, each with an id, its suite, its shapes and its FLOP count (null: time only). */
export function buildPlan(opts) {
  const s = SIZES[opts.mode];
  const cases = [];
  for (const suite of opts.only) {
    if (suite === 'matmul')
      for (const [m, k, n] of s.matmul)
        cases.push({ suite, id: `matmul ${m}x${k}x${n}`, m, k, n, flops: 2 * m * k * n });
    if (suite === 'conv') {
      for (const pass of ['fwd', 'fwd+bwd']) {
        for (const [n, hw, , cin, cout] of s.conv) {
          const f = convFlops(n, hw, hw, cout, 3, cin);
          cases.push({
            suite,
            id: `conv3x3 ${pass} n${n} ${hw}x${hw} ${cin}->${cout}`,
            pass,
            n,
            h: hw,
            w: hw,
            cin,
            cout,
            k: 3,
            flops: pass === 'fwd' ? f : 3 * f,
          });
        }
      }
    }
    if (suite === 'attention') {
      for (const pass of ['fwd', 'fwd+bwd']) {
        for (const t of s.attention) {
          const f = attentionFlops(1, 8, t, 64, true);
          // Backward: dQ, dK, dV and dP (4 matmuls of the forward's size) plus the forward it needs.
          cases.push({
            suite,
            id: `attention ${pass} h8 T${t} d64 causal`,
            pass,
            b: 1,
            heads: 8,
            t,
            d: 64,
            causal: true,
            flops: pass === 'fwd' ? f : 3 * f,
          });
        }
      }
    }
    if (suite === 'softmax' || suite === 'layernorm')
      for (const [rows, cols] of s.rows)
        cases.push({ suite, id: `${suite} ${rows}x${cols}`, rows, cols, flops: null, bytes: 2 * 4 * rows * cols });
    if (suite === 'train')
      for (const model of s.trainModels ?? ['mlp', 'lenet'])
        cases.push({
          suite,
          id: `train step ${model === 'mlp' ? 'MLP 784-128-10' : 'LeNet-5'} b${s.trainBatch} Adam`,
          model,
          batch: s.trainBatch,
          flops: trainFlops(model, s.trainBatch),
        });
    if (suite === 'memory')
      cases.push({
        suite,
        id: `memory MLP b${s.trainBatch}: live bytes step ${s.memory[0]} vs ${s.memory[1]}`,
        model: 'mlp',
        batch: s.trainBatch,
        early: s.memory[0],
        late: s.memory[1],
        flops: null,
      });
  }
  const reps = opts.reps ?? (opts.mode === 'quick' ? 3 : 10);
  const warmup = opts.warmup ?? (opts.mode === 'quick' ? 1 : 3);
  return {
    mode: opts.mode,
    reps,
    warmup,
    systems: opts.systems,
    check: opts.check ?? false,
    autotune: opts.autotune ?? false,
    cases,
  };
}
