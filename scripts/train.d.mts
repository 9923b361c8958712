// Types of scripts/train.mjs for TypeScript callers (tests).
export interface TrainResult {
  evaluation: {
    loss: number;
    count: number;
    perplexity: number | null;
    report: { accuracy: number; macro: { f1: number } } | null;
  };
  seconds: number;
  checkpoint: Buffer;
  /** Set when the run paused (--time-limit, --pause-at-step) instead of finishing; no evaluation then. */
  paused?: boolean;
  run: { id: string; status: string; globalStep: number; stepsPerEpoch: number; epochs: number };
  /** Whether an earlier unfinished run was continued (--resume). */
  resumed?: boolean;
  /** Seconds of training over every session of the run (the sum of its epochs' times). */
  trainSeconds?: number;
  /** Character models: 12 generated samples (temperature 1, seed 1); null otherwise. */
  samples?: string[] | null;
  /** The run's epoch events, in order (from every session when resumed). */
  epochs: {
    epoch: number;
    trainLoss: number;
    trainAccuracy: number | null;
    valLoss: number | null;
    valAccuracy: number | null;
    seconds: number;
  }[];
}
export const USAGE: string;
/** The worker's RunOptions from command-line style options; options not given are left out. */
export function runOptions(opts: Record<string, string | number | undefined>): Record<string, unknown>;
export function train(opts: Record<string, string | number | undefined>, o?: { quiet?: boolean }): Promise<TrainResult>;
