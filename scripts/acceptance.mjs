// `npm run acceptance [-- --only id,id] [--epochs N] [--limit N] [--resume] [--time-limit S]`: trains each preset
// with the accuracy target of the training-system issue through the headless runner, prints a table (value,
// target, time) and writes
// bench-results/acceptance.json (merged: a preset's new row replaces its old one, the others stay). Exit code 1
// when a target is missed. Long: meant for a real GPU, not CI.
//
// --resume keeps each preset's browser profile in .acceptance/<preset>/ and continues its unfinished run there,
// so a run that takes longer than one sitting (hours on a software adapter) can be done in parts: with
// --time-limit S each run pauses at a checkpoint after S seconds. Times reported are the sum of the epochs.
//
// Every run trains on the whole training split (no validation hold-out: the targets are measured on the test
// split, and nothing here stops early) and is judged on the test split, as the textbook numbers are.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { train } from './train.mjs';
import { TARGETS, formatTable, judge, mergeRows } from './acceptance-targets.mjs';

export { TARGETS, judge, mergeRows, formatTable };

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++)
    if (argv[i].startsWith('--'))
      out[argv[i].slice(2)] = argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : 'true';
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = parseArgs(process.argv.slice(2));
  const only = args.only ? args.only.split(',') : null;
  const rows = [];
  let paused = false;
  for (const t of TARGETS.filter((x) => !only || only.includes(x.preset))) {
    const epochs = args.epochs ? Number(args.epochs) : t.epochs;
    const limit = args.limit ? Number(args.limit) : undefined;
    console.log(`\n== ${t.preset}: ${epochs} epochs${limit ? ` on ${limit} samples` : ''}`);
    try {
      // --time-limit implies --resume: a paused run must be kept to be continued.
      const kept = args.resume || args['time-limit'] ? { profile: `.acceptance/${t.preset}`, resume: 'true' } : {};
      const r = await train(
        { preset: t.preset, epochs, limit, seed: 1, 'val-split': 0, 'time-limit': args['time-limit'], ...kept },
        { quiet: !args.verbose },
      );
      if (r.paused) {
        console.log(
          `${t.preset}: paused at step ${r.run.globalStep} of ${r.run.stepsPerEpoch * r.run.epochs}; run \`npm run acceptance -- --only ${t.preset} --resume\` to continue`,
        );
        paused = true;
        continue;
      }
      r.seconds = r.trainSeconds !== undefined && r.resumed ? r.trainSeconds : r.seconds;
      rows.push({
        ...t,
        epochs,
        limit,
        ...judge(t, r.evaluation),
        seconds: r.seconds,
        count: r.evaluation.count,
        date: new Date().toISOString(),
        ...(r.samples ? { samples: r.samples } : {}),
      });
      if (r.samples) console.log(`samples: ${r.samples.join(', ')}`);
      console.log(formatTable(rows.slice(-1)));
    } catch (e) {
      console.error(`${t.preset}: training failed: ${e.message}`);
      rows.push({ ...t, epochs, limit, value: NaN, pass: false, seconds: 0 });
    }
  }
  console.log(`\n${formatTable(rows)}`);
  mkdirSync('bench-results', { recursive: true });
  const file = 'bench-results/acceptance.json';
  const earlier = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')).rows ?? []).map((r) => ({ date: null, ...r }))
    : [];
  writeFileSync(file, JSON.stringify({ rows: mergeRows(earlier, rows) }, null, 2));
  process.exit(!rows.every((r) => r.pass) ? 1 : paused ? 3 : 0);
}
