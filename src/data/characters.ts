// Character tokenisation of a character-level dataset (the names set): its own vocabulary maps letters to ids, so
// the page never needs to know that "a" is 1.

/**
 * Token ids of `text` for a model that reads `length` tokens: id 0 (the vocabulary's start and end marker) first,
 * then each character found in `vocabulary` (matched as typed, else lower-cased; others are left out), padded with
 * 0. `used` counts the characters that fit.
 */
export function encodeCharacters(
  text: string,
  vocabulary: readonly string[],
  length: number,
): { tokens: Int32Array; used: number } {
  const index = new Map(vocabulary.map((c, i) => [c, i]));
  const tokens = new Int32Array(length);
  let at = 1;
  for (const ch of text) {
    if (at >= length) break;
    const id = index.get(ch) ?? index.get(ch.toLowerCase());
    if (id === undefined || id === 0) continue;
    tokens[at++] = id;
  }
  return { tokens, used: at - 1 };
}
