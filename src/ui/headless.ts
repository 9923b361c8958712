// The page behind `npm run train`: runs one preset through the same trainer worker as the studio and reports
// progress and results through console lines ("studio:" + JSON) that scripts/train.mjs reads.
import { TrainerClient } from './clients/trainer-client.ts';
import type { RunOptions } from '../protocol/trainer.ts';

const q = new URLSearchParams(location.search);
const say = (kind: string, data: unknown) => console.log(`studio:${JSON.stringify({ kind, data })}`);

async function main() {
  const client = new TrainerClient();
  // scripts/train.mjs passes the RunOptions as JSON (see runOptions there); the worker checks every value.
  const options: RunOptions = { presetId: 'mnist-mlp', ...(JSON.parse(q.get('options') ?? '{}') as RunOptions) };
  const started = performance.now();
  const run = await client.createRun(options, (e) => say('event', e));
  say('run', run);
  const done = await client.start(run.id, (e) => say('event', e));
  const evaluation = await client.evaluate(run.id);
  const checkpoint = await client.exportCheckpoint(run.id);
  say('result', { run: done, evaluation, seconds: (performance.now() - started) / 1000 });
  // Hand the checkpoint to the runner in base64 chunks (console lines have a size limit).
  let binary = '';
  for (let i = 0; i < checkpoint.length; i += 0x8000) binary += String.fromCharCode(...checkpoint.subarray(i, i + 0x8000));
  const b64 = btoa(binary);
  for (let i = 0; i < b64.length; i += 1 << 20) say('checkpoint', { part: b64.slice(i, i + (1 << 20)), last: i + (1 << 20) >= b64.length });
  if (b64.length === 0) say('checkpoint', { part: '', last: true });
}

main().catch((e: unknown) => say('error', { message: (e as Error).message ?? String(e) }));
