// Types of scripts/train.mjs for TypeScript callers (tests).
export interface TrainResult {
  evaluation: { loss: number; count: number; perplexity: number | null; report: { accuracy: number; macro: { f1: number } } | null };
  seconds: number;
  checkpoint: Buffer;
}
export function train(opts: Record<string, string | number | undefined>, o?: { quiet?: boolean }): Promise<TrainResult>;
