// A few samples of a stored dataset for the Datasets view's grid, plus its class counts. Reads only the rows
// asked for straight from the pack (no whole-pack conversion), so paging through MNIST stays cheap.
import { readPackHeader, type PackDtype, type PackHeader } from '../data/pack.ts';
import type { StoredDatasetInfo, StudioDb } from './db.ts';
import { loadDataset, type DatasetProgress } from './dataset-loader.ts';
import { datasetInfo, type DatasetInfo } from './dataset-import.ts';
import { StorageEvictedError } from './errors.ts';
import { IMPORTED_PREFIX } from './datasets.ts';
import { sizeOf } from '../../kernels/common/shape.mjs';

/** A page of a dataset's samples for the Datasets view's grid, with its split's class counts. */
export interface DatasetSamples {
  /** `count` samples of `xShape` each, row-major: images scaled to 0–1 (H×W×C), token ids as i32. */
  x: Float32Array | Int32Array;
  xShape: number[];
  /** Labels: class ids (i32), regression targets (f32), or next-token ids of `yShape` per sample. */
  y: Int32Array | Float32Array;
  yShape: number[];
  /** Index of the first sample within the split, and how many came back (clamped to the split). */
  offset: number;
  count: number;
  /** Samples in the whole split. */
  total: number;
  /** Samples per class in the whole split, or null for regression and sequence sets. */
  classCounts: number[] | null;
  /** The dataset's header (an embedded set is stored on first use, so this is how the view learns it). */
  dataset: DatasetInfo;
}

/** The most samples one call returns (a grid page, not a data loader). */
export const MAX_SAMPLES = 256;

const pad8 = (n: number) => (8 - (n % 8)) % 8;
const size = (d: PackDtype) => (d === 'u8' ? 1 : 4);

/** The last pack read, so paging through one dataset does not read it from IndexedDB each time. */
let cached: { id: string; storedAt: number; pack: ArrayBuffer } | null = null;

async function packOf(
  db: StudioDb,
  id: string,
  onEvent?: (e: DatasetProgress) => void,
): Promise<{ pack: ArrayBuffer; info: StoredDatasetInfo }> {
  let info = await db.get('datasetInfo', id);
  if (!info) {
    if (id.startsWith(IMPORTED_PREFIX))
      throw new Error(`The dataset "${id}" is no longer stored in this browser; import it again.`);
    // An embedded pack not used yet: copy it from the app into IndexedDB (as training would), then read it.
    await loadDataset(db, id, onEvent);
    info = await db.get('datasetInfo', id);
    if (!info) throw new Error(`The dataset "${id}" could not be stored in this browser.`);
  }
  if (cached?.id === id && cached.storedAt === info.storedAt) return { pack: cached.pack, info };
  let record = await db.get('datasets', id);
  // Listed but its bytes are gone (the browser cleared them): an embedded set is copied again, an imported one is lost.
  if (!record && !id.startsWith(IMPORTED_PREFIX)) {
    await loadDataset(db, id, onEvent);
    record = await db.get('datasets', id);
  }
  if (!record) throw new StorageEvictedError(`The dataset “${info.title}”`);
  cached = { id, storedAt: record.storedAt, pack: record.pack };
  return { pack: record.pack, info };
}

/** Typed copies of rows [from, to) of x or y, scaled like parsePack does. */
function rows(
  pack: ArrayBuffer,
  start: number,
  shape: number[],
  dtype: PackDtype,
  from: number,
  to: number,
  scale: number,
  asFloat: boolean,
): Float32Array | Int32Array {
  const n = sizeOf(shape);
  const bytes = size(dtype);
  const raw = pack.slice(start + from * n * bytes, start + to * n * bytes);
  if (dtype === 'f32') return new Float32Array(raw);
  if (dtype === 'i32') return new Int32Array(raw);
  const u8 = new Uint8Array(raw);
  if (!asFloat) return Int32Array.from(u8);
  const f = new Float32Array(u8.length);
  for (let i = 0; i < u8.length; i++) f[i] = u8[i] * scale;
  return f;
}

/** Counts of each class in rows [a, b) of a classification pack's labels. */
function classCounts(pack: ArrayBuffer, yStart: number, h: PackHeader, a: number, b: number): number[] | null {
  if (h.yDtype === 'f32' || h.yShape.length > 0 || !(h.classes > 0)) return null;
  const counts = new Array<number>(h.classes).fill(0);
  const y =
    h.yDtype === 'u8'
      ? new Uint8Array(pack, yStart + a, b - a)
      : new Int32Array(pack.slice(yStart + a * 4, yStart + b * 4));
  for (const c of y) if (c >= 0 && c < h.classes) counts[c]++;
  return counts;
}

/**
 * Samples `offset … offset + count` of a dataset's train or test split (clamped to the split), with the
 * split's class counts (classification only). Embedded packs are copied into IndexedDB first if needed.
 */
export async function datasetSamples(
  db: StudioDb,
  id: string,
  split: 'train' | 'test',
  offset: number,
  count: number,
  onEvent?: (e: DatasetProgress) => void,
): Promise<DatasetSamples> {
  const { pack, info } = await packOf(db, id, onEvent);
  const h = readPackHeader(pack, `${id}.pack`);
  const headerLength = new DataView(pack).getUint32(8, true);
  const xStart = 12 + headerLength + pad8(12 + headerLength);
  const yStart = xStart + h.xBytes + pad8(h.xBytes);
  const [a, b] = h.splits[split];
  const total = b - a;
  const first = Math.max(0, Math.min(Math.floor(offset) || 0, total));
  const n = Math.max(0, Math.min(Math.floor(count) || 0, MAX_SAMPLES, total - first));
  const x = rows(pack, xStart, h.xShape, h.xDtype, a + first, a + first + n, h.xScale ?? 1, h.xDtype !== 'i32');
  const y = rows(pack, yStart, h.yShape, h.yDtype, a + first, a + first + n, 1, h.yDtype === 'f32');
  return {
    x,
    y,
    xShape: h.xShape,
    yShape: h.yShape,
    offset: first,
    count: n,
    total,
    classCounts: classCounts(pack, yStart, h, a, b),
    dataset: datasetInfo(info),
  };
}
