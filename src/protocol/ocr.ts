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

/** The model pack's manifest (scripts/build-models.mjs writes it beside the files). */
export interface OcrPackManifest {
  title: string;
  bytes: number;
  files: {
    role: 'detector' | 'recognizer' | 'classifier' | 'dictionary';
    file: string;
    bytes: number;
    sha256: string;
  }[];
}

/** Where the pack lives on the app's own origin, as the dataset packs do. */
export const ocrPackUrl = (base: string): string => `${base}models/ppocr/`;

/** The URL a model file is read from: its hash in the query, so the offline cache never serves an older file. */
export const modelFileUrl = (packUrl: string, file: string, sha256: string): string =>
  `${packUrl}${file}?v=${sha256.slice(0, 16)}`;
