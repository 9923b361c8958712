// `npm run train -- --preset <name> [--epochs N] [--limit N] [--seed S] [--batch B] [--lr X] [--test-limit N] [--out file]`
// Runs the studio's own trainer worker in headless Chromium (WebGPU), prints progress and final metrics,
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

/** Trains one preset; resolves with the result object the page reports. */
export async function train(opts, { quiet = false } = {}) {
  // No file watching or HMR: a long run (acceptance takes an hour on a software adapter) must not be
  // restarted by a reload when someone edits the tree meanwhile.
  const server = await createServer({ logLevel: 'error', server: { port: 0, host: 'localhost', hmr: false, watch: null } });
  await server.listen();
  const url = server.resolvedUrls.local[0];
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
  const page = await browser.newPage();
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ preset: opts.preset, epochs: opts.epochs, limit: opts.limit, seed: opts.seed, batch: opts.batch, lr: opts.lr, testLimit: opts['test-limit'] })) if (v !== undefined) params.set(k, String(v));
  const parts = [];
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
      else if (kind === 'run' && !quiet) console.log(`run ${data.id}: ${data.name}`);
      else if (kind === 'event' && !quiet) {
        const e = data;
        const now = Date.now();
        if (e.kind === 'step' && now - lastLine > 2000) {
          lastLine = now;
          console.log(`epoch ${e.epoch + 1} step ${e.step}/${e.stepsPerEpoch}  loss ${e.loss.toFixed(4)}  ${e.samplesPerSecond.toFixed(0)} samples/s`);
        } else if (e.kind === 'epoch') {
          console.log(`epoch ${e.epoch + 1} done in ${e.seconds.toFixed(1)} s: train loss ${e.trainLoss.toFixed(4)}${e.trainAccuracy !== null ? `, accuracy ${(100 * e.trainAccuracy).toFixed(2)}%` : ''}${e.valLoss !== null ? `; validation loss ${e.valLoss.toFixed(4)}` : ''}${e.valAccuracy !== null ? `, accuracy ${(100 * e.valAccuracy).toFixed(2)}%` : ''}`);
        } else if (e.kind === 'dataset' && e.stage !== 'download') console.log(`dataset ${e.id}: ${e.stage}`);
        else if (e.kind === 'error') console.error(e.message);
      }
    });
    const result = {};
    page.goto(`${url}headless.html?${params}`).catch(reject);
  }).finally(async () => {
    await browser.close();
    await server.close();
  });
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = parseArgs(process.argv.slice(2));
  if (!args.preset) {
    console.error('usage: npm run train -- --preset <id> [--epochs N] [--limit N] [--seed S] [--batch B] [--lr X] [--test-limit N] [--out file.safetensors]');
    process.exit(2);
  }
  try {
    const r = await train(args);
    const ev = r.evaluation;
    console.log(`\n${args.preset}: test loss ${ev.loss.toFixed(4)}${ev.report ? `, test accuracy ${(100 * ev.report.accuracy).toFixed(2)}% (macro F1 ${ev.report.macro.f1.toFixed(3)})` : ''}${ev.perplexity ? `, perplexity ${ev.perplexity.toFixed(2)}` : ''} on ${ev.count} samples; ${r.seconds.toFixed(1)} s`);
    const out = args.out ?? `${args.preset}.safetensors`;
    writeFileSync(out, r.checkpoint);
    console.log(`checkpoint written to ${out} (${r.checkpoint.length} bytes)`);
  } catch (e) {
    console.error(`training failed: ${e.message}`);
    process.exit(1);
  }
}
