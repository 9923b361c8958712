// Typed errors of the engine. Each message says what went wrong and, where it can, what to do about it.

/** Base class so callers can tell engine failures from bugs elsewhere. */
export class EngineError extends Error {
  constructor(message: string) {
    super(message);
  }
}

/** WebGPU is missing from this browser, or no adapter could be had. */
export class WebGPUUnavailableError extends EngineError {
  constructor(detail: string) {
    super(
      `WebGPU is not available: ${detail}. Use a recent Chrome or Edge (113+) on Windows, macOS or ChromeOS, ` +
        `Chrome on Linux or Android with chrome://flags/#enable-unsafe-webgpu enabled, Safari 26+, or Firefox 141+ on Windows. ` +
        `The page must be served from https:// or http://localhost.`,
    );
  }
}

/** The GPU device was lost (driver reset, too much memory, or destroyed); the engine must be created again. */
export class DeviceLostError extends EngineError {
  constructor(
    readonly reason: string,
    detail: string,
  ) {
    super(
      `The GPU device was lost (${reason}${detail ? `: ${detail}` : ''}). Create the engine again and resume from the last checkpoint.`,
    );
  }
}

/** Shapes that do not fit the op; raised before any GPU work. */
export class ShapeError extends EngineError {
  constructor(op: string, detail: string) {
    super(`${op}: ${detail}`);
  }
}

/** Wrong dtype for the op; raised before any GPU work. */
export class DTypeError extends EngineError {
  constructor(op: string, detail: string) {
    super(`${op}: ${detail}`);
  }
}

/** A tensor was used after dispose() or after the scope that owned it ended. */
export class TensorDisposedError extends EngineError {
  constructor(op: string, shape: readonly number[]) {
    super(
      `${op}: an input tensor of shape [${shape.join(', ')}] was already disposed (freed by dispose() or by the end of its engine.scope). Keep it with engine.keep() or return it from the scope.`,
    );
  }
}

/** An index (a token id, a gathered row) outside the range the op accepts; raised before any GPU work. */
export class IndexRangeError extends EngineError {
  constructor(
    op: string,
    readonly index: number,
    detail: string,
  ) {
    super(`${op}: index ${index} ${detail}`);
  }
}

/** A buffer would exceed the device's limits. */
export class BufferTooLargeError extends EngineError {
  constructor(op: string, bytes: number, limit: number) {
    super(
      `${op}: needs a buffer of ${(bytes / 2 ** 20).toFixed(1)} MiB but this GPU allows at most ${(limit / 2 ** 20).toFixed(1)} MiB per buffer. Use a smaller batch or model.`,
    );
  }
}

/** A WebGPU validation or out-of-memory error, caught by an error scope and attributed to an op. */
export class GpuOpError extends EngineError {
  constructor(
    readonly kind: 'validation' | 'out-of-memory' | 'internal',
    readonly op: string,
    detail: string,
  ) {
    super(
      kind === 'out-of-memory'
        ? `${op}: the GPU ran out of memory. Use a smaller batch or model, or close other GPU-heavy tabs. (${detail})`
        : `${op}: WebGPU ${kind} error: ${detail}`,
    );
  }
}

/** WGSL that failed to compile, with line, column and the offending source line. */
export class ShaderCompileError extends EngineError {
  constructor(
    readonly label: string,
    readonly messages: readonly { line: number; column: number; message: string; source: string }[],
  ) {
    super(
      `${label}: shader compilation failed\n` +
        messages
          .map(
            (m) =>
              `  line ${m.line}, column ${m.column}: ${m.message}\n    ${m.source}\n    ${' '.repeat(Math.max(0, m.column - 1))}^`,
          )
          .join('\n'),
    );
  }
}

/** A model spec that cannot work, pointing at the layer and field (e.g. `layers[2].units`). */
export class SpecError extends EngineError {
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`);
  }
}

// Each error's name, written out rather than read from the class: a production build renames classes, and the page
// picks its advice by these names after they cross the worker boundary (src/ui/errors.ts).
EngineError.prototype.name = 'EngineError';
WebGPUUnavailableError.prototype.name = 'WebGPUUnavailableError';
DeviceLostError.prototype.name = 'DeviceLostError';
ShapeError.prototype.name = 'ShapeError';
DTypeError.prototype.name = 'DTypeError';
TensorDisposedError.prototype.name = 'TensorDisposedError';
IndexRangeError.prototype.name = 'IndexRangeError';
BufferTooLargeError.prototype.name = 'BufferTooLargeError';
GpuOpError.prototype.name = 'GpuOpError';
ShaderCompileError.prototype.name = 'ShaderCompileError';
SpecError.prototype.name = 'SpecError';
