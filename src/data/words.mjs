// The word tokeniser of the SpamAssassin packs, in plain JavaScript so that scripts/build-datasets.mjs (which
// encodes the corpus under Node) and the inference worker (which encodes text typed in the playground) share it.

/**
 * Lower-cased runs of 2 to 20 ASCII letters (a longer run is cut into pieces of 20); everything else separates words.
 */
export function words(text) {
  return text.toLowerCase().match(/[a-z]{2,20}/g) ?? [];
}

/** The text of a raw e-mail that the packs encode: the Subject line, then the body after the first blank line. */
export function messageText(raw) {
  const body = raw.slice(Math.max(0, raw.indexOf('\n\n')));
  const subject = /^Subject:(.*)$/im.exec(raw)?.[1] ?? '';
  return `${subject} ${body}`;
}

/** Marks the known words of `tokens` with 1 in `out` (one slot per vocabulary word); unknown words are skipped. */
export function encodeBagOfWords(tokens, index, out = new Uint8Array(index.size)) {
  for (const w of tokens) {
    const k = index.get(w);
    if (k !== undefined) out[k] = 1;
  }
  return out;
}

/** The first `out.length` known words of `tokens` as ids 1 + vocabulary index; the rest of `out` stays 0 (padding). */
export function encodeSequence(tokens, index, out) {
  let t = 0;
  for (const w of tokens) {
    if (t >= out.length) break;
    const k = index.get(w);
    if (k !== undefined) out[t++] = k + 1;
  }
  return out;
}
