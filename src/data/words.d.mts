// Types of src/data/words.mjs (the SpamAssassin word tokeniser shared by the pack builder and the worker).

/** Lower-cased runs of 2 to 20 ASCII letters (a longer run is cut into pieces of 20). */
export function words(text: string): string[];
/** The text of a raw e-mail that the packs encode: the Subject line, then the body after the first blank line. */
export function messageText(raw: string): string;
/** Marks the known words of `tokens` with 1 in `out` (one slot per vocabulary word); unknown words are skipped. */
export function encodeBagOfWords<T extends Uint8Array | Float32Array = Uint8Array>(
  tokens: readonly string[],
  index: ReadonlyMap<string, number>,
  out?: T,
): T;
/** The first `out.length` known words of `tokens` as ids 1 + vocabulary index; the rest of `out` stays 0 (padding). */
export function encodeSequence<T extends Int32Array>(
  tokens: readonly string[],
  index: ReadonlyMap<string, number>,
  out: T,
): T;
