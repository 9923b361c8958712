// State of the Storage view: how much of the browser's quota the studio uses, and whether storage is persistent.
export class StorageState {
  usage = $state<number | null>(null);
  quota = $state<number | null>(null);
  persisted = $state<boolean | null>(null);
  message = $state<string | null>(null);

  async refresh(): Promise<void> {
    if (!navigator.storage?.estimate) {
      this.message = 'This browser does not report storage use.';
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
