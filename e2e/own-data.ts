// Data the own-data e2e flows import (train-own-data.spec.ts, own-data-offline.spec.ts, run-model.spec.ts).
import { deflateSync, crc32 } from 'node:zlib';

/** 150 rows: blue is always "c"; otherwise a size under 5 is "a" and above it "b". The weight is noise. */
export const CSV = [
  'size,colour,weight,label',
  ...Array.from({ length: 150 }, (_, i) => {
    const size = ((i * 37) % 100) / 10;
    const colour = ['red', 'green', 'blue'][(i * 7) % 3];
    const weight = (((i * 53) % 41) / 4).toFixed(2);
    const label = colour === 'blue' ? 'c' : size < 5 ? 'a' : 'b';
    return `${size.toFixed(1)},${colour},${weight},${label}`;
  }),
].join('\n');

/** A PNG file of an RGB image (8 bits, no filtering): enough for the browser's decoder. */
export function png(width: number, height: number, rgb: (x: number, y: number) => [number, number, number]): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw.set(rgb(x, y), y * (width * 3 + 1) + 1 + x * 3);
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
