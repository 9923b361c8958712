// WebGPU in Node through Dawn, Chromium's own WebGPU implementation (the `webgpu` npm package): installed as
// navigator.gpu, so the engine, TF.js and the benchmark find it as they would in a browser. For GPU machines
// without a browser; the studio itself always runs in one.
import { create, globals } from 'webgpu';

/** Installs Dawn's GPU as navigator.gpu; `flags` are Dawn's (e.g. `backend=vulkan`, `adapter=NVIDIA`). */
export function installDawn(flags: string[] = []): GPU {
  Object.assign(globalThis, globals);
  const gpu = create(flags);
  Object.defineProperty(globalThis, 'navigator', {
    value: {
      gpu,
      userAgent: `Node ${process.version}, Dawn (webgpu npm package)${flags.length ? ` [${flags.join(' ')}]` : ''}`,
    },
    configurable: true,
    writable: true,
  });
  return gpu;
}

/** Splits `--dawn FLAG` pairs (repeatable) out of a command line: the rest goes on to the command's own parser. */
export function dawnFlags(argv: string[]): { flags: string[]; rest: string[] } {
  const flags: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--dawn') {
      const v = argv[++i];
      if (!v || v.startsWith('--')) throw new Error('--dawn needs a Dawn flag after it, e.g. --dawn backend=vulkan');
      flags.push(v);
    } else rest.push(argv[i]);
  }
  return { flags, rest };
}
