// Reading text from a picture with PaddleOCR's three models (PP-OCR's "text system"): detect line boxes, turn
// upside-down lines with the direction classifier, recognise each line, and drop lines read with low confidence.
// The models are RunnableModels, so the same pipeline runs on our engine or on onnxruntime-web.
import type { HostTensor, RunnableModel } from '../model.ts';
import { boxesFromProbabilityMap, DETECT_DEFAULTS, type DetectOptions } from './boxes.ts';
import { ctcDecode, checkClassCount, type CharacterSet } from './ctc.ts';
import type { Quad } from './geometry.ts';
import { checkImage, cropText, resize, rotate180, writeChw, type RgbaImage } from './image.ts';

/** The three PP-OCR models and the recognizer's character set. The classifier is optional. */
export interface OcrModels {
  detector: RunnableModel;
  recognizer: RunnableModel;
  classifier: RunnableModel | null;
  characters: CharacterSet;
}

export interface OcrOptions extends DetectOptions {
  /** The detector sees the picture shrunk so its longer side is at most this (PaddleOCR: 960). */
  maxSide: number;
  /** Lines recognised per recognizer call (PaddleOCR: 6). */
  recBatch: number;
  /** Lines read with a mean character probability below this are dropped (PaddleOCR: 0.5). */
  dropScore: number;
  /** A line is turned half a turn when the classifier's "upside down" probability exceeds this (PaddleOCR: 0.9). */
  flipThreshold: number;
}

/**
 * PaddleOCR's settings, except a larger unclip ratio (2 instead of 1.5): in tight crops the PP-OCRv4 Chinese-English
 * recognizer often drops the spaces between English words (PaddleOCR issues 8185 and 11386, where the maintainers
 * suggest larger boxes). On our rendered test lines this takes character accuracy from about 90% to 97%.
 */
export const OCR_DEFAULTS: OcrOptions = {
  ...DETECT_DEFAULTS,
  unclipRatio: 2,
  maxSide: 960,
  recBatch: 6,
  dropScore: 0.5,
  flipThreshold: 0.9,
};

/** One line of text found in the picture. */
export interface TextLine {
  /** Corners in picture pixels: top-left, top-right, bottom-right, bottom-left. */
  quad: Quad;
  text: string;
  /** Mean probability of the recognised characters. */
  score: number;
  /** The detector's mean text probability inside the box. */
  boxScore: number;
  /** Whether the classifier found the line upside down (it was read turned). */
  flipped: boolean;
}

export interface OcrResult {
  width: number;
  height: number;
  lines: TextLine[];
  /** Milliseconds per stage, model calls and pre/post-processing included. */
  timings: { detect: number; classify: number; recognize: number };
}

export type OcrStage = 'detect' | 'classify' | 'recognize';

const REC_HEIGHT = 48;
const CLS_WIDTH = 192;
const IMAGENET_MEAN = [0.406, 0.456, 0.485]; // BGR order
const IMAGENET_STD = [0.225, 0.224, 0.229];
const HALF = [0.5, 0.5, 0.5];

/** The detector's input size: longer side at most `maxSide`, both sides rounded to multiples of 32 (at least 32). */
export function detectionSize(width: number, height: number, maxSide: number): { width: number; height: number } {
  const ratio = Math.max(width, height) > maxSide ? maxSide / Math.max(width, height) : 1;
  const round32 = (v: number) => Math.max(32, Math.round((v * ratio) / 32) * 32);
  return { width: round32(width), height: round32(height) };
}

/** Runs a one-input model and returns its first output. */
async function runOne(model: RunnableModel, x: HostTensor): Promise<HostTensor> {
  const input = model.signature.inputs[0]?.name ?? 'x';
  const out = await model.run({ [input]: x });
  const first = model.signature.outputs[0]?.name;
  const y = (first && out[first]) || Object.values(out)[0];
  if (!y || !(y.data instanceof Float32Array)) throw new Error('The OCR model returned no float32 output.');
  return y;
}

/** Crops resized to height 48 (width from their own aspect, at most `width`) in one zero-padded NCHW batch. */
function lineBatch(crops: RgbaImage[], width: number): HostTensor {
  const data = new Float32Array(crops.length * 3 * REC_HEIGHT * width);
  crops.forEach((c, i) => {
    const w = Math.min(width, Math.max(1, Math.ceil((REC_HEIGHT * c.width) / c.height)));
    writeChw(resize(c, w, REC_HEIGHT), data, i * 3 * REC_HEIGHT * width, width, HALF, HALF);
  });
  return { dtype: 'float32', shape: [crops.length, 3, REC_HEIGHT, width], data };
}

/** Detects, orients and reads every line of text in the picture. */
export async function readText(
  image: RgbaImage,
  models: OcrModels,
  options: Partial<OcrOptions> = {},
  onStage?: (stage: OcrStage, done: number, total: number) => void,
): Promise<OcrResult> {
  checkImage(image);
  const o = { ...OCR_DEFAULTS, ...options };
  const timings = { detect: 0, classify: 0, recognize: 0 };
  let t0 = performance.now();

  onStage?.('detect', 0, 1);
  const size = detectionSize(image.width, image.height, o.maxSide);
  const x = new Float32Array(3 * size.width * size.height);
  writeChw(resize(image, size.width, size.height), x, 0, size.width, IMAGENET_MEAN, IMAGENET_STD);
  const map = await runOne(models.detector, { dtype: 'float32', shape: [1, 3, size.height, size.width], data: x });
  const [mh, mw] = map.shape.slice(-2);
  const boxes = boxesFromProbabilityMap(map.data as Float32Array, mw, mh, image.width, image.height, o);
  onStage?.('detect', 1, 1);
  timings.detect = performance.now() - t0;

  t0 = performance.now();
  let crops = boxes.map((b) => cropText(image, b.quad));
  const flipped = crops.map(() => false);
  if (models.classifier && crops.length) {
    for (let i = 0; i < crops.length; i += o.recBatch) {
      const part = crops.slice(i, i + o.recBatch);
      const y = await runOne(models.classifier, lineBatch(part, CLS_WIDTH));
      const p = y.data as Float32Array;
      part.forEach((_, j) => (flipped[i + j] = p[j * 2 + 1] > p[j * 2] && p[j * 2 + 1] > o.flipThreshold));
      onStage?.('classify', Math.min(crops.length, i + o.recBatch), crops.length);
    }
    crops = crops.map((c, i) => (flipped[i] ? rotate180(c) : c));
  }
  timings.classify = performance.now() - t0;

  t0 = performance.now();
  // Lines of similar shape go together, so little of each batch is padding (PaddleOCR sorts by aspect ratio too).
  const order = crops
    .map((_, i) => i)
    .sort((a, b) => crops[a].width / crops[a].height - crops[b].width / crops[b].height);
  const read: { text: string; score: number }[] = new Array(crops.length);
  for (let i = 0; i < order.length; i += o.recBatch) {
    const idx = order.slice(i, i + o.recBatch);
    const ratio = Math.max(320 / REC_HEIGHT, ...idx.map((k) => crops[k].width / crops[k].height));
    const y = await runOne(
      models.recognizer,
      lineBatch(
        idx.map((k) => crops[k]),
        Math.ceil(REC_HEIGHT * ratio),
      ),
    );
    const [n, steps, classes] = y.shape;
    checkClassCount(models.characters, classes);
    ctcDecode(y.data as Float32Array, n, steps, models.characters).forEach(
      (d, j) => (read[idx[j]] = { text: d.text.trim(), score: d.score }),
    );
    onStage?.('recognize', Math.min(order.length, i + o.recBatch), order.length);
  }
  timings.recognize = performance.now() - t0;

  const lines = boxes
    .map((b, i) => ({ quad: b.quad, boxScore: b.score, flipped: flipped[i], ...read[i] }))
    .filter((l) => l.score >= o.dropScore && l.text !== '');
  return { width: image.width, height: image.height, lines, timings };
}
