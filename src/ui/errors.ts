// Turns worker and browser failures into one sentence a student can act on.

/** A message for the page: what happened and what to do next. */
export function friendlyError(err: unknown): string {
  // Browser errors (DOMException: QuotaExceededError, AbortError…) often carry their meaning in the name
  // and an empty message, and keep both across the worker boundary.
  const name =
    err instanceof Error || (typeof err === 'object' && err !== null && 'name' in err)
      ? String((err as { name: unknown }).name ?? '')
      : '';
  const raw =
    err instanceof Error
      ? err.message
      : typeof err === 'object' && err !== null && 'message' in err
        ? String((err as { message: unknown }).message)
        : String(err);
  // Match on name and message; show the message (or, when the browser gave none, the name).
  const msg =
    raw ||
    (name && name !== 'Error'
      ? `The browser reported ${name}`
      : 'Something went wrong without an explanation from the browser');
  const seen = `${name} ${msg}`;
  // A destroyed device can surface first as a failed readback (mapAsync) before the loss event arrives.
  if (/device was lost|device (is )?lost|DeviceLost|lost device|mapAsync|unmapped before mapping/i.test(seen))
    return 'The GPU stopped working (its driver reset or it ran out of memory). Your run is kept up to its last checkpoint: press Resume to continue from there, or close other GPU-heavy tabs first.';
  if (/WebGPU is not available|navigator\.gpu|requestAdapter/i.test(seen))
    return 'This browser cannot use the GPU through WebGPU, so training cannot start. Open the studio in a recent Chrome or Edge, or see the System tab for details.';
  if (/quota|QuotaExceeded/i.test(seen))
    return 'The browser has no storage space left for this app. Delete old runs in the Storage tab (or free disk space), then try again.';
  if (/network error|Failed to fetch|NetworkError/i.test(seen))
    return 'The dataset could not be read from this app because the connection dropped. Press “Start a new run” again; when the app has been fully loaded once it also works offline.';
  if (/NaN|infinite/i.test(seen)) return msg;
  if (/out of memory|OutOfMemory/i.test(seen))
    return 'The GPU ran out of memory. Use a smaller batch size or a smaller model, then start a new run.';
  return msg.endsWith('.') ? msg : `${msg}.`;
}
