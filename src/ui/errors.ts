// Turns worker and browser failures into one sentence a student can act on.

/** A message for the page: what happened and what to do next. */
export function friendlyError(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  // A destroyed device can surface first as a failed readback (mapAsync) before the loss event arrives.
  if (/device was lost|device (is )?lost|DeviceLost|lost device|mapAsync|unmapped before mapping/i.test(msg))
    return 'The GPU stopped working (its driver reset or it ran out of memory). Your run is kept up to its last checkpoint: press Resume to continue from there, or close other GPU-heavy tabs first.';
  if (/WebGPU is not available|navigator\.gpu|requestAdapter/i.test(msg))
    return 'This browser cannot use the GPU through WebGPU, so training cannot start. Open the studio in a recent Chrome or Edge, or see the System tab for details.';
  if (/quota|QuotaExceeded/i.test(msg))
    return 'The browser has no storage space left for this app. Delete old runs in the Storage tab (or free disk space), then try again.';
  if (/network error|Failed to fetch|NetworkError/i.test(msg))
    return 'The dataset could not be read from this app because the connection dropped. Press “Start a new run” again; when the app has been fully loaded once it also works offline.';
  if (/NaN|infinite/i.test(msg)) return msg;
  if (/out of memory|OutOfMemory/i.test(msg))
    return 'The GPU ran out of memory. Use a smaller batch size or a smaller model, then start a new run.';
  return msg.endsWith('.') ? msg : `${msg}.`;
}
