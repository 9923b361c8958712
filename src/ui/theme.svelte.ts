// Light and dark themes: follows the system setting until the user picks one; the choice is kept in localStorage.
export type ThemeChoice = 'system' | 'light' | 'dark';

export class ThemeState {
  choice = $state<ThemeChoice>('system');

  constructor() {
    const saved = localStorage.getItem('studio-theme');
    if (saved === 'light' || saved === 'dark') this.choice = saved;
    this.apply();
  }

  /** Cycles system → light → dark. */
  toggle(): void {
    this.choice = this.choice === 'system' ? 'light' : this.choice === 'light' ? 'dark' : 'system';
    if (this.choice === 'system') localStorage.removeItem('studio-theme');
    else localStorage.setItem('studio-theme', this.choice);
    this.apply();
  }

  private apply(): void {
    if (this.choice === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = this.choice;
  }
}
