// Text typed in the playground, scored by a word-level text classifier (the SpamAssassin presets, or any run on
// a classification pack with a word vocabulary): the text is tokenised and encoded exactly as the pack was
// (src/data/words.mjs), then the run's model gives class probabilities.
import type { ModelSpec, Trainer } from '../engine/index.ts';
import type { PackHeader } from './pack.ts';
import { encodeBagOfWords, encodeSequence, words } from './words.mjs';

/** Class probabilities for typed text, from a word-level text classifier (the SpamAssassin presets). */
export interface TextPrediction {
  /** One probability per class, or null when none of the words is in the model's vocabulary. */
  probabilities: number[] | null;
  classNames: string[];
  /** Words found in the text (runs of 2–20 letters). */
  words: number;
  /** The distinct vocabulary words the model saw, in order of first use. */
  known: string[];
  /** A sequence model reads only its first N known words; true when there were more. */
  truncated: boolean;
  encoding: 'bagOfWords' | 'sequence';
  vocabularySize: number;
}

/** How a model reads text: one 0/1 slot per vocabulary word, or a fixed-length list of word ids (0 = padding). */
export type TextEncoding = {
  kind: 'bagOfWords' | 'sequence';
  vocabulary: string[];
  classNames: string[];
  length: number;
};

/** Typed text longer than this is cut (a bag of words or 64 word ids need far less). */
export const MAX_TEXT = 20_000;

/** The text encoding a run's model expects, or an error that says why this run cannot read typed text. */
export function textEncoding(spec: ModelSpec, header: PackHeader | null): TextEncoding {
  const vocabulary = header?.vocabulary;
  const classNames = header?.classNames;
  const notText =
    'This run does not classify text: type-to-classify needs a model trained on a word-level text dataset such as the SpamAssassin e-mails.';
  if (!header || !vocabulary?.length || !classNames?.length || header.yShape.length !== 0 || header.encoding)
    throw new Error(notText);
  const [n] = spec.input.shape;
  if (spec.input.shape.length !== 1) throw new Error(notText);
  if (spec.input.dtype === 'i32') return { kind: 'sequence', vocabulary, classNames, length: n };
  if (n === vocabulary.length) return { kind: 'bagOfWords', vocabulary, classNames, length: n };
  throw new Error(notText);
}

/** Encodes text as the pack encoded each e-mail; `known` lists the distinct vocabulary words it used, in order. */
export function encodeText(
  text: string,
  enc: TextEncoding,
): { input: Float32Array | Int32Array; count: number; known: string[]; truncated: boolean } {
  const tokens = words(text.slice(0, MAX_TEXT));
  const index = new Map(enc.vocabulary.map((w, i) => [w, i]));
  const input =
    enc.kind === 'bagOfWords'
      ? encodeBagOfWords(tokens, index, new Float32Array(enc.length))
      : encodeSequence(tokens, index, new Int32Array(enc.length));
  const inVocab = tokens.filter((w) => index.has(w));
  const used = enc.kind === 'sequence' ? inVocab.slice(0, enc.length) : inVocab;
  return {
    input,
    count: tokens.length,
    known: [...new Set(used)],
    truncated: enc.kind === 'sequence' && inVocab.length > enc.length,
  };
}

/** Class probabilities of the run's model for typed text; none when no word of it is in the vocabulary. */
export async function classifyText(
  trainer: Trainer,
  spec: ModelSpec,
  header: PackHeader | null,
  text: string,
): Promise<TextPrediction> {
  const enc = textEncoding(spec, header);
  const { input, count, known, truncated } = encodeText(text, enc);
  const probabilities = known.length ? Array.from(await trainer.predict(input, 1)) : null;
  return {
    probabilities,
    classNames: enc.classNames,
    words: count,
    known,
    truncated,
    encoding: enc.kind,
    vocabularySize: enc.vocabulary.length,
  };
}
