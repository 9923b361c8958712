// What input widget a model's signature calls for, and the tensors it makes: a picture as NCHW or NHWC floats at
// the size the model fixes (or a chosen size for free dimensions), or one CSV row of numbers as a feature vector.
import type { HostTensor, ModelSignature, TensorSignature } from './model.ts';

/** How pixel bytes (0–255) become the model's floats. ImageNet: per-channel mean and deviation of torchvision. */
export type PixelScale = 'unit' | 'signed' | 'imagenet' | 'bytes';

/** A picture input: which tensor, its layout, channels and size (size null: the model leaves it free). */
export interface ImageForm {
  kind: 'image';
  input: string;
  layout: 'nchw' | 'nhwc';
  rank: 3 | 4;
  channels: 1 | 3;
  /** The size fixed by the model, or null where height and width are free (the page picks one). */
  height: number | null;
  width: number | null;
}

/** A feature-vector input: one CSV row of `features` numbers per sample. */
export interface TableForm {
  kind: 'table';
  input: string;
  rank: 1 | 2;
  features: number;
}

export type InputForm = ImageForm | TableForm | { kind: 'other'; reason: string };

const fixed = (d: number | string | undefined): number | null => (typeof d === 'number' ? d : null);
const isChannels = (d: number | string | undefined) => d === 1 || d === 3;

function imageForm(s: TensorSignature): ImageForm | null {
  if (s.dtype !== 'float32' || (s.shape.length !== 4 && s.shape.length !== 3)) return null;
  const rank = s.shape.length as 3 | 4;
  const dims = rank === 4 ? s.shape.slice(1) : s.shape;
  // Channels first unless the last dimension is the one that looks like channels.
  const nhwc = isChannels(dims[2]) && !isChannels(dims[0]);
  const [c, h, w] = nhwc ? [dims[2], dims[0], dims[1]] : dims;
  if (typeof c === 'number' && !isChannels(c)) return null;
  return {
    kind: 'image',
    input: s.name,
    layout: nhwc ? 'nhwc' : 'nchw',
    rank,
    channels: c === 1 ? 1 : 3,
    height: fixed(h),
    width: fixed(w),
  };
}

/** The widget for a model: pictures for one image-shaped float input, CSV rows for one feature vector, else none. */
export function inputForm(signature: ModelSignature): InputForm {
  const names = signature.inputs.map((s) => `“${s.name}” [${s.shape.join(', ')}] ${s.dtype}`).join(', ');
  if (signature.inputs.length !== 1)
    return {
      kind: 'other',
      reason: `The model takes ${signature.inputs.length} inputs (${names}); the studio’s forms feed models with one input.`,
    };
  const s = signature.inputs[0];
  const image = imageForm(s);
  if (image) return image;
  const last = s.shape[s.shape.length - 1];
  if (s.dtype === 'float32' && (s.shape.length === 1 || s.shape.length === 2) && typeof last === 'number')
    return { kind: 'table', input: s.name, rank: s.shape.length as 1 | 2, features: last };
  return {
    kind: 'other',
    reason: `The model’s input ${names} is neither a picture (3 or 4 dimensions of float32) nor a row of numbers.`,
  };
}

const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];

/** One picture (RGBA bytes at `height`×`width`) as the model's input tensor (a batch of one for rank-4 inputs). */
export function imageTensor(
  rgba: ArrayLike<number>,
  form: ImageForm,
  height: number,
  width: number,
  scale: PixelScale,
): HostTensor & { data: Float32Array } {
  const c = form.channels;
  const pixels = height * width;
  const data = new Float32Array(pixels * c);
  for (let p = 0; p < pixels; p++) {
    const r = rgba[p * 4];
    const g = rgba[p * 4 + 1];
    const b = rgba[p * 4 + 2];
    // Grey models read BT.601 luma, as the studio's own image datasets store it.
    const values = c === 1 ? [0.299 * r + 0.587 * g + 0.114 * b] : [r, g, b];
    for (let k = 0; k < c; k++) {
      const v = values[k];
      const x =
        scale === 'bytes'
          ? v
          : scale === 'unit'
            ? v / 255
            : scale === 'signed'
              ? v / 127.5 - 1
              : (v / 255 - MEAN[c === 1 ? 0 : k]) / STD[c === 1 ? 0 : k];
      data[form.layout === 'nchw' ? k * pixels + p : p * c + k] = x;
    }
  }
  const hwc = form.layout === 'nchw' ? [c, height, width] : [height, width, c];
  return { dtype: 'float32', shape: form.rank === 4 ? [1, ...hwc] : hwc, data };
}

/**
 * The rows of a CSV text as numbers, `features` per row. A first line that is not all numbers is taken as a
 * header and skipped; any other row that is not numbers, or has the wrong count, is an error naming the row.
 */
export function csvRows(text: string, features: number): { header: string[] | null; rows: Float32Array[] } {
  const lines = text.split(/\r?\n/).filter((l) => l.trim().length > 0);
  const cells = (l: string) => l.split(/[,;\t]/).map((c) => c.trim());
  const numeric = (cs: string[]) => cs.every((c) => c !== '' && Number.isFinite(Number(c)));
  const header = lines.length > 0 && !numeric(cells(lines[0])) ? cells(lines[0]) : null;
  const rows = lines.slice(header ? 1 : 0).map((l, i) => {
    const cs = cells(l);
    const line = i + (header ? 2 : 1);
    if (cs.length !== features)
      throw new Error(`Line ${line} has ${cs.length} values, but the model takes ${features} per row.`);
    if (!numeric(cs)) throw new Error(`Line ${line} holds something that is not a number: “${l.trim()}”.`);
    return Float32Array.from(cs, Number);
  });
  if (rows.length === 0) throw new Error(`The table has no rows of numbers; give ${features} numbers per row.`);
  return { header, rows };
}

/** One table row as the model's input tensor. */
export function rowTensor(row: Float32Array, form: TableForm): HostTensor & { data: Float32Array } {
  return { dtype: 'float32', shape: form.rank === 2 ? [1, form.features] : [form.features], data: row };
}
