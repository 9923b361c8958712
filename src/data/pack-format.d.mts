// Types of src/data/pack-format.mjs (the pack byte layout shared by the build script and src/data/pack.ts).

/** The 8-byte signature at the start of every pack. */
export const PACK_MAGIC: string;
/** Zero bytes that bring `n` up to a multiple of 8. */
export function pad8(n: number): number;
/** The bytes of a pack: signature, header length, JSON header (`meta` then xBytes and yBytes), x and y aligned to 8. */
export function packBytes(meta: object, x: ArrayBufferView, y: ArrayBufferView): Uint8Array<ArrayBuffer>;
