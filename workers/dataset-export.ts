// Worker side of dataset export: reads a stored pack and zips it (src/storage/dataset-export.ts), encoding
// images as PNG with OffscreenCanvas. The zip is handed to the page; nothing is stored or sent.
import type { StudioDb } from '../src/storage/db.ts';
import {
  exportDataset,
  type DatasetExport,
  type EncodePng,
  type ExportProgress,
} from '../src/storage/dataset-export.ts';

/** PNG bytes of an RGBA image, through the browser's own encoder. */
export const encodePngWithCanvas: EncodePng = async (rgba, width, height) => {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw images in a worker, so images cannot be exported.');
  ctx.putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, width, height), 0, 0);
  return new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
};

/** Zips the stored dataset `id`; an embedded set that was never used is not stored yet, and says so. */
export async function exportStoredDataset(
  db: StudioDb,
  id: string,
  onProgress?: (p: ExportProgress) => void,
): Promise<DatasetExport> {
  const stored = await db.get('datasets', id);
  if (!stored)
    throw new Error(
      `The dataset "${id}" is not stored in this browser, so there is nothing to export; open it in the Datasets view (or import it again) first.`,
    );
  return exportDataset(stored.pack, encodePngWithCanvas, onProgress);
}
