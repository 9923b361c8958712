// `npm run train -- --preset <name> [options]` (USAGE below lists them)
// Runs the studio's own training worker in headless Chromium (WebGPU), prints progress and final metrics,
// and writes the checkpoint as .safetensors. Exit code 0 on success.
import { createServer } from 'vite';
import { chromium } from 'playwright';
import { writeFileSync } from 'node:fs';
import { chromiumArgs, chromiumPath } from './chromium.mjs';

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const key = a.slice(2);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) out[key] = 'true';
    else out[key] = argv[++i];
  }
  return out;
}

export const USAGE = `usage: npm run train -- --preset <id> [options]
  --epochs N  --batch B  --lr X  --seed S        the preset's defaults unless given
  --optimizer sgd|momentum|nesterov|adam|adamw
  --schedule constant|step|cosine  --warmup N    learning-rate schedule, linear warm-up over N steps
  --step-every N  --step-gamma G                 step schedule: multiply by G every N steps (default 1000, 0.5)
  --min-lr X                                     cosine schedule: final learning rate (default 0)
  --weight-decay X  --clip X                     weight decay; clip the gradient norm (0 = off)
  --val-split F  --patience N                    validation fraction (0-0.5, default 0.1); early stopping
  --limit N  --test-limit N                      train / test on the first N samples only
  --out FILE                                     where the checkpoint goes (default <preset>.safetensors)
  --format safetensors|onnx|tfjs|pytorch         the checkpoint's format (pytorch: a zipped torchrun project)
  --profile DIR                                  keep the browser profile (and its IndexedDB: datasets, runs,
                                                 checkpoints) in DIR, served from a fixed port (--port, 4317)
  --resume                                       with --profile: continue the newest unfinished run of this preset
                                                 and --epochs from its last checkpoint
  --time-limit S  --pause-at-step N              pause (checkpointed) after S seconds or at step N; exit code 3`;

/**
 * The worker's RunOptions from command-line style options (strings or numbers). Throws on a flag that is not a number.
 */
export function runOptions(opts) {
  const num = (flag) => {
    if (opts[flag] === undefined) return undefined;
    const v = Number(opts[flag]);
    if (!Number.isFinite(v)) throw new Error(`--${flag} needs a number (it is "${opts[flag]}").`);
    return v;
  };
  const kind = opts.schedule;
  for (const [flag, needs] of [
    ['step-every', 'step'],
    ['step-gamma', 'step'],
    ['min-lr', 'cosine'],
  ]) {
    if (opts[flag] !== undefined && kind !== needs)
      throw new Error(`--${flag} belongs to --schedule ${needs}; add that (or leave the flag out).`);
  }
  // --warmup on its own adds a warm-up to the preset's schedule (the worker merges it).
  const warmupSteps = num('warmup');
  const schedule =
    kind === undefined
      ? undefined
      : kind === 'step'
        ? { kind, every: num('step-every') ?? 1000, gamma: num('step-gamma') ?? 0.5, warmupSteps }
        : kind === 'cosine'
          ? { kind, minLr: num('min-lr'), warmupSteps }
          : { kind, warmupSteps };
  const o = {
    presetId: opts.preset,
    epochs: num('epochs'),
    limit: num('limit'),
    seed: num('seed'),
    batchSize: num('batch'),
    lr: num('lr'),
    testLimit: num('test-limit'),
    optimizer: opts.optimizer,
    schedule,
    warmupSteps: kind === undefined ? warmupSteps : undefined,
    weightDecay: num('weight-decay'),
    clipNorm: num('clip'),
    validationSplit: num('val-split'),
    patience: num('patience'),
  };
  return JSON.parse(JSON.stringify(o)); // drops the undefined ones
}

/** Trains one preset; resolves with the result object the page reports. */
export async function train(opts, { quiet = false } = {}) {
  const resume = opts.resume !== undefined && opts.resume !== 'false' && opts.resume !== false;
  const pausing = opts['time-limit'] !== undefined || opts['pause-at-step'] !== undefined;
  if ((resume || pausing) && !opts.profile) {
    throw new Error(
      `${resume ? '--resume needs' : '--time-limit and --pause-at-step need'} --profile DIR: a paused run can only continue from a browser profile that was kept.`,
    );
  }
  const params = new URLSearchParams({ options: JSON.stringify(runOptions(opts)) });
  if (resume) params.set('resume', '1');
  if (opts.format !== undefined) params.set('format', String(opts.format));
  if (opts['time-limit'] !== undefined) params.set('timeLimit', String(opts['time-limit']));
  if (opts['pause-at-step'] !== undefined) params.set('pauseAtStep', String(opts['pause-at-step']));
  // No file watching or HMR: a long run (acceptance takes an hour on a software adapter) must not be
  // restarted by a reload when someone edits the tree meanwhile. A kept profile needs a fixed origin:
  // IndexedDB belongs to scheme, host and port.
  const port = opts.profile ? Number(opts.port ?? 4317) : 0;
  const server = await createServer({
    logLevel: 'error',
    server: { port, strictPort: port !== 0, host: 'localhost', hmr: false, watch: null },
  });
  let context = null;
  try {
    await server.listen();
    const url = server.resolvedUrls.local[0];
    const launch = { executablePath: chromiumPath(), args: chromiumArgs, headless: true };
    context = opts.profile
      ? await chromium.launchPersistentContext(opts.profile, launch)
      : await (await chromium.launch(launch)).newContext();
    const page = context.pages()[0] ?? (await context.newPage());
    const parts = [];
    const epochs = [];
    let lastLine = 0;
    const result = await new Promise((resolve, reject) => {
      page.on('pageerror', (e) => reject(new Error(`page error: ${e.message}`)));
      page.on('console', (msg) => {
        const text = msg.text();
        if (!text.startsWith('studio:')) {
          if (msg.type() === 'error' && !quiet) console.error(`[page] ${text}`);
          return;
        }
        const { kind, data } = JSON.parse(text.slice(7));
        if (kind === 'error') reject(new Error(data.message));
        else if (kind === 'checkpoint') {
          parts.push(data.part);
          if (data.last) resolve({ ...result, checkpoint: Buffer.from(parts.join(''), 'base64') });
        } else if (kind === 'result') Object.assign(result, data);
        else if (kind === 'paused') resolve({ ...result, ...data, paused: true });
        else if (kind === 'run' && !quiet)
          console.log(
            `${data.resumed ? 'resuming' : 'new'} run ${data.id}: ${data.name}${data.resumed ? ` at step ${data.globalStep}` : ''}`,
          );
        else if (kind === 'event' && data.kind === 'epoch') epochs.push(data);
        if (kind === 'event' && !quiet) {
          const e = data;
          const now = Date.now();
          if (e.kind === 'step' && now - lastLine > 2000) {
            lastLine = now;
            console.log(
              `epoch ${e.epoch + 1} step ${e.step}/${e.stepsPerEpoch}  loss ${e.loss.toFixed(4)}  ${e.samplesPerSecond.toFixed(0)} samples/s`,
            );
          } else if (e.kind === 'epoch') {
            console.log(
              `epoch ${e.epoch + 1} done in ${e.seconds.toFixed(1)} s: train loss ${e.trainLoss.toFixed(4)}${e.trainAccuracy !== null ? `, accuracy ${(100 * e.trainAccuracy).toFixed(2)}%` : ''}${e.valLoss !== null ? `; validation loss ${e.valLoss.toFixed(4)}` : ''}${e.valAccuracy !== null ? `, accuracy ${(100 * e.valAccuracy).toFixed(2)}%` : ''}`,
            );
          } else if (e.kind === 'dataset' && e.stage !== 'download') console.log(`dataset ${e.id}: ${e.stage}`);
          else if (e.kind === 'error') console.error(e.message);
        }
      });
      const result = { epochs };
      page.goto(`${url}headless.html?${params}`).catch(reject);
    });
    return result;
  } finally {
    // Each step on its own, so a failing close cannot leave the server holding the fixed port.
    const browser = context?.browser();
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server.close().catch(() => {});
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = parseArgs(process.argv.slice(2));
  if (!args.preset) {
    console.error(USAGE);
    process.exit(2);
  }
  if (args.format !== undefined && !['safetensors', 'onnx', 'tfjs', 'pytorch'].includes(args.format)) {
    console.error(`--format must be safetensors, onnx, tfjs or pytorch (it is "${args.format}").\n${USAGE}`);
    process.exit(2);
  }
  try {
    const r = await train(args);
    if (r.paused) {
      console.log(
        `\npaused at step ${r.run.globalStep} of ${r.run.stepsPerEpoch * r.run.epochs} (checkpoint kept in ${args.profile}); run again with --resume --profile ${args.profile} to continue`,
      );
      process.exit(3);
    }
    const ev = r.evaluation;
    if (r.samples) console.log(`\nsamples: ${r.samples.join(', ')}`);
    console.log(
      `\n${args.preset}: test loss ${ev.loss.toFixed(4)}${ev.report ? `, test accuracy ${(100 * ev.report.accuracy).toFixed(2)}% (macro F1 ${ev.report.macro.f1.toFixed(3)})` : ''}${ev.perplexity ? `, perplexity ${ev.perplexity.toFixed(2)}` : ''} on ${ev.count} samples; ${r.seconds.toFixed(1)} s`,
    );
    const ext = { onnx: 'onnx', tfjs: 'tfjs.zip', pytorch: 'pytorch.zip' }[args.format] ?? 'safetensors';
    const out = args.out ?? `${args.preset}.${ext}`;
    writeFileSync(out, r.checkpoint);
    console.log(`checkpoint written to ${out} (${r.checkpoint.length} bytes)`);
  } catch (e) {
    console.error(`training failed: ${e.message}`);
    process.exit(1);
  }
}
