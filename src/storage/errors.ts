// Typed errors of stored data: a damaged checkpoint, data the browser cleared, a connection closed for a newer
// version. The page picks its advice by each error's name (src/ui/errors.ts), so the names are written out below.

/**
 * A run's stored checkpoint cannot be used: a tensor is missing, has another shape, or holds fewer bytes than its
 * shape needs (a write cut short, a damaged disk). Names the run, so the page can offer to delete or restart it.
 */
export class CorruptCheckpointError extends Error {
  constructor(
    readonly runId: string,
    readonly runName: string,
    readonly detail: string,
  ) {
    super(
      `The saved checkpoint of “${runName}” is damaged (${detail}), so the run can neither resume nor be evaluated. Delete the run, or start it again from step 0 with the same settings.`,
    );
  }
}

/**
 * Data the studio stored is gone although its records say it was written: the browser cleared the site's data to
 * free space (storage that is not persistent may be evicted), or the whole database was removed under an open tab.
 */
export class StorageEvictedError extends Error {
  constructor(what: string) {
    super(
      `${what} is no longer in this browser’s storage: the browser cleared the studio’s saved data to free space. Ask for persistent storage in the Storage tab so it does not happen again, and re-import what you need.`,
    );
  }
}

/** This tab's database connection was closed because a newer version of the studio opened it in another tab. */
export class StudioUpdatedError extends Error {
  constructor() {
    super(
      'The studio was updated in another tab, so this tab closed its connection to your stored data. Reload this page to use the new version; nothing stored is lost.',
    );
  }
}

// Written out rather than read from the class: a production build renames classes, and the names cross the worker
// boundary (see the end of src/engine/errors.ts).
CorruptCheckpointError.prototype.name = 'CorruptCheckpointError';
StorageEvictedError.prototype.name = 'StorageEvictedError';
StudioUpdatedError.prototype.name = 'StudioUpdatedError';
