// The byte layout of a dataset pack, written once for scripts/build-datasets.mjs (Node, plain JavaScript) and for
// src/data/pack.ts (the importers' encodePack and parsePack), so an imported pack and a built one match byte for byte.
// Layout: 'DLSPACK1' (8 bytes), u32 little-endian header length, UTF-8 JSON header, zero padding to a multiple of 8,
// the x bytes, zero padding to a multiple of 8, the y bytes.

/** The 8-byte signature at the start of every pack. */
export const PACK_MAGIC = 'DLSPACK1';

/** Zero bytes that bring `n` up to a multiple of 8 (so x and y start aligned for typed-array views). */
export function pad8(n) {
  return (8 - (n % 8)) % 8;
}

/**
 * The bytes of a pack. The header is `meta` followed by xBytes and yBytes; JSON key order is insertion order, so the
 * caller's key order is part of the bytes (the build script's packs are hashed and compared).
 */
export function packBytes(meta, x, y) {
  const header = new TextEncoder().encode(JSON.stringify({ ...meta, xBytes: x.byteLength, yBytes: y.byteLength }));
  const headEnd = 12 + header.length;
  const xStart = headEnd + pad8(headEnd);
  const yStart = xStart + x.byteLength + pad8(x.byteLength);
  const out = new Uint8Array(yStart + y.byteLength);
  out.set(new TextEncoder().encode(PACK_MAGIC), 0);
  new DataView(out.buffer).setUint32(8, header.length, true);
  out.set(header, 12);
  out.set(new Uint8Array(x.buffer, x.byteOffset, x.byteLength), xStart);
  out.set(new Uint8Array(y.buffer, y.byteOffset, y.byteLength), yStart);
  return out;
}
