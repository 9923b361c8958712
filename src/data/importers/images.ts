// Image-folder importer: one folder per class (`cats/001.png`, `dogs/x.jpg`), every image resized to the
// chosen size and stored as bytes. Decoding is injected, so the folder logic runs in Node tests; in a worker
// `decodeWithCanvas` uses createImageBitmap and an OffscreenCanvas.
import { rgbaToPixels } from '../image-input.ts';
import { checkedSplits, ImportError, splitOrder, type Imported } from './common.ts';

/** One image file: its relative path (`class/file.png`, as `File.webkitRelativePath` gives) and its data. */
export interface ImageFile {
  path: string;
  data: Blob | ArrayBuffer | Uint8Array;
}

/** Decodes one image and resizes it to width × height, returning RGBA bytes (width·height·4). Throws if it cannot. */
export type DecodeImage = (file: ImageFile, width: number, height: number) => Promise<Uint8Array | Uint8ClampedArray>;

export interface ImageOptions {
  /** Output height and width in pixels (e.g. 28 or 32). */
  height: number;
  width: number;
  /** 1 for grey (luma), 3 for colour. */
  channels: 1 | 3;
  /** Fraction held out, per class (default 0.2). */
  testFraction?: number;
  /** Seed of the fixed split (default 42). */
  seed?: number;
  /** Called after each decoded image. */
  onProgress?: (done: number, total: number) => void;
}

const IMAGE = /\.(png|jpe?g|gif|bmp|webp|avif)$/i;

/** Finds the class of each image: the first folder below the folders that all files share. */
export function discoverClasses(paths: string[]): {
  classNames: string[];
  labels: number[];
  images: string[];
  skipped: string[];
} {
  const parts = (p: string) => p.replace(/\\/g, '/').split('/').filter(Boolean);
  const skipped = paths.filter((p) => !IMAGE.test(p) || parts(p).some((s) => s.startsWith('.') || s === '__MACOSX'));
  const skip = new Set(skipped);
  const images = paths.filter((p) => !skip.has(p)).sort();
  if (images.length === 0)
    throw new ImportError(
      paths[0] ?? 'image folder',
      'contains no images (.png, .jpg, .gif, .bmp, .webp); choose a folder with one sub-folder of images per class',
    );
  const dirs = images.map((p) => parts(p).slice(0, -1));
  // The common folder prefix, e.g. `pets/` when the user picked the folder `pets`.
  let common = dirs[0].length;
  for (const d of dirs) {
    let k = 0;
    while (k < common && k < d.length && d[k] === dirs[0][k]) k++;
    common = k;
  }
  const loose = images.findIndex((_, i) => dirs[i].length <= common);
  if (loose >= 0) {
    const one = new Set(dirs.map((d) => d.join('/'))).size === 1;
    throw new ImportError(
      images[loose],
      one
        ? 'all images are in one folder; put each class in its own sub-folder (for example cats/ and dogs/) and choose the folder that holds them'
        : 'is not inside a class folder; every image must sit in a sub-folder named after its class',
    );
  }
  const names = dirs.map((d) => d[common]);
  const classNames = [...new Set(names)].sort();
  if (classNames.length < 2)
    throw new ImportError(
      images[0],
      `only one class folder (${classNames[0]}) was found; a classifier needs at least two`,
    );
  const id = new Map(classNames.map((c, i) => [c, i]));
  return {
    classNames,
    labels: names.map((c) => id.get(c)!),
    images,
    skipped: skipped.map((p) => `${p}: not an image`),
  };
}

/**
 * Class names as they were before an export made them safe for a file system (`a/b` was written as the folder
 * `a_b`): the studio's export puts `classFolders` (folder → class name) in a `dataset.json` beside the folders.
 * Without that file, or when it does not match these folders, the folder names are the class names.
 */
async function restoreClassNames(folders: string[], files: ImageFile[]): Promise<string[]> {
  const manifests = files.filter((f) => /(^|\/)dataset\.json$/.test(f.path));
  const top = manifests.sort((a, b) => a.path.split('/').length - b.path.split('/').length)[0];
  if (!top) return folders;
  let map: unknown;
  try {
    const d = top.data;
    const text = d instanceof Blob ? await d.text() : new TextDecoder().decode(d);
    map = (JSON.parse(text) as { classFolders?: unknown }).classFolders;
  } catch {
    return folders;
  }
  if (typeof map !== 'object' || map === null) return folders;
  const named = folders.map((f) => {
    const v = Object.hasOwn(map as object, f) ? (map as Record<string, unknown>)[f] : undefined;
    return typeof v === 'string' && v.length > 0 ? v : f;
  });
  return new Set(named).size === named.length ? named : folders;
}

/** Imports images from class folders, resized to height × width × channels. */
export async function importImages(files: ImageFile[], decode: DecodeImage, options: ImageOptions): Promise<Imported> {
  const { height: H, width: W, channels: C } = options;
  if (![H, W].every((d) => Number.isInteger(d) && d >= 1 && d <= 512))
    throw new RangeError(`image size must be whole pixels from 1 to 512, got ${H}×${W}`);
  const byPath = new Map(files.map((f) => [f.path, f]));
  const found = discoverClasses(files.map((f) => f.path));
  const { labels, images, skipped } = found;
  const classNames = await restoreClassNames(found.classNames, files);
  const n = images.length;
  const per = H * W * C;
  const x = new Uint8Array(n * per);
  const decodeOne = async (i: number) => {
    try {
      return await decode(byPath.get(images[i])!, W, H);
    } catch (e) {
      throw new ImportError(
        images[i],
        `could not be decoded as an image (${e instanceof Error ? e.message : String(e)}); remove it or re-save it as PNG or JPEG`,
      );
    }
  };
  // A few decodes in flight at once (the browser decodes off the main thread); results land in file order.
  const PARALLEL = 8;
  for (let start = 0; start < n; start += PARALLEL) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(PARALLEL, n - start) }, (_, k) => decodeOne(start + k)),
    );
    batch.forEach((rgba, k) => {
      const i = start + k;
      if (rgba.length !== W * H * 4)
        throw new ImportError(images[i], `decoded to ${rgba.length} bytes, expected ${W * H * 4}`);
      // The Playground encodes an uploaded picture with the same function.
      rgbaToPixels(rgba, W * H, C, x.subarray(i * per, (i + 1) * per));
      options.onProgress?.(i + 1, n);
    });
  }
  const fraction = options.testFraction ?? 0.2;
  const seed = options.seed ?? 42;
  const { order, cut } = splitOrder(n, fraction, seed, labels);
  const xs = new Uint8Array(n * per);
  const ys = new Uint8Array(n);
  order.forEach((r, i) => {
    xs.set(x.subarray(r * per, (r + 1) * per), i * per);
    ys[i] = labels[r];
  });
  return {
    header: {
      count: n,
      xShape: [H, W, C],
      xDtype: 'u8',
      xScale: 1 / 255,
      yShape: [],
      yDtype: classNames.length <= 256 ? 'u8' : 'i32',
      classes: classNames.length,
      classNames,
      encoding: { kind: 'images', files: n, height: H, width: W, channels: C },
      splits: checkedSplits('the image folder', n, cut, 'images'),
      splitRule: `${n} images in ${classNames.length} class folders, resized to ${H}×${W}; seeded shuffle (seed ${seed}) stratified by class, ${Math.round(fraction * 100)}% test`,
    },
    x: xs,
    y: classNames.length <= 256 ? ys : Int32Array.from(order, (r) => labels[r]),
    skipped,
  };
}

/** Worker decoder: createImageBitmap resizes (high quality), an OffscreenCanvas gives the RGBA bytes. */
export const decodeWithCanvas: DecodeImage = async (file, width, height) => {
  const blob = file.data instanceof Blob ? file.data : new Blob([file.data as BlobPart]);
  const bitmap = await createImageBitmap(blob, { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' });
  try {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('this browser has no 2D canvas in workers');
    ctx.drawImage(bitmap, 0, 0);
    return ctx.getImageData(0, 0, width, height).data;
  } finally {
    bitmap.close();
  }
};
