// State of the Storage view: the studio's own count of the bytes it stores (per dataset, per run, the rest), the
// browser's estimate for the whole site against its quota, and whether storage is persistent.
import type { StoreUsage } from '../protocol/datasets.ts';
import type { DatasetsClient } from './clients/datasets-client.ts';
import { friendlyError } from './errors.ts';

export class StorageState {
  usage = $state<number | null>(null);
  quota = $state<number | null>(null);
  /** The studio's own byte count (null until read). */
  own = $state.raw<StoreUsage | null>(null);
  persisted = $state<boolean | null>(null);
  message = $state<string | null>(null);

  constructor(private readonly client: Pick<DatasetsClient, 'storeUsage'>) {}

  async refresh(): Promise<void> {
    try {
      this.own = await this.client.storeUsage();
    } catch (err) {
      this.message = `The studio could not count what it stores: ${friendlyError(err)}`;
    }
    if (!navigator.storage?.estimate) {
      this.message = 'This browser does not report its own storage estimate.';
      return;
    }
    const e = await navigator.storage.estimate();
    this.usage = e.usage ?? 0;
    this.quota = e.quota ?? 0;
    this.persisted = (await navigator.storage.persisted?.()) ?? false;
  }

  async persist(): Promise<void> {
    const granted = (await navigator.storage.persist?.()) ?? false;
    this.persisted = granted;
    this.message = granted
      ? 'Storage is now persistent: the browser will not clear your datasets and runs to free space.'
      : 'The browser declined for now. Browsers grant this more readily to sites you visit often or install as an app.';
  }
}
