// What the Playground offers for a run and how it encodes what a person gives it, from the run's dataset: a
// drawing or picture at the set's size (MNIST digits prepared as MNIST was), or one table row through the
// importer's own encoder. Pictures are decoded in the worker as the image importer decodes them.
import type { ModelSpec } from '../engine/index.ts';
import type { PackHeader } from './pack.ts';
import { mnistDigit } from './digit-preprocess.ts';
import { DIGIT_SAMPLES, PAD_SIZE } from './digit-samples.ts';
import { drawingToRgba, rgbaToPixels, scaleBytes } from './image-input.ts';
import { decodeWithCanvas } from './importers/images.ts';
import { columnRanges, encodeRow, rowColumns } from './table-row.ts';

/** One field of the Playground's row form. */
export type FormColumn =
  | { name: string; type: 'numeric'; min: number | null; max: number | null; typical: number }
  | { name: string; type: 'categorical'; categories: string[] };

/** What the Playground shows for a run: a drawing pad and upload, or a form for one table row. */
export type PlaygroundForm =
  | {
      kind: 'image';
      height: number;
      width: number;
      channels: 1 | 3;
      /** Drawings are prepared as MNIST digits (MNIST-style sets); else the whole pad is resized. */
      digits: boolean;
      /** Names of the built-in sample drawings (digits only). */
      samples: string[];
      classNames: string[];
    }
  | {
      kind: 'table';
      columns: FormColumn[];
      task: 'classification' | 'regression';
      classNames: string[];
      /** What the model predicts: the label column's name (imported CSVs), else null. */
      target: string | null;
    }
  | { kind: 'other' };

/** A drawing (grey levels 0–1, bright ink on dark), a picture file, or one table row as text cells. */
export type PlaygroundInput =
  | { kind: 'drawing'; pixels: Float32Array; width: number; height: number }
  | { kind: 'picture'; file: Blob }
  | { kind: 'row'; cells: string[] };

/** Sets whose drawings are prepared as MNIST digits (their images were made that way). */
const DIGIT_SETS = ['mnist'];

const isRegression = (h: PackHeader) =>
  h.encoding?.kind === 'csv' ? h.encoding.task === 'regression' : h.yDtype === 'f32' && !h.classes;

/** The Playground's form for a run on a dataset with this header; `train` gives ranges the header lacks. */
export function playgroundForm(
  spec: ModelSpec,
  header: PackHeader | null,
  train: { x: ArrayLike<number>; count: number } | null,
): PlaygroundForm {
  if (!header || header.yShape.length !== 0 || spec.input.dtype === 'i32') return { kind: 'other' };
  const s = header.xShape;
  const classNames = header.classNames?.length
    ? header.classNames
    : Array.from({ length: header.classes }, (_, i) => String(i));
  if (s.length === 3 && (s[2] === 1 || s[2] === 3) && header.xDtype === 'u8') {
    const digits = DIGIT_SETS.includes(header.id) && s[0] === 28 && s[1] === 28 && s[2] === 1;
    return {
      kind: 'image',
      height: s[0],
      width: s[1],
      channels: s[2] as 1 | 3,
      digits,
      samples: digits ? Object.keys(DIGIT_SAMPLES) : [],
      classNames,
    };
  }
  // Bag-of-words text sets are one-dimensional too, but their columns are words, not a row to fill in.
  if (header.vocabulary?.length) return { kind: 'other' };
  const columns = rowColumns(header);
  if (!columns || s.length !== 1 || header.xDtype !== 'f32') return { kind: 'other' };
  const ranges = columnRanges(columns, train?.x ?? [], train?.count ?? 0);
  return {
    kind: 'table',
    columns: columns.map((c, k): FormColumn => {
      if (c.type === 'categorical') return { name: c.name, type: 'categorical', categories: c.categories };
      const r = ranges[k];
      return { name: c.name, type: 'numeric', min: r?.min ?? null, max: r?.max ?? null, typical: c.mean };
    }),
    task: isRegression(header) ? 'regression' : 'classification',
    classNames,
    target: header.encoding?.kind === 'csv' ? header.encoding.label : null,
  };
}

/** Light pictures (dark ink on paper) are inverted, since MNIST digits are light on dark; paper texture is dropped. */
export function photoToDrawing(rgba: ArrayLike<number>, pixels: number): Float32Array {
  const grey = rgbaToPixels(rgba, pixels, 1);
  let sum = 0;
  for (let i = 0; i < pixels; i++) sum += grey[i];
  const invert = sum / pixels > 127;
  return Float32Array.from(grey, (g) => {
    const v = invert ? 255 - g : g;
    return v < 60 ? 0 : v / 255;
  });
}

/** A picture's size fitted inside a side × side square, keeping its aspect ratio. */
async function fittedSize(file: Blob, side: number): Promise<[number, number]> {
  const bitmap = await createImageBitmap(file);
  const k = side / Math.max(bitmap.width, bitmap.height);
  const size: [number, number] = [
    Math.max(1, Math.round(bitmap.width * k)),
    Math.max(1, Math.round(bitmap.height * k)),
  ];
  bitmap.close();
  return size;
}

/** Encodes a Playground input as the model reads it (one sample of the run's input shape). */
export async function encodePlaygroundInput(
  form: PlaygroundForm,
  header: PackHeader,
  input: PlaygroundInput,
): Promise<Float32Array> {
  if (form.kind === 'table') {
    if (input.kind !== 'row') throw new Error('This model reads a table row: fill in the form.');
    return encodeRow(rowColumns(header)!, input.cells);
  }
  if (form.kind !== 'image') throw new Error('The Playground cannot encode inputs for this run’s dataset.');
  if (input.kind === 'row') throw new Error('This model reads images: draw one or upload a picture.');
  const { height: H, width: W, channels: C } = form;
  if (form.digits) {
    let drawing: Float32Array;
    let [w, h] = [PAD_SIZE, PAD_SIZE];
    if (input.kind === 'drawing') [drawing, w, h] = [input.pixels, input.width, input.height];
    else {
      [w, h] = await fittedSize(input.file, PAD_SIZE);
      drawing = photoToDrawing(await decodeWithCanvas({ path: 'picture', data: input.file }, w, h), w * h);
    }
    const digit = mnistDigit(drawing, w, h);
    if (!digit) throw new Error('The picture is empty: draw a digit, or upload a photo of one.');
    // As stored bytes, so the model sees the grey levels MNIST has (whole bytes, scaled by 1/255).
    return scaleBytes(
      Uint8Array.from(digit, (v) => Math.round(v * 255)),
      header.xScale,
    );
  }
  const rgba =
    input.kind === 'drawing'
      ? drawingToRgba(input.pixels, input.width, input.height, W, H)
      : await decodeWithCanvas({ path: 'picture', data: input.file }, W, H);
  return scaleBytes(rgbaToPixels(rgba, W * H, C), header.xScale);
}
