// State of the Storage view's downloads: a stored dataset zipped in the worker (with progress) and a run's
// checkpoint as .safetensors, ONNX or a TF.js layers model (encoded in the worker), each handed over as a file.
import type { ExportFormat } from '../protocol/training.ts';
import type { DatasetsClient } from './clients/datasets-client.ts';
import type { TrainingClient } from './clients/training-client.ts';
import { friendlyError } from './errors.ts';

export class ExportState {
  /** The dataset export in progress (images are encoded one by one), or null. */
  datasetExport = $state<{ id: string; done: number; total: number } | null>(null);
  /** The last finished export, said in words. */
  datasetExportNotice = $state<string | null>(null);

  constructor(
    /** Checkpoints come from the training worker, dataset zips from the datasets worker. */
    private readonly clients: {
      training: Pick<TrainingClient, 'exportCheckpoint'>;
      datasets: Pick<DatasetsClient, 'exportDataset'>;
    },
    private readonly onError: (message: string) => void,
  ) {}

  /** Zips a stored dataset in the worker and offers the file as a download. */
  async exportDataset(id: string): Promise<void> {
    this.datasetExport = { id, done: 0, total: 0 };
    this.datasetExportNotice = null;
    try {
      const out = await this.clients.datasets.exportDataset(id, (p) => (this.datasetExport = { id, ...p }));
      download(out.bytes, out.fileName, 'application/zip');
      const what =
        out.layout === 'images'
          ? 'PNG images in one folder per class'
          : out.layout === 'csv'
            ? 'CSV tables'
            : 'text files';
      this.datasetExportNotice = `Exported ${out.fileName}: ${what} and dataset.json (${out.files.toLocaleString('en-US')} files).`;
    } catch (err) {
      this.onError(friendlyError(err));
    } finally {
      this.datasetExport = null;
    }
  }

  /** The last checkpoint export, said in words (the file's name and step). */
  runExportNotice = $state<string | null>(null);

  /** The run and format being exported, or null (the model is encoded in the worker). */
  runExport = $state<{ id: string; format: ExportFormat } | null>(null);

  /**
   * Offers a run's latest checkpoint as a download in `format`, named after the model, the run and the step. A model
   * the format cannot express gets the worker's sentence naming the layer.
   */
  async exportRun(id: string, format: ExportFormat = 'safetensors'): Promise<void> {
    this.runExportNotice = null;
    this.runExport = { id, format };
    try {
      const out = await this.clients.training.exportCheckpoint(id, format);
      download(out.bytes, out.fileName, out.mime);
      this.runExportNotice = `Exported ${out.fileName}: the weights at step ${out.step.toLocaleString('en-US')}, ${WHAT[format]}`;
    } catch (err) {
      this.onError(friendlyError(err));
    } finally {
      this.runExport = null;
    }
  }
}

/** What each export holds, after "the weights at step N, ". */
const WHAT: Record<ExportFormat, string> = {
  safetensors: "in the studio's own tensor names and layout, with the model spec in its metadata.",
  onnx: 'as an ONNX model (opset 17) for onnxruntime and other ONNX tools; image inputs stay NHWC (channels last), and the class names are in its metadata.',
  tfjs: 'as a TensorFlow.js layers model: unzip it and load model.json with tf.loadLayersModel (weights.bin beside it).',
  pytorch:
    'as a PyTorch project with the dataset: unzip it and run `python train.py`, or `torchrun --nproc_per_node=N train.py` (see its README).',
};

/** Offers bytes as a file download (a temporary object URL, nothing leaves the machine). */
export function download(bytes: Uint8Array, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
