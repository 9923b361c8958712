// CSV importer: a table with a header row becomes a tabular dataset. Numeric columns are standardised with
// training-set statistics, text columns are one-hot encoded, and the chosen label column becomes class ids or
// regression targets. Every problem is reported with the file name and the line number, and its advice names the
// import form's controls (CSV_CONTROLS), so the sentence points at something the learner can change.
import Papa from 'papaparse';
import type { CsvColumnEncoding } from '../pack.ts';
import { rowEncoder } from '../table-row.ts';
import { checkedSplits, decodeUtf8, ImportError, splitOrder, type Imported } from './common.ts';

export interface CsvOptions {
  /** The label column: its header name or its 0-based index. */
  label: string | number;
  /** 'auto' (default) picks regression for a numeric label with many distinct or fractional values. */
  task?: 'auto' | 'classification' | 'regression';
  /** Columns to leave out (names or 0-based indices), such as an id column. */
  ignore?: (string | number)[];
  /** Force a column's type (by name), overriding the guess. */
  types?: Record<string, 'numeric' | 'categorical'>;
  /** What to do with a row that has an empty cell in a used column: report it (default) or skip the row. */
  missing?: 'error' | 'skip';
  /** Fraction of rows held out as the test set (default 0.2). */
  testFraction?: number;
  /** Seed of the fixed train/test split (default 42). */
  seed?: number;
  /**
   * A text column with more distinct values than this is refused (it is probably an id or free text). Default
   * DEFAULT_MAX_CATEGORIES; a whole number from 2 to MAX_CATEGORY_LIMIT.
   */
  maxCategories?: number;
}

/** The category limit when none is chosen. */
export const DEFAULT_MAX_CATEGORIES = 50;
/** The largest category limit (each category becomes one input of the model). */
export const MAX_CATEGORY_LIMIT = 10_000;

/**
 * The import form's words for its controls, used in the importer's advice: the Datasets view shows these labels
 * (the column table's "Use as" choices, the target column, the task, the category limit, empty cells).
 */
export const CSV_CONTROLS = {
  use: 'Use as',
  number: 'number',
  category: 'category',
  ignore: 'ignore',
  target: 'Target column',
  task: 'Task',
  classification: 'classification',
  regression: 'regression',
  limit: 'Category limit',
  missing: 'Rows with empty cells',
  skip: 'leave them out',
} as const;
const C = CSV_CONTROLS;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
export const isNumber = (s: string) => NUMBER.test(s);
/** The largest finite float32, the type every stored feature and regression target has. */
const F32_MAX = 3.4028234663852886e38;
const quote = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);

/** Splits CSV text into rows, each with the line number where it starts (quoted fields may span lines). */
function readRows(file: string, text: string): { rows: string[][]; lines: number[] } {
  const rows: string[][] = [];
  const lines: number[] = [];
  let prev = 0;
  let counted = 0;
  let line = 1;
  Papa.parse<string[]>(text, {
    skipEmptyLines: 'greedy',
    step(result) {
      // The row starts after the previous cursor, past any blank lines that were skipped.
      let start = prev;
      for (;;) {
        const nl = text.indexOf('\n', start);
        if (nl < 0 || text.slice(start, nl).trim() !== '') break;
        start = nl + 1;
      }
      for (; counted < start; counted++) if (text.charCodeAt(counted) === 10) line++;
      prev = result.meta.cursor;
      const err = result.errors[0];
      if (err) {
        const why =
          err.code === 'MissingQuotes'
            ? 'a quoted field is never closed (a " is missing)'
            : err.code === 'InvalidQuotes'
              ? 'a quoted field has text after its closing "'
              : err.message;
        throw new ImportError(file, why, { line });
      }
      rows.push(result.data);
      lines.push(line);
    },
  });
  return { rows, lines };
}

function columnIndex(file: string, names: string[], key: string | number, what: string): number {
  if (typeof key === 'number') {
    if (Number.isInteger(key) && key >= 0 && key < names.length) return key;
    throw new ImportError(
      file,
      `the ${what} is column ${key}, but the file has ${names.length} columns (0 to ${names.length - 1})`,
    );
  }
  let i = names.indexOf(key);
  if (i < 0) i = names.findIndex((n) => n.trim().toLowerCase() === key.trim().toLowerCase());
  if (i < 0)
    throw new ImportError(
      file,
      `there is no column ${quote(key)} for the ${what}; the columns are ${names.map((n) => quote(n)).join(', ')}`,
    );
  return i;
}

/** Sorts class or category names: numerically when all are numbers, else as text. */
function sortNames(values: Iterable<string>): string[] {
  const all = [...new Set(values)];
  return all.every(isNumber)
    ? all.sort((a, b) => Number(a) - Number(b))
    : all.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The header names (checked) and the rows after it, each with its line number. */
export function readTable(
  file: string,
  input: string | Uint8Array,
): { names: string[]; rows: string[][]; lines: number[] } {
  let text = decodeUtf8(file, input);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Old Mac files end lines with CR alone; count lines the same way whatever the ending.
  text = text.replace(/\r\n?/g, '\n');
  const { rows, lines } = readRows(file, text);
  if (rows.length === 0)
    throw new ImportError(file, 'is empty; a CSV file needs a header row and at least two data rows');
  const names = rows[0].map((n, i) => n.trim() || `column ${i}`);
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n))
      throw new ImportError(file, `the header names column ${quote(n)} twice; give each column its own name`, {
        line: lines[0],
      });
    seen.add(n);
  }
  if (names.length < 2)
    throw new ImportError(
      file,
      `the header has only one column (${quote(names[0])}); a dataset needs at least one input column and a label column. Is the separator a comma?`,
      { line: lines[0] },
    );
  return { names, rows, lines };
}

/** Imports a CSV file (text or UTF-8 bytes) with a header row. */
export function importCsv(file: string, input: string | Uint8Array, options: CsvOptions): Imported {
  const { names, rows, lines } = readTable(file, input);
  if (options.label === undefined || options.label === null || options.label === '')
    throw new ImportError(file, `choose the ${C.target} (the one the model should predict)`);
  const labelCol = columnIndex(file, names, options.label, 'label');
  const ignored = new Set((options.ignore ?? []).map((k) => columnIndex(file, names, k, 'ignored column')));
  if (ignored.has(labelCol))
    throw new ImportError(
      file,
      `column ${quote(names[labelCol])} is the ${C.target} and is also set to "${C.ignore}"; choose another target or use the column`,
    );
  const features = names.map((_, i) => i).filter((i) => i !== labelCol && !ignored.has(i));
  if (features.length === 0)
    throw new ImportError(
      file,
      `no input columns are left once the ${C.target} and the columns set to "${C.ignore}" are taken out; set at least one column's "${C.use}" to "${C.number}" or "${C.category}"`,
    );
  const maxCategories = options.maxCategories ?? DEFAULT_MAX_CATEGORIES;
  if (!Number.isInteger(maxCategories) || maxCategories < 2 || maxCategories > MAX_CATEGORY_LIMIT)
    throw new ImportError(
      file,
      `the ${C.limit} must be a whole number from 2 to ${MAX_CATEGORY_LIMIT} (it is ${maxCategories})`,
    );
  const used = [...features, labelCol];

  // Field counts and empty cells.
  const data: string[][] = [];
  const dataLines: number[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r].map((c) => c.trim());
    if (row.length !== names.length) {
      throw new ImportError(
        file,
        `has ${row.length} field${row.length === 1 ? '' : 's'}, but the header has ${names.length} columns; check for a missing or extra comma`,
        { line: lines[r] },
      );
    }
    const empty = used.find((c) => row[c] === '');
    if (empty !== undefined) {
      if (options.missing === 'skip') continue;
      throw new ImportError(
        file,
        `column ${quote(names[empty])} is empty; fill it in, remove the row, or set "${C.missing}" to "${C.skip}"`,
        { line: lines[r] },
      );
    }
    data.push(row);
    dataLines.push(lines[r]);
  }
  if (data.length < 2)
    throw new ImportError(
      file,
      `has ${data.length} usable data row${data.length === 1 ? '' : 's'}; a dataset needs at least two`,
    );

  // Column types: numeric when (nearly) every value is a number, so a stray "abc" is reported rather than
  // silently turning the whole column into categories.
  const typeOf = (c: number): 'numeric' | 'categorical' => {
    const forced = options.types?.[names[c]];
    if (forced) return forced;
    const numeric = data.reduce((a, row) => a + (isNumber(row[c]) ? 1 : 0), 0);
    return numeric >= 0.9 * data.length ? 'numeric' : 'categorical';
  };
  if (options.types) {
    for (const name of Object.keys(options.types)) {
      if (!names.includes(name))
        throw new ImportError(
          file,
          `a type is given for column ${quote(name)}, but there is no such column; the columns are ${names.map((n) => quote(n)).join(', ')}`,
        );
    }
  }
  const expectNumber = (c: number, r: number) => {
    if (!isNumber(data[r][c])) {
      const advice =
        c === labelCol
          ? `fix the cell, or set "${C.task}" to "${C.classification}"`
          : `fix the cell, or set the column's "${C.use}" to "${C.category}" or "${C.ignore}"`;
      throw new ImportError(file, `column ${quote(names[c])} is ${quote(data[r][c])}, expected a number; ${advice}`, {
        line: dataLines[r],
      });
    }
    const v = Number(data[r][c]);
    // Stored as float32: anything beyond its range would become Infinity and poison the column's statistics.
    if (!(Math.abs(v) <= F32_MAX))
      throw new ImportError(
        file,
        `column ${quote(names[c])} is ${quote(data[r][c])}, too large to store (numbers must lie within ±3.4e38)`,
        { line: dataLines[r] },
      );
    return v;
  };

  // Label.
  const labelValues = data.map((row) => row[labelCol]);
  const labelNumeric = labelValues.every(isNumber);
  let task = options.task ?? 'auto';
  if (task === 'auto') {
    const distinct = new Set(labelValues).size;
    task =
      labelNumeric && (distinct > 20 || labelValues.some((v) => !Number.isInteger(Number(v))))
        ? 'regression'
        : 'classification';
  }
  const n = data.length;
  let y: Int32Array | Float32Array;
  let classNames: string[] = [];
  if (task === 'regression') {
    y = Float32Array.from(data, (_, r) => expectNumber(labelCol, r));
  } else {
    classNames = sortNames(labelValues);
    if (classNames.length < 2)
      throw new ImportError(
        file,
        `the ${C.target} ${quote(names[labelCol])} has only one value (${quote(classNames[0])}); classification needs at least two classes, so choose another target`,
      );
    if (classNames.length > 1000)
      throw new ImportError(
        file,
        `the ${C.target} ${quote(names[labelCol])} has ${classNames.length} different values (at most 1000 classes); for numbers set "${C.task}" to "${C.regression}"`,
      );
    const id = new Map(classNames.map((c, i) => [c, i]));
    y = Int32Array.from(labelValues, (v) => id.get(v)!);
  }

  // Inputs.
  const columns: CsvColumnEncoding[] = features.map((c) => {
    if (typeOf(c) === 'numeric') return { name: names[c], type: 'numeric', mean: 0, std: 1 };
    const categories = sortNames(data.map((row) => row[c]));
    if (categories.length > maxCategories) {
      throw new ImportError(
        file,
        `column ${quote(names[c])} has ${categories.length} different text values (more than the ${C.limit} of ${maxCategories}); it looks like an id or free text, so set its "${C.use}" to "${C.ignore}", or raise the ${C.limit} to ${categories.length} or more`,
      );
    }
    return { name: names[c], type: 'categorical', categories };
  });
  const width = columns.reduce((a, col) => a + (col.type === 'numeric' ? 1 : col.categories.length), 0);
  const raw = new Float64Array(n * width);
  columns.forEach((col, k) => {
    const c = features[k];
    const offset = columns.slice(0, k).reduce((a, p) => a + (p.type === 'numeric' ? 1 : p.categories.length), 0);
    if (col.type === 'numeric') for (let r = 0; r < n; r++) raw[r * width + offset] = expectNumber(c, r);
    else {
      const id = new Map(col.categories.map((v, i) => [v, i]));
      for (let r = 0; r < n; r++) raw[r * width + offset + id.get(data[r][c])!] = 1;
    }
  });

  // Fixed split, then standardise numeric inputs with training statistics only (no test leakage).
  const testFraction = options.testFraction ?? 0.2;
  const seed = options.seed ?? 42;
  const { order, cut } = splitOrder(n, testFraction, seed, task === 'classification' ? y : undefined);
  const mean = new Array<number>(width).fill(0);
  const std = new Array<number>(width).fill(1);
  let offset = 0;
  for (const col of columns) {
    if (col.type === 'numeric') {
      let s = 0;
      for (let i = 0; i < cut; i++) s += raw[order[i] * width + offset];
      const m = s / cut;
      let v = 0;
      for (let i = 0; i < cut; i++) v += (raw[order[i] * width + offset] - m) ** 2;
      col.mean = m;
      col.std = Math.sqrt(v / cut) || 1;
      // The range the Playground's form offers for this column.
      let [lo, hi] = [Infinity, -Infinity];
      for (let i = 0; i < cut; i++) {
        const value = raw[order[i] * width + offset];
        if (value < lo) lo = value;
        if (value > hi) hi = value;
      }
      col.min = lo;
      col.max = hi;
      mean[offset] = col.mean;
      std[offset] = col.std;
      offset += 1;
    } else offset += col.categories.length;
  }
  const x = new Float32Array(n * width);
  const yy = task === 'regression' ? new Float32Array(n) : new Int32Array(n);
  // Each row through the encoder the Playground's form uses for a typed row (src/data/table-row.ts).
  const encode = rowEncoder(columns);
  order.forEach((r, i) => {
    encode(
      features.map((c) => data[r][c]),
      x,
      i * width,
    );
    yy[i] = y[r];
  });
  const featureNames = columns.flatMap((col) =>
    col.type === 'numeric' ? [col.name] : col.categories.map((v) => `${col.name}=${v}`),
  );

  return {
    header: {
      count: n,
      xShape: [width],
      xDtype: 'f32',
      xScale: 1,
      yShape: [],
      yDtype: task === 'regression' ? 'f32' : 'i32',
      classes: classNames.length,
      classNames,
      featureNames,
      standardization: { mean, std },
      encoding: { kind: 'csv', file, label: names[labelCol], task, columns },
      splits: checkedSplits(file, n, cut, 'rows'),
      splitRule: `${file}: ${n} rows, seeded shuffle (SplitMix32 seed ${seed})${task === 'classification' ? ' stratified by class' : ''}, ${Math.round(testFraction * 100)}% test; numeric columns standardised with training-set mean and std`,
    },
    x,
    y: yy,
    skipped: [],
  };
}
