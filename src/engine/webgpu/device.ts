// Acquiring a WebGPU adapter and device: the limits the engine needs, the optional features it can use,
// and a plain-data report of what it got (shown on the System view and in benchmark headers).
import { WebGPUUnavailableError } from '../errors.ts';

/** Optional features the engine uses when present. */
export const OPTIONAL_FEATURES: readonly string[] = ['shader-f16', 'subgroups', 'timestamp-query'];

/** Limits raised to the adapter's maximum when it offers more than the default. */
const WANTED_LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupsPerDimension',
] as const;

/** What the engine got, as plain data that can cross a worker boundary. */
export interface AdapterReport {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** True when the browser says this is a fallback (software) adapter, or the adapter is SwiftShader. */
  isFallbackAdapter: boolean;
  features: string[];
  /** Optional engine features that were enabled on the device. */
  enabledFeatures: string[];
  limits: Record<string, number>;
}

export interface AcquiredDevice {
  adapter: GPUAdapter;
  device: GPUDevice;
  report: AdapterReport;
}

export interface AcquireOptions {
  powerPreference?: GPUPowerPreference;
  /** Leave optional features off (to test the plain path). */
  disableFeatures?: boolean;
  gpu?: GPU;
}

/** Requests an adapter and a device with raised limits and optional features; throws WebGPUUnavailableError. */
export async function acquireDevice(opts: AcquireOptions = {}): Promise<AcquiredDevice> {
  const gpu = opts.gpu ?? (typeof navigator !== 'undefined' ? navigator.gpu : undefined);
  if (!gpu) throw new WebGPUUnavailableError('navigator.gpu is missing in this browser');
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: opts.powerPreference ?? 'high-performance' });
  } catch (e) {
    throw new WebGPUUnavailableError(`requestAdapter failed (${(e as Error).message})`);
  }
  if (!adapter)
    throw new WebGPUUnavailableError(
      'the browser offered no GPU adapter (the GPU may be blocklisted or WebGPU disabled)',
    );

  const requiredFeatures = (
    opts.disableFeatures ? [] : OPTIONAL_FEATURES.filter((f) => adapter.features.has(f))
  ) as GPUFeatureName[];
  const requiredLimits: Record<string, number> = {};
  for (const name of WANTED_LIMITS) {
    const v = adapter.limits[name];
    if (typeof v === 'number') requiredLimits[name] = v;
  }
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({ requiredFeatures, requiredLimits, label: 'studio-engine' });
  } catch (e) {
    throw new WebGPUUnavailableError(`requestDevice failed (${(e as Error).message})`);
  }

  const info = adapter.info;
  const legacyFallback = (adapter as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter;
  const infoFallback = (info as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter;
  const text = `${info.vendor} ${info.architecture} ${info.device} ${info.description}`.toLowerCase();
  const limits: Record<string, number> = {};
  for (const key of WANTED_LIMITS) limits[key] = device.limits[key] as number;
  for (const key of ['minStorageBufferOffsetAlignment', 'minUniformBufferOffsetAlignment', 'maxBindGroups'] as const)
    limits[key] = device.limits[key];
  return {
    adapter,
    device,
    report: {
      vendor: info.vendor,
      architecture: info.architecture,
      device: info.device,
      description: info.description,
      isFallbackAdapter: Boolean(infoFallback ?? legacyFallback) || text.includes('swiftshader'),
      features: [...adapter.features].sort(),
      enabledFeatures: [...requiredFeatures],
      limits,
    },
  };
}
