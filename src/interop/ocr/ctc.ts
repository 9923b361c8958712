// The recognizer's output read as text: CTC greedy decoding (Graves et al., 2006) over PaddleOCR's character
// dictionary, where class 0 is the CTC blank, class i is dictionary line i − 1, and the last class is a space.

/** The classes of a recognizer, in output order: the blank (as ''), the dictionary's characters, then ' '. */
export interface CharacterSet {
  classes: string[];
}

/** Reads a PaddleOCR dictionary file (one character per line) into the recognizer's class list. */
export function parseDictionary(text: string): CharacterSet {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) throw new Error('The character dictionary is empty; it should list one character per line.');
  return { classes: ['', ...lines, ' '] };
}

/** Checks that a recognizer's class count matches the dictionary, naming both numbers when they differ. */
export function checkClassCount(set: CharacterSet, classes: number): void {
  if (classes !== set.classes.length)
    throw new Error(
      `The recognizer scores ${classes} classes but the dictionary gives ${set.classes.length} (blank + ${set.classes.length - 2} characters + space); they must come from the same model.`,
    );
}

/** One decoded line: its text and the mean probability of the characters kept. */
export interface DecodedLine {
  text: string;
  score: number;
}

/**
 * Greedy CTC decoding of `probs` ([batch, steps, classes], row-major): the most likely class per step, repeats
 * merged, blanks dropped. A line with no characters scores 0.
 */
export function ctcDecode(probs: Float32Array, batch: number, steps: number, set: CharacterSet): DecodedLine[] {
  const classes = set.classes.length;
  if (probs.length !== batch * steps * classes)
    throw new Error(
      `The recognizer output has ${probs.length} values; [${batch}, ${steps}, ${classes}] needs ${batch * steps * classes}.`,
    );
  const out: DecodedLine[] = [];
  for (let b = 0; b < batch; b++) {
    let text = '';
    let sum = 0;
    let kept = 0;
    let prev = -1;
    for (let t = 0; t < steps; t++) {
      const row = (b * steps + t) * classes;
      let best = 0;
      let bestP = probs[row];
      for (let k = 1; k < classes; k++)
        if (probs[row + k] > bestP) {
          bestP = probs[row + k];
          best = k;
        }
      if (best !== 0 && best !== prev) {
        text += set.classes[best];
        sum += bestP;
        kept++;
      }
      prev = best;
    }
    out.push({ text, score: kept ? sum / kept : 0 });
  }
  return out;
}
