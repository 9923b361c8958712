// Image-folder importer with an injected decoder: class discovery from paths, labels, grey and colour
// layouts, a stratified split, and a file that fails to decode named in the error.
import { describe, expect, test } from 'vitest';
import { discoverClasses, importImages, type DecodeImage, type ImageFile } from './images.ts';

/** A fake decoder: every pixel is (r, g, b) = (first byte, width, height); "broken" files throw. */
const decode: DecodeImage = async (file, width, height) => {
  const bytes = file.data as Uint8Array;
  if (bytes[0] === 255) throw new Error('unsupported image format');
  const out = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) out.set([bytes[0], width, height, 255], p * 4);
  return out;
};

const file = (path: string, v: number): ImageFile => ({ path, data: new Uint8Array([v]) });

describe('image-folder importer', () => {
  test('classes are the folders under the common prefix; hidden and non-image files are skipped', () => {
    const d = discoverClasses([
      'pets/dog/1.png',
      'pets/cat/a.jpg',
      'pets/cat/b.JPEG',
      'pets/.DS_Store',
      'pets/cat/notes.txt',
      'pets/dog/sub/2.png',
    ]);
    expect(d.classNames).toEqual(['cat', 'dog']);
    expect(d.images).toEqual(['pets/cat/a.jpg', 'pets/cat/b.JPEG', 'pets/dog/1.png', 'pets/dog/sub/2.png']);
    expect(d.labels).toEqual([0, 0, 1, 1]);
    expect(d.skipped).toEqual(['pets/.DS_Store: not an image', 'pets/cat/notes.txt: not an image']);
    expect(discoverClasses(['a/1.png', 'b/2.png']).classNames).toEqual(['a', 'b']);
    expect(() => discoverClasses(['pets/cat/1.png', 'pets/cat/2.png'])).toThrow(/all images are in one folder/);
    expect(() => discoverClasses(['pets/cat/1.png', 'pets/x.png'])).toThrow(
      /^pets\/x\.png: is not inside a class folder/,
    );
  });

  test('grey and colour layouts, labels and a stratified split', async () => {
    const files = [
      ...Array.from({ length: 5 }, (_, i) => file(`set/zero/${i}.png`, 10)),
      ...Array.from({ length: 5 }, (_, i) => file(`set/one/${i}.png`, 200)),
    ];
    const progress: number[] = [];
    const rgb = await importImages(files, decode, {
      height: 4,
      width: 6,
      channels: 3,
      testFraction: 0.2,
      onProgress: (d) => progress.push(d),
    });
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(rgb.header.xShape).toEqual([4, 6, 3]);
    expect(rgb.header.classNames).toEqual(['one', 'zero']);
    expect(rgb.header.splits).toEqual({ train: [0, 8], test: [8, 10] });
    expect(Array.from(rgb.y.subarray(8)).sort()).toEqual([0, 1]);
    for (let i = 0; i < 10; i++) {
      const first = rgb.y[i] === 0 ? 200 : 10;
      expect(Array.from(rgb.x.subarray(i * 72, i * 72 + 3))).toEqual([first, 6, 4]);
    }
    const grey = await importImages(files, decode, { height: 2, width: 2, channels: 1 });
    expect(grey.header.xShape).toEqual([2, 2, 1]);
    const i = Array.from(grey.y).indexOf(1);
    expect(grey.x[i * 4]).toBe(Math.round(0.299 * 10 + 0.587 * 2 + 0.114 * 2));
  });

  test('a file that cannot be decoded is named in the error', async () => {
    const files = [file('s/a/1.png', 1), file('s/b/2.png', 2), file('s/b/broken.png', 255)];
    await expect(importImages(files, decode, { height: 8, width: 8, channels: 1 })).rejects.toThrow(
      /^s\/b\/broken\.png: could not be decoded as an image \(unsupported image format\)/,
    );
  });
});
