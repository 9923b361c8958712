// `node .dawn/probe.mjs [--dawn FLAG]`: which adapter Dawn offers on this machine, and one compute dispatch
// read back, so a remote run stops early (exit 1) when there is no usable GPU.
import { dawnFlags, installDawn } from './gpu.ts';

const { flags } = dawnFlags(process.argv.slice(2));
const gpu = installDawn(flags);
const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
if (!adapter) {
  console.log(
    `Dawn offers no adapter${flags.length ? ` with ${flags.join(' ')}` : ''}; check the Vulkan driver (VK_DRIVER_FILES) or try --dawn backend=vulkan.`,
  );
  process.exit(1);
}
const i = adapter.info;
console.log(`adapter: ${i.vendor} ${i.architecture} ${i.device} ${i.description}`);
console.log(`features: ${[...adapter.features].sort().join(', ')}`);
const device = await adapter.requestDevice();
const out = device.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
const read = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
const module = device.createShaderModule({
  code: '@group(0) @binding(0) var<storage, read_write> o: array<f32>;\n@compute @workgroup_size(4) fn main(@builtin(global_invocation_id) g: vec3u) { o[g.x] = f32(g.x) * 1.5; }',
});
const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
const enc = device.createCommandEncoder();
const pass = enc.beginComputePass();
pass.setPipeline(pipeline);
pass.setBindGroup(
  0,
  device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [{ binding: 0, resource: { buffer: out } }],
  }),
);
pass.dispatchWorkgroups(1);
pass.end();
enc.copyBufferToBuffer(out, 0, read, 0, 16);
device.queue.submit([enc.finish()]);
await read.mapAsync(GPUMapMode.READ);
const got = [...new Float32Array(read.getMappedRange())].join(', ');
const ok = got === '0, 1.5, 3, 4.5';
console.log(`compute check: ${got} (${ok ? 'right' : 'WRONG, expected 0, 1.5, 3, 4.5'})`);
device.destroy();
process.exit(ok ? 0 : 1);
