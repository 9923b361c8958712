// Types of scripts/train.mjs for TypeScript callers (tests).
export interface TrainResult {
  evaluation: { loss: number; count: number; perplexity: number | null; report: { accuracy: number; macro: { f1: number } } | null };
  seconds: number;
  checkpoint: Buffer;
  /** The epoch events, in order. */
  epochs: { epoch: number; trainLoss: number; trainAccuracy: number | null; valLoss: number | null; valAccuracy: number | null; seconds: number }[];
}
export const USAGE: string;
/** The worker's RunOptions from command-line style options; options not given are left out. */
export function runOptions(opts: Record<string, string | number | undefined>): Record<string, unknown>;
export function train(opts: Record<string, string | number | undefined>, o?: { quiet?: boolean }): Promise<TrainResult>;
