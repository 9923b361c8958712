// Turns worker and browser failures into one sentence a student can act on. Errors are told apart by their type
// (the `name` that survives the worker boundary), never by words in the message: a message may quote a file name or
// a cell value ("quota.csv"), and that must not turn a parse error into advice about a full disk.

/** What each kind of failure means for the person using the studio. */
const BY_NAME: Record<string, string> = {
  DeviceLostError:
    'The GPU stopped working (its driver reset or it ran out of memory). Your run is kept up to its last checkpoint: press Resume to continue from there, or close other GPU-heavy tabs first.',
  WebGPUUnavailableError:
    'This browser cannot use the GPU through WebGPU, so training cannot start. Open the studio in a recent Chrome or Edge, or see the System tab for details.',
  QuotaExceededError:
    'The browser has no storage space left for this app. Delete old runs in the Storage tab (or free disk space), then try again.',
  DatasetFetchError:
    'The dataset could not be downloaded from this app: the connection dropped or this computer is offline. A large dataset (MNIST, Fashion-MNIST, the spam bag of words) works offline once it is stored in this browser: use it once while online, or tick “Keep for offline use” in the System tab. Then press “Start a new run” again.',
  GPUOutOfMemoryError: 'The GPU ran out of memory. Use a smaller batch size or a smaller model, then start a new run.',
  // IndexedDB refuses to open a database that a newer version of the app (in another tab) has upgraded.
  VersionError:
    'The studio was updated in another tab, so this tab’s older copy can no longer open your stored data. Reload this page to use the new version; nothing stored is lost.',
  // The connection closed itself because a newer version opened the database in another tab (src/storage/db.ts).
  StudioUpdatedError:
    'The studio was updated in another tab, so this tab’s older copy closed its connection to your stored data. Reload this page to use the new version; nothing stored is lost.',
  StorageEvictedError:
    'Your browser cleared the studio’s saved data to free space (its storage is not persistent), so something this page expected is gone. Reload the page, re-import the datasets you need, and ask for persistent storage in the Storage tab so it does not happen again.',
  CorruptCheckpointError:
    'This run’s saved checkpoint is damaged (a tensor is missing or cut short), so the run can neither resume nor be evaluated. In the Train tab, delete the run or start it again from step 0 with the same settings.',
  UpgradeBlockedError:
    'The studio was updated, but another tab with the older version is still open. Close the other studio tabs (or reload them), then reload this page; nothing stored is lost.',
};

/**
 * Failures whose own message names what was wrong (the file, the op, the input): the page shows that message, then
 * the advice. The message alone would leave a student without a next step; the advice alone, without the reason.
 */
const ADVICE_BY_NAME: Record<string, string> = {
  ModelFormatError:
    'Nothing was stored. Export the model again from the tool that made it (as a single .onnx file, weights included), then import that file.',
  UnsupportedModelError:
    'Nothing was stored. The studio runs ONNX models with tensor inputs and outputs of float32, int32, int64, uint8 or bool; export the model with those types and try again.',
};

/** The error's type name as it survives structured cloning and Comlink (a plain object keeps `name` too). */
function nameOf(err: unknown): string {
  if (typeof err !== 'object' || err === null || !('name' in err)) return '';
  return String((err as { name: unknown }).name ?? '');
}

/** A message for the page: what happened and what to do next. */
export function friendlyError(err: unknown): string {
  const name = nameOf(err);
  const known = BY_NAME[name];
  if (known) return known;
  const raw =
    typeof err === 'object' && err !== null && 'message' in err
      ? String((err as { message: unknown }).message)
      : String(err);
  const advice = ADVICE_BY_NAME[name];
  if (advice && raw) return `${/[.!?]$/.test(raw) ? raw : `${raw}.`} ${advice}`;
  // Browser errors (DOMException: AbortError…) often carry their meaning in the name and an empty message.
  const msg =
    raw ||
    (name && name !== 'Error'
      ? `The browser reported ${name}`
      : 'Something went wrong without an explanation from the browser');
  return /[.!?]$/.test(msg) ? msg : `${msg}.`;
}
