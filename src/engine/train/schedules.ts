// Learning-rate schedules: constant, step decay and cosine decay, each with an optional linear warm-up.

export type Schedule =
  | { kind: 'constant'; warmupSteps?: number }
  | { kind: 'step'; every: number; gamma: number; warmupSteps?: number }
  | { kind: 'cosine'; minLr?: number; warmupSteps?: number };

/** The learning rate at 0-based `step` of `totalSteps`, starting from `base`. */
export function learningRate(schedule: Schedule | undefined, base: number, step: number, totalSteps: number): number {
  const s = schedule ?? { kind: 'constant' };
  const warm = s.warmupSteps ?? 0;
  if (step < warm) return (base * (step + 1)) / warm;
  const t = step - warm;
  switch (s.kind) {
    case 'constant':
      return base;
    case 'step':
      return base * s.gamma ** Math.floor(t / Math.max(1, s.every));
    case 'cosine': {
      const span = Math.max(1, totalSteps - warm);
      const min = s.minLr ?? 0;
      return min + 0.5 * (base - min) * (1 + Math.cos((Math.PI * Math.min(t, span)) / span));
    }
    default:
      return s satisfies never;
  }
}
