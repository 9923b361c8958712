// The page behind `npm run train`: runs one preset through the same training worker as the studio and reports
// progress and results through console lines ("studio:" + JSON) that scripts/train.mjs reads.
//
// URL parameters: `options` (RunOptions as JSON; the worker checks every value), `resume=1` (continue the newest
// unfinished run of the same preset and epochs from its last checkpoint instead of creating one; the runner keeps
// the browser profile so IndexedDB survives), and `timeLimit` (seconds) or `pauseAtStep` (global step) to pause
// and checkpoint a long run so that a later `resume` continues it.
import { StudioClients } from './clients/studio-clients.ts';
import type { ExportFormat, RunInfo, RunOptions } from '../protocol/training.ts';
import { canContinue, isCharacterModel } from '../protocol/training.ts';
import type { TrainEvent } from '../engine/index.ts';

const q = new URLSearchParams(location.search);
const say = (kind: string, data: unknown) => console.log(`studio:${JSON.stringify({ kind, data })}`);

/**
 * The newest run of this preset, length and training subset that can still be continued. It keeps its own
 * settings: other options given with `resume` apply only when a new run has to be created.
 */
async function unfinished(client: StudioClients['training'], o: RunOptions): Promise<RunInfo | undefined> {
  for (const r of await client.listRuns()) {
    if (r.presetId !== o.presetId || (o.epochs !== undefined && r.epochs !== o.epochs) || !canContinue(r.status))
      continue;
    if ((await client.runDetails(r.id)).limit === (o.limit || null)) return r;
  }
  return undefined;
}

async function main() {
  const clients = new StudioClients();
  const client = clients.training;
  const options: RunOptions = { presetId: 'mnist-mlp', ...(JSON.parse(q.get('options') ?? '{}') as RunOptions) };
  const started = performance.now();
  const earlier = q.get('resume') === '1' ? await unfinished(client, options) : undefined;
  const run = earlier ?? (await client.createRun(options, (e) => say('event', e)));
  say('run', { ...run, resumed: earlier !== undefined });

  const pauseAtStep = Number(q.get('pauseAtStep') ?? 0);
  const timeLimit = Number(q.get('timeLimit') ?? 0);
  let pausing = false;
  const pause = () => {
    if (!pausing) void client.pause();
    pausing = true;
  };
  if (timeLimit > 0) setTimeout(pause, timeLimit * 1000);
  const done = await client.start(run.id, (e) => {
    say('event', e);
    if (e.kind === 'step' && pauseAtStep > 0 && e.globalStep >= pauseAtStep) pause();
  });
  const details = await client.runDetails(run.id);
  const epochs = details.history.filter((e): e is Extract<TrainEvent, { kind: 'epoch' }> => e.kind === 'epoch');
  // Training time over every session of the run: the sum of its epochs' times (an epoch split by a pause
  // counts from its resumption, so the time before the pause is left out).
  const trainSeconds = epochs.reduce((s, e) => s + e.seconds, 0);
  // Anything but an ending is a pause, including one that came while the run was still loading ('created').
  if (!['finished', 'stopped', 'failed'].includes(done.status)) {
    say('paused', { run: done, epochs, seconds: (performance.now() - started) / 1000 });
    return;
  }
  const evaluation = await clients.inference.evaluate(run.id);
  // Character models: a few samples at temperature 1, to judge whether they look like names.
  const characters = isCharacterModel(details.spec.input.dtype, details.vocabulary);
  const samples = characters ? await clients.inference.generate(run.id, { count: 12, temperature: 1, seed: 1 }) : null;
  const format = (q.get('format') ?? 'safetensors') as ExportFormat;
  if (!['safetensors', 'onnx', 'tfjs', 'pytorch'].includes(format))
    throw new Error(`--format must be safetensors, onnx, tfjs or pytorch (it is "${format}").`);
  const checkpoint = (await client.exportCheckpoint(run.id, format)).bytes;
  say('result', {
    run: done,
    evaluation,
    samples,
    seconds: (performance.now() - started) / 1000,
    trainSeconds,
    epochs,
    resumed: earlier !== undefined,
  });
  // Hand the checkpoint to the runner in base64 chunks (console lines have a size limit).
  let binary = '';
  for (let i = 0; i < checkpoint.length; i += 0x8000)
    binary += String.fromCharCode(...checkpoint.subarray(i, i + 0x8000));
  const b64 = btoa(binary);
  for (let i = 0; i < b64.length; i += 1 << 20)
    say('checkpoint', { part: b64.slice(i, i + (1 << 20)), last: i + (1 << 20) >= b64.length });
  if (b64.length === 0) say('checkpoint', { part: '', last: true });
}

main().catch((e: unknown) => say('error', { message: (e as Error).message ?? String(e) }));
