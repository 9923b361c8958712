// One row of a table as a model reads it: numbers standardised with the training set's mean and std, categories
// one-hot. The CSV importer encodes every training row with `encodeRow`, and the Playground's form encodes what a
// person types with the same function, so a prediction sees its input exactly as training did.
import type { CsvColumnEncoding, PackHeader } from './pack.ts';

/** The input columns of a tabular pack: an imported CSV's own, or the standardised features of a built-in pack. */
export function rowColumns(header: Pick<PackHeader, 'encoding' | 'xShape' | 'standardization' | 'featureNames'>) {
  if (header.encoding?.kind === 'csv') return header.encoding.columns;
  if (header.xShape.length !== 1 || header.encoding) return null;
  const n = header.xShape[0];
  const st = header.standardization;
  return Array.from({ length: n }, (_, j): CsvColumnEncoding => ({
    name: header.featureNames?.[j] ?? `x${j + 1}`,
    type: 'numeric',
    mean: st?.mean[j] ?? 0,
    std: st?.std[j] ?? 1,
  }));
}

/** Numbers in one encoded row: one per numeric column, one per category of a categorical column. */
export const rowWidth = (columns: readonly CsvColumnEncoding[]): number =>
  columns.reduce((a, c) => a + (c.type === 'numeric' ? 1 : c.categories.length), 0);

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A value the form cannot encode, with the column it belongs to. */
export class RowError extends Error {
  constructor(
    readonly column: string,
    reason: string,
  ) {
    super(`${column}: ${reason}`);
    this.name = 'RowError';
  }
}

/**
 * Encodes one row given as text cells, one per column in `columns` order: x' = (x − mean) / std for numbers, a
 * one-hot block for categories. Writes into `out` at `offset` (a new array by default) and returns it.
 */
export function encodeRow(
  columns: readonly CsvColumnEncoding[],
  cells: readonly string[],
  out: Float32Array = new Float32Array(rowWidth(columns)),
  offset = 0,
): Float32Array {
  return rowEncoder(columns)(cells, out, offset);
}

/** encodeRow for many rows of the same columns (the category lookups are built once). */
export function rowEncoder(columns: readonly CsvColumnEncoding[]) {
  const ids = columns.map((c) => (c.type === 'categorical' ? new Map(c.categories.map((v, i) => [v, i])) : null));
  return (cells: readonly string[], out: Float32Array, offset = 0): Float32Array => {
    if (cells.length !== columns.length)
      throw new RangeError(`a row needs ${columns.length} values (one per input column), got ${cells.length}`);
    let j = offset;
    for (let k = 0; k < columns.length; k++) {
      const col = columns[k];
      const cell = cells[k].trim();
      if (col.type === 'numeric') {
        if (!NUMBER.test(cell))
          throw new RowError(col.name, cell === '' ? 'fill in a number' : `"${cell}" is not a number; type digits`);
        out[j++] = (Number(cell) - col.mean) / col.std;
      } else {
        const c = ids[k]!.get(cell);
        if (c === undefined)
          throw new RowError(
            col.name,
            `"${cell}" is not one of the values the model was trained on (${col.categories.join(', ')})`,
          );
        out.fill(0, j, j + col.categories.length);
        out[j + c] = 1;
        j += col.categories.length;
      }
    }
    return out;
  };
}

/**
 * The range of each numeric column over encoded rows `x` (standardised back to the table's units), for columns
 * whose stored statistics lack it (built-in packs); null for categorical columns.
 */
export function columnRanges(columns: readonly CsvColumnEncoding[], x: ArrayLike<number>, count: number) {
  const width = rowWidth(columns);
  let j = 0;
  return columns.map((col) => {
    if (col.type !== 'numeric') {
      j += col.categories.length;
      return null;
    }
    if (col.min !== undefined && col.max !== undefined) {
      j++;
      return { min: col.min, max: col.max };
    }
    let [min, max] = [Infinity, -Infinity];
    for (let r = 0; r < count; r++) {
      const v = x[r * width + j] * col.std + col.mean;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    j++;
    return count ? { min, max } : null;
  });
}
