// The studio's workers, one client each: training, inference and inspection, datasets, read-text, imported models.
// The state classes reach workers only through these.
import { DatasetsClient } from './datasets-client.ts';
import { InferenceClient } from './inference-client.ts';
import { ModelsClient } from './models-client.ts';
import { OcrClient } from './ocr-client.ts';
import { TrainingClient } from './training-client.ts';

export class StudioClients {
  readonly training = new TrainingClient();
  readonly inference = new InferenceClient();
  readonly datasets = new DatasetsClient();
  /** Started on first use: only the Read text view needs it. */
  private ocrClient: OcrClient | null = null;
  get ocr(): OcrClient {
    return (this.ocrClient ??= new OcrClient());
  }
  /** Imported models (it starts its worker on first use). */
  readonly models = new ModelsClient();

  dispose(): void {
    this.training.dispose();
    this.inference.dispose();
    this.datasets.dispose();
    this.ocrClient?.dispose();
    this.models.dispose();
  }
}
