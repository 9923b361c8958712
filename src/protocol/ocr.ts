// The typed API of the read-text worker: PaddleOCR's detector, direction classifier and recognizer, shipped with the
// app (public/models/ppocr), run on pictures the person drops; one call per picture, with stage events.
import type { ModelEngine } from '../interop/model.ts';
import type { OcrStage, TextLine } from '../interop/ocr/pipeline.ts';

export type { ModelEngine, OcrStage, TextLine };

/** Progress: the model files being read (bytes), then each stage of one picture. */
export type OcrEvent =
  { kind: 'loading'; loaded: number; total: number } | { kind: 'stage'; stage: OcrStage; done: number; total: number };

/** What the worker found in one picture. */
export interface OcrPictureResult {
  width: number;
  height: number;
  lines: TextLine[];
  /** Milliseconds per stage, and in all (decoding included). */
  timings: { detect: number; classify: number; recognize: number; total: number };
}

/** The models as loaded: which engine runs them, and the pack's size. */
export interface OcrModelInfo {
  engine: ModelEngine;
  bytes: number;
  title: string;
}

export interface OcrApi {
  /** Reads the model pack from the app's own origin and compiles it (once per worker). */
  prepare(onEvent: (e: OcrEvent) => void): Promise<OcrModelInfo>;
  /** Decodes a picture (PNG, JPEG, WebP, GIF, BMP) and reads every line of text in it. */
  readPicture(picture: Blob, name: string, onEvent: (e: OcrEvent) => void): Promise<OcrPictureResult>;
}
