// The CSV preview the import form shows before importing: each column's guessed type, distinct and empty counts and
// examples, the first rows as they are, and the form's control labels and limits the importer's advice refers to.
import { CSV_CONTROLS, DEFAULT_MAX_CATEGORIES, isNumber, MAX_CATEGORY_LIMIT, readTable } from './csv.ts';

/** One column as the import dialog shows it, to help choose the label and columns to leave out. */
export interface CsvColumnPreview {
  name: string;
  index: number;
  /** The type the importer would use: numeric when at least 90% of the values are numbers. */
  type: 'numeric' | 'categorical';
  distinct: number;
  empty: number;
  examples: string[];
}

export interface CsvPreview {
  file: string;
  /** Data rows (without the header). */
  rows: number;
  columns: CsvColumnPreview[];
  /** The last column, the usual place for a label. */
  suggestedLabel: number;
  /** The first data rows as they are in the file (at most PREVIEW_ROWS), each with one cell per column. */
  head: string[][];
  /** The form's control labels the importer's advice names (the page shows these, so both say the same). */
  controls: typeof CSV_CONTROLS;
  /** The category limit's default and largest value. */
  categoryLimit: { default: number; max: number };
}

/** Data rows shown in a preview. */
export const PREVIEW_ROWS = 5;

/** Reads a CSV's columns without importing it (for choosing the label column). */
export function previewCsv(file: string, input: string | Uint8Array): CsvPreview {
  const { names, rows } = readTable(file, input);
  const data = rows.slice(1);
  const columns = names.map((name, index): CsvColumnPreview => {
    const values = data.map((r) => (r[index] ?? '').trim());
    const filled = values.filter((v) => v !== '');
    const numeric = filled.filter(isNumber).length;
    return {
      name,
      index,
      type: filled.length > 0 && numeric >= 0.9 * filled.length ? 'numeric' : 'categorical',
      distinct: new Set(filled).size,
      empty: values.length - filled.length,
      examples: [...new Set(filled)].slice(0, 5),
    };
  });
  const head = data.slice(0, PREVIEW_ROWS).map((r) => names.map((_, i) => r[i] ?? ''));
  return {
    file,
    rows: data.length,
    columns,
    suggestedLabel: names.length - 1,
    head,
    controls: CSV_CONTROLS,
    categoryLimit: { default: DEFAULT_MAX_CATEGORIES, max: MAX_CATEGORY_LIMIT },
  };
}
