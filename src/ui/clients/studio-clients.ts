// The studio's three workers, one client each: training, inference and inspection, datasets. The state classes
// reach workers only through these.
import { DatasetsClient } from './datasets-client.ts';
import { InferenceClient } from './inference-client.ts';
import { TrainingClient } from './training-client.ts';

export class StudioClients {
  readonly training = new TrainingClient();
  readonly inference = new InferenceClient();
  readonly datasets = new DatasetsClient();

  dispose(): void {
    this.training.dispose();
    this.inference.dispose();
    this.datasets.dispose();
  }
}
