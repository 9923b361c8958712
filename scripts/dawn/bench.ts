// `node .dawn/bench.mjs [--dawn FLAG] [bench options]` (after `npm run dawn:build`): the benchmark of
// `npm run bench` in Node on Dawn instead of headless Chromium, for a GPU machine with no browser. Same plan,
// same runners and the same tables; ORT-web is left out unless --systems names it (it needs its wasm files).
import { benchCli, progressLine } from '../bench/cli.mjs';
import { runBench } from '../bench/run.ts';
import { dawnFlags, installDawn } from './gpu.ts';

const { flags, rest } = dawnFlags(process.argv.slice(2));
installDawn(flags);
const argv = rest.some((a) => a === '--systems' || a.startsWith('--systems='))
  ? rest
  : [...rest, '--systems', 'ours,tfjs'];
await benchCli('node .dawn/bench.mjs', argv, (plan) =>
  runBench(plan, (kind, data) => console.log(progressLine(kind, data)), navigator.userAgent),
);
// Dawn keeps Node's event loop alive; leave once the results are written.
process.exit(process.exitCode ?? 0);
