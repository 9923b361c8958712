// Test-only helpers for kernel tests: run one KernelProgram on a real GPU device, seeded data, tolerance checks.
// Kept inside kernels/ so kernel tests do not depend on the engine they are meant to check.
import { expect } from 'vitest';
import type { KernelProgram } from './program.ts';
import { uniformValues } from './random.mjs';

let devicePromise: Promise<GPUDevice> | null = null;

/** One shared device for the kernel tests of a file. */
export function testDevice(): Promise<GPUDevice> {
  devicePromise ??= (async () => {
    if (!navigator.gpu) throw new Error('WebGPU is not available in this browser');
    const adapter = await navigator.gpu.requestAdapter();
    if (!adapter) throw new Error('no WebGPU adapter');
    return adapter.requestDevice({
      requiredLimits: {
        maxStorageBuffersPerShaderStage: adapter.limits.maxStorageBuffersPerShaderStage,
        maxComputeWorkgroupStorageSize: adapter.limits.maxComputeWorkgroupStorageSize,
      },
    });
  })();
  return devicePromise;
}

type Words = Float32Array | Int32Array | Uint32Array;

function bufferFrom(device: GPUDevice, data: Words | null, minBytes = 16): GPUBuffer {
  const bytes = Math.max(minBytes, Math.ceil((data?.byteLength ?? 0) / 16) * 16, 16);
  const buf = device.createBuffer({
    size: bytes,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    mappedAtCreation: true,
  });
  if (data) new Uint8Array(buf.getMappedRange()).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  buf.unmap();
  return buf;
}

/**
 * Runs `program` with the given inputs and returns the output words. `initialOutput` seeds the output
 * buffer (for kernels that write only part of it).
 */
export async function runProgram(program: KernelProgram, inputs: Words[], initialOutput?: Words): Promise<ArrayBuffer> {
  return (await runProgramAll(program, inputs, initialOutput ? [initialOutput] : undefined))[0];
}

/** Like runProgram, returning every output (the first and `extraOutputBytes`); `initial` seeds them in order. */
export async function runProgramAll(
  program: KernelProgram,
  inputs: Words[],
  initial?: (Words | null)[],
): Promise<ArrayBuffer[]> {
  const device = await testDevice();
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ code: program.source.code, label: program.label });
  const pipeline = device.createComputePipeline({
    layout: 'auto',
    compute: { module, entryPoint: program.entryPoint, constants: program.constants },
  });
  const uniform = device.createBuffer({
    size: Math.max(16, Math.ceil(program.uniforms.byteLength / 16) * 16),
    usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  });
  device.queue.writeBuffer(uniform, 0, program.uniforms);
  const inBufs = inputs.map((d) => bufferFrom(device, d));
  const sizes = [program.outputBytes, ...(program.extraOutputBytes ?? [])];
  const outs = sizes.map((bytes, i) => bufferFrom(device, initial?.[i] ?? null, bytes));
  const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: { buffer: uniform } }];
  inBufs.forEach((b, i) => entries.push({ binding: i + 1, resource: { buffer: b } }));
  outs.forEach((b, i) => entries.push({ binding: inBufs.length + 1 + i, resource: { buffer: b } }));
  const bindGroup = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(...program.dispatch);
  pass.end();
  const stagings = outs.map((out) => {
    const staging = device.createBuffer({ size: out.size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    enc.copyBufferToBuffer(out, 0, staging, 0, out.size);
    return staging;
  });
  device.queue.submit([enc.finish()]);
  const err = await device.popErrorScope();
  if (err) {
    const info = await module.getCompilationInfo();
    throw new Error(
      `${program.label}: ${err.message}\n${info.messages.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join('\n')}`,
    );
  }
  const results: ArrayBuffer[] = [];
  for (const [i, staging] of stagings.entries()) {
    await staging.mapAsync(GPUMapMode.READ);
    results.push(staging.getMappedRange().slice(0, sizes[i]));
    staging.unmap();
  }
  [uniform, ...outs, ...stagings, ...inBufs].forEach((b) => b.destroy());
  return results;
}

/** Seeded uniform floats in [lo, hi) (the shared SplitMix32 stream), stable across runs. */
export function seededFloats(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  return uniformValues(n, seed, lo, hi);
}

/** Largest |a - b| / (atol + rtol·|b|); ≤ 1 means within tolerance. */
export function toleranceRatio(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  atol: number,
  rtol: number,
): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const a = actual[i];
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    const diff = Math.abs(a - e);
    const r = diff === 0 ? 0 : diff / (atol + rtol * Math.abs(e));
    if (!(r <= worst)) worst = Number.isNaN(r) ? Infinity : Math.max(worst, r);
  }
  return worst;
}

/** Asserts element-wise closeness and equal length, naming the first offending index. */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  atol: number,
  rtol: number,
  what = '',
): void {
  expect(actual.length, `${what} length`).toBe(expected.length);
  const ratio = toleranceRatio(actual, expected, atol, rtol);
  if (!(ratio <= 1)) {
    let idx = 0;
    for (let i = 0; i < expected.length; i++) {
      if (!(Math.abs(actual[i] - expected[i]) <= atol + rtol * Math.abs(expected[i]))) {
        idx = i;
        break;
      }
    }
    expect.fail(
      `${what}: index ${idx}: got ${actual[idx]}, expected ${expected[idx]} (atol ${atol}, rtol ${rtol}, worst ratio ${ratio.toFixed(2)})`,
    );
  }
}

/** Largest |actual − expected| (NaNs that match count as 0). */
export function maxAbsError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    if (Number.isNaN(actual[i]) && Number.isNaN(expected[i])) continue;
    const d = Math.abs(actual[i] - expected[i]);
    worst = Number.isNaN(d) ? Infinity : Math.max(worst, d);
  }
  return worst;
}

const observed = new Map<string, number>();

/** Records the largest error seen for `key` (printed by printObservedErrors, for closing notes and reviews). */
export function recordError(key: string, actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  observed.set(key, Math.max(observed.get(key) ?? 0, maxAbsError(actual, expected)));
}

/** Prints one `[max-error] key value` line per recorded key. */
export function printObservedErrors(title: string): void {
  for (const [k, v] of [...observed].sort()) console.log(`[max-error] ${title} | ${k} | ${v.toExponential(2)}`);
}
