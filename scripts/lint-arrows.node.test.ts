// The import-arrow lint rule catches a wrong import in each area (and lets allowed ones through).
import { describe, expect, test, vi } from 'vitest';

// The first lint loads the TypeScript parser and the whole config (seconds on a busy 2-core machine).
vi.setConfig({ testTimeout: 60_000 });
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('import arrows', () => {
  test.each([
    ['kernels/matmul/bad.ts', "import { Engine } from '../../src/engine/engine.ts';\nexport const x = Engine;\n"],
    ['src/engine/bad.ts', "import { x } from '../storage/db.ts';\nexport const y = x;\n"],
    ['src/engine/bad2.ts', "import { x } from '../ui/App.svelte';\nexport const y = x;\n"],
    ['src/data/bad.ts', "import { x } from '../storage/db.ts';\nexport const y = x;\n"],
    ['src/data/bad2.ts', "import { Engine } from '../engine/engine.ts';\nexport const y = Engine;\n"],
    ['src/ui/bad.ts', "import { Engine } from '../engine/engine.ts';\nexport const y = Engine;\n"],
    ['src/ui/bad2.ts', "import { x } from '../../workers/system.worker.ts';\nexport const y = x;\n"],
    ['workers/bad.ts', "import { x } from '../src/ui/system-state.svelte.ts';\nexport const y = x;\n"],
    ['src/protocol/bad.ts', "import { Engine } from '../engine/engine.ts';\nexport const y = Engine;\n"],
  ])('%s is refused', async (file, code) => {
    expect((await problems(file, code)).length).toBeGreaterThan(0);
  });

  test.each([
    [
      'src/engine/ok.ts',
      "import { matmulProgram } from '../../kernels/matmul/matmul.ts';\nexport const y = matmulProgram;\n",
    ],
    ['src/ui/ok.ts', "import type { Engine } from '../engine/engine.ts';\nexport type Y = Engine;\n"],
    [
      'src/protocol/ok.ts',
      "import type { AdapterReport } from '../engine/webgpu/device.ts';\nexport type Y = AdapterReport;\n",
    ],
    [
      'src/data/ok.ts',
      "import type { ArrayDataset } from '../engine/train/types.ts';\nexport type Y = ArrayDataset;\n",
    ],
    ['workers/ok.ts', "import { Engine } from '../src/engine/index.ts';\nexport const y = Engine;\n"],
  ])('%s is allowed', async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });
});
