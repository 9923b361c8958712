// Plain-text importer for character-level language models, in the layout of the first-names pack that the
// names Transformer trains on: i32 token ids x[T] and next-token targets y[T], with -1 for ignored positions.
import { checkedSplits, decodeUtf8, ImportError, splitOrder, testCount, type Imported } from './common.ts';

export interface TextOptions {
  /**
   * 'lines' (default): each non-empty line is one sample, framed by a boundary token 0 that marks its start
   * and end (names, words, short phrases). 'windows': the whole text is cut into windows of `length`
   * characters and the model predicts each next character (prose, code).
   */
  mode?: 'lines' | 'windows';
  /** Sequence length T (default 16 for lines, 64 for windows). A line may have at most T − 1 characters. */
  length?: number;
  /** Lines longer than T − 1 characters: report them (default) or skip them. */
  longLines?: 'error' | 'skip';
  /** Lower-case the text first (a smaller vocabulary). Default false. */
  lowercase?: boolean;
  /** Fraction of samples held out (default 0.1). */
  testFraction?: number;
  /** Seed of the fixed split (default 7). */
  seed?: number;
}

/** A vocabulary larger than this is refused: the file is probably not text meant for a character model. */
const MAX_VOCAB = 512;

/** Imports a text corpus as a character-level next-character dataset. */
export function importText(file: string, input: string | Uint8Array, options: TextOptions = {}): Imported {
  let text = decodeUtf8(file, input);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  text = text.replace(/\r\n?/g, '\n');
  if (options.lowercase) text = text.toLowerCase();
  const nul = text.indexOf('\0');
  if (nul >= 0)
    throw new ImportError(file, 'contains a NUL byte, so it looks like a binary file rather than plain text', {
      line: text.slice(0, nul).split('\n').length,
    });
  const mode = options.mode ?? 'lines';
  const T = options.length ?? (mode === 'lines' ? 16 : 64);
  if (!Number.isInteger(T) || T < 2 || T > 4096)
    throw new RangeError(`sequence length must be an integer from 2 to 4096, got ${T}`);

  // Characters are whole code points, so emoji and accents count as one character each.
  const lines =
    mode === 'lines'
      ? text
          .split('\n')
          .map((l, i) => ({ chars: [...l.trim()], line: i + 1 }))
          .filter((l) => l.chars.length > 0)
      : [];
  let samples = lines;
  if (mode === 'lines') {
    const long = lines.filter((l) => l.chars.length > T - 1);
    if (long.length && options.longLines !== 'skip') {
      throw new ImportError(
        file,
        `has ${long[0].chars.length} characters, but with a sequence length of ${T} a line may have at most ${T - 1}; raise the length, skip long lines, or use windows mode for running text`,
        { line: long[0].line },
      );
    }
    samples = lines.filter((l) => l.chars.length <= T - 1);
  }
  const chars = mode === 'windows' ? [...text] : [];
  const distinct = new Set(mode === 'lines' ? samples.flatMap((l) => l.chars) : chars);
  if (distinct.size > MAX_VOCAB)
    throw new ImportError(
      file,
      `has ${distinct.size} different characters (at most ${MAX_VOCAB}); is it really plain text?`,
    );
  // Token 0 is the boundary in lines mode (shown as a newline, which is what it means there).
  const sorted = [...distinct].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
  const vocabulary = mode === 'lines' ? ['\n', ...sorted] : sorted;
  const id = new Map(vocabulary.map((c, i) => [c, i]));

  let n: number;
  let x: Int32Array;
  let y: Int32Array;
  if (mode === 'lines') {
    n = samples.length;
    if (n < 2)
      throw new ImportError(
        file,
        `has ${n} non-empty line${n === 1 ? '' : 's'} that fit; a dataset needs at least two`,
      );
    x = new Int32Array(n * T);
    y = new Int32Array(n * T).fill(-1);
    samples.forEach((s, k) => {
      s.chars.forEach((ch, t) => {
        x[k * T + t + 1] = id.get(ch)!;
        y[k * T + t] = id.get(ch)!;
      });
      y[k * T + s.chars.length] = 0;
    });
  } else {
    // Non-overlapping windows of T + 1 characters sharing their edges: x = c[i..i+T), y = c[i+1..i+T].
    n = Math.floor((chars.length - 1) / T);
    if (n < 2)
      throw new ImportError(
        file,
        `has ${chars.length} characters, too few for two windows of ${T}; use a shorter length or a longer text`,
      );
    x = new Int32Array(n * T);
    y = new Int32Array(n * T);
    for (let k = 0; k < n; k++) {
      for (let t = 0; t < T; t++) {
        x[k * T + t] = id.get(chars[k * T + t])!;
        y[k * T + t] = id.get(chars[k * T + t + 1])!;
      }
    }
  }

  const testFraction = options.testFraction ?? 0.1;
  const seed = options.seed ?? 7;
  let order: number[];
  let cut: number;
  if (mode === 'lines') ({ order, cut } = splitOrder(n, testFraction, seed));
  else {
    // Windows stay in reading order and the test set is the end of the text, so no test text leaks into training.
    order = Array.from({ length: n }, (_, i) => i);
    cut = n - testCount(n, testFraction);
  }
  const ox = new Int32Array(n * T);
  const oy = new Int32Array(n * T);
  order.forEach((r, i) => {
    ox.set(x.subarray(r * T, (r + 1) * T), i * T);
    oy.set(y.subarray(r * T, (r + 1) * T), i * T);
  });

  return {
    header: {
      count: n,
      xShape: [T],
      xDtype: 'i32',
      xScale: 1,
      yShape: [T],
      yDtype: 'i32',
      classes: vocabulary.length,
      vocabulary,
      ignoreIndex: -1,
      encoding: {
        kind: 'text',
        file,
        mode,
        length: T,
        lowercase: options.lowercase ?? false,
        boundary: mode === 'lines' ? 0 : null,
      },
      splits: checkedSplits(file, n, cut, 'samples'),
      splitRule:
        mode === 'lines'
          ? `${file}: non-empty lines of at most ${T - 1} characters, seeded shuffle (seed ${seed}), ${Math.round(testFraction * 100)}% test`
          : `${file}: consecutive windows of ${T} characters, the last ${Math.round(testFraction * 100)}% of the text is test`,
    },
    x: ox,
    y: oy,
    skipped:
      mode === 'lines'
        ? lines
            .filter((l) => l.chars.length > T - 1)
            .map((l) => `${file}, line ${l.line}: longer than ${T - 1} characters`)
        : [],
  };
}
