// Test support for the PyTorch export: finds the repository's .venv Python with torch, writes a project to a
// temporary folder and runs Python in it. A missing torch throws an error that says how to install it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const PYTHON = resolve('.venv/bin/python');

/** Throws unless .venv/bin/python imports torch (the tests that need it then fail by name, never pass silently). */
export function requireTorch(): void {
  const ok = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
  if (!ok)
    throw new Error(
      'PyTorch is not installed in .venv: run `python3 -m venv --system-site-packages .venv && .venv/bin/pip install --no-index --no-deps /opt/wheels/torch-*.whl` (.ci/run does it when /opt/wheels has the wheel).',
    );
}

/** Writes `files` (path → bytes or text) under a fresh temporary folder and returns it. */
export function writeProject(files: Record<string, Uint8Array | string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'studio-torch-'));
  for (const [path, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  }
  return dir;
}

/** Runs `args` with the venv's Python (or its torchrun) in `dir`; returns stdout, throws with stderr on failure. */
export function runPython(dir: string, args: string[], torchrun = false): string {
  const exe = torchrun ? resolve('.venv/bin/torchrun') : PYTHON;
  try {
    return execFileSync(exe, args, {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, OMP_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 55_000,
    });
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string };
    throw new Error(`${exe} ${args.join(' ')} failed in ${dir}:\n${err.stderr ?? ''}\n${err.stdout ?? ''}`);
  }
}
