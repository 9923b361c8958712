// Builds the Node entries that run the engine on Dawn (scripts/dawn/*.ts) into .dawn/*.mjs: one self-contained
// bundle each (WGSL inlined, every package included) except the `webgpu` package with its native Dawn module.
import { defineConfig } from 'vite';

export default defineConfig({
  logLevel: 'warn',
  publicDir: false,
  build: {
    ssr: true,
    outDir: '.dawn',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: {
      input: {
        acceptance: 'scripts/dawn/acceptance.ts',
        bench: 'scripts/dawn/bench.ts',
        probe: 'scripts/dawn/probe.ts',
      },
      output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
    },
  },
  ssr: { noExternal: true, external: ['webgpu'] },
});
