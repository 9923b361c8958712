// Crops and tensors: the warp must cut exactly the quad, turn vertical lines, and pack BGR planes normalised.
import { describe, expect, it } from 'vitest';
import { cropText, resize, rotate180, warpQuad, writeChw, type RgbaImage } from './image.ts';
import { detectionSize } from './pipeline.ts';

/** A picture whose red channel is x and green channel is y (blue 7), for checking where samples come from. */
function ramp(width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([x, y, 7, 255], (y * width + x) * 4);
  return { width, height, data };
}
const at = (img: RgbaImage, x: number, y: number) =>
  Array.from(img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 3));

describe('image', () => {
  it('warps an axis-aligned quad to the same pixels', () => {
    const img = ramp(40, 30);
    const q = [
      { x: 10, y: 5 },
      { x: 30, y: 5 },
      { x: 30, y: 15 },
      { x: 10, y: 15 },
    ] as const;
    const c = warpQuad(img, [...q] as never, 20, 10);
    expect(at(c, 0, 0)).toEqual([10, 5, 7]);
    expect(at(c, 19, 9)).toEqual([29, 14, 7]);
  });

  it('turns a tall crop a quarter so it reads left to right', () => {
    const img = ramp(40, 60);
    const q = [
      { x: 10, y: 5 },
      { x: 20, y: 5 },
      { x: 20, y: 45 },
      { x: 10, y: 45 },
    ];
    const c = cropText(img, q as never);
    expect([c.width, c.height]).toEqual([40, 10]);
    // Counter-clockwise: the old top-right corner is now top-left.
    expect(at(c, 0, 0)).toEqual([19, 5, 7]);
    expect(at(c, 39, 9)).toEqual([10, 44, 7]);
  });

  it('rotates half a turn and resizes', () => {
    const img = ramp(4, 2);
    expect(at(rotate180(img), 0, 0)).toEqual([3, 1, 7]);
    expect(at(resize(ramp(3, 3), 1, 1), 0, 0)).toEqual([1, 1, 7]);
  });

  it('packs BGR planes normalised, leaving padding columns alone', () => {
    const img = ramp(2, 1);
    const dst = new Float32Array(3 * 1 * 3);
    writeChw(img, dst, 0, 3, [0, 0, 0], [1, 1, 1]);
    expect(Array.from(dst).map((v) => Math.round(v * 255))).toEqual([7, 7, 0, 0, 0, 0, 0, 1, 0]);
  });

  it('sizes detector inputs to multiples of 32 within the side limit', () => {
    expect(detectionSize(320, 100, 960)).toEqual({ width: 320, height: 96 });
    expect(detectionSize(1920, 1080, 960)).toEqual({ width: 960, height: 544 });
    expect(detectionSize(10, 10, 960)).toEqual({ width: 32, height: 32 });
  });

  it('rejects a buffer that does not match its size', async () => {
    const { checkImage } = await import('./image.ts');
    expect(() => checkImage({ width: 2, height: 2, data: new Uint8ClampedArray(3) })).toThrow(/need 16/);
  });
});
