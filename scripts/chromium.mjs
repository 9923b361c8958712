// Where Chromium lives and the flags that give it WebGPU on this machine (shared by Vitest, Playwright and scripts).
import { existsSync } from 'node:fs';

/** Path of the full Chromium build: $CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export function chromiumPath() {
  const p = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(p))
    throw new Error(`Chromium not found at ${p}. Install it (apt-get install chromium) or set CHROMIUM_PATH.`);
  return p;
}

/** Flags that enable WebGPU. Set WEBGPU_ADAPTER=hardware to use a real GPU instead of SwiftShader. */
export const chromiumArgs = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  ...(process.env.WEBGPU_ADAPTER === 'hardware' ? [] : ['--use-webgpu-adapter=swiftshader']),
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
