// State of the Compare tab: the two to four runs chosen (all on one dataset, judged by one metric), their stored
// details and curves, and their test-set evaluations (for the confusion matrices side by side).
import type { EvalResult } from '../protocol/inference.ts';
import type { RunDetails, RunInfo } from '../protocol/training.ts';
import type { InferenceClient } from './clients/inference-client.ts';
import type { TrainingClient } from './clients/training-client.ts';
import { MAX_COMPARED, offeredRuns, runMetric, type ComparableRun } from './compare-runs.ts';
import { CurveStore } from './curve-store.ts';
import type { PageAlert } from './page-alert.svelte.ts';

/** One chosen run with what the tab shows of it. */
export interface ComparedRun {
  info: RunInfo;
  details: RunDetails;
  curves: CurveStore;
}

/** Colours of the compared runs' lines, in the order they were chosen (told apart in both themes). */
export const RUN_COLORS = ['#0969da', '#cf222e', '#1a7f37', '#8250df'] as const;

export class CompareState {
  chosen = $state.raw<ComparedRun[]>([]);
  /** Test-set evaluations by run id (classification runs, after "Evaluate"). */
  evaluations = $state.raw<Record<string, EvalResult>>({});
  evaluating = $state(false);

  constructor(
    private readonly training: Pick<TrainingClient, 'runDetails'>,
    private readonly inference: Pick<InferenceClient, 'evaluate'>,
    private readonly alert: PageAlert,
  ) {}

  /** The runs as the compatibility check sees them (a chosen run's loss is known from its details). */
  comparable(runs: readonly RunInfo[]): ComparableRun[] {
    return runs.map((r) => ({
      id: r.id,
      name: r.name,
      datasetId: r.datasetId,
      loss: this.chosen.find((c) => c.info.id === r.id)?.details.config.loss ?? null,
    }));
  }

  /** Runs that may be added now, and those that may not with the reason. */
  offer(runs: readonly RunInfo[]) {
    return offeredRuns(
      this.comparable(runs),
      this.chosen.map((c) => c.info.id),
    );
  }

  /** The metric of the comparison (that of the first chosen run), or null with none chosen. */
  get metric(): 'accuracy' | 'loss' | null {
    const first = this.chosen[0];
    return first ? runMetric(first.details.config.loss) : null;
  }

  /** Adds a run (refused, with a sentence, when it cannot be compared with those chosen). */
  async add(info: RunInfo, all: readonly RunInfo[]): Promise<void> {
    if (this.chosen.some((c) => c.info.id === info.id)) return;
    if (this.chosen.length >= MAX_COMPARED) {
      this.alert.show(`At most ${MAX_COMPARED} runs are compared at once: remove one first.`);
      return;
    }
    try {
      const details = await this.training.runDetails(info.id);
      const refused = this.offer(all).refused.find((r) => r.run.id === info.id);
      const first = this.chosen[0];
      if (refused || (first && runMetric(first.details.config.loss) !== runMetric(details.config.loss))) {
        this.alert.show(
          `“${info.name}” cannot be compared with “${first?.info.name}”: ${refused?.why ?? 'another metric'}.`,
        );
        return;
      }
      this.chosen = [...this.chosen, { info, details, curves: CurveStore.from(details.history) }];
    } catch (err) {
      this.alert.report(err);
    }
  }

  remove(id: string): void {
    this.chosen = this.chosen.filter((c) => c.info.id !== id);
    const { [id]: _, ...rest } = this.evaluations;
    this.evaluations = rest;
  }

  /** Forgets runs deleted elsewhere (the Train or Storage tab). */
  sync(all: readonly RunInfo[]): void {
    for (const c of this.chosen) if (!all.some((r) => r.id === c.info.id)) this.remove(c.info.id);
  }

  /** Evaluates each chosen run that has a checkpoint on its test set, one after another (one inference worker). */
  async evaluateAll(): Promise<void> {
    if (this.evaluating) return;
    this.evaluating = true;
    try {
      for (const c of this.chosen) {
        if (c.details.checkpointStep === null || this.evaluations[c.info.id]) continue;
        const result = await this.inference.evaluate(c.info.id);
        this.evaluations = { ...this.evaluations, [c.info.id]: result };
      }
    } catch (err) {
      this.alert.report(err);
    } finally {
      this.evaluating = false;
    }
  }
}
