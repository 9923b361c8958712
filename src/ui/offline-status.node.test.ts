// The header's offline status: which sentence each service-worker situation shows.
import { describe, expect, it } from 'vitest';
import { OFFLINE_TEXT, offlinePhase, type WorkerFacts } from './offline-status.ts';

const base: WorkerFacts = {
  supported: true,
  dev: false,
  registered: true,
  installing: false,
  active: true,
  controlled: true,
  failed: false,
};

describe('offline status', () => {
  it('is ready only once an active worker controls the page', () => {
    expect(OFFLINE_TEXT[offlinePhase(base)]).toBe('Ready to work offline');
    expect(offlinePhase({ ...base, controlled: false })).toBe('next-load');
  });

  it('says the copy is updating while a worker installs, even beside an active one', () => {
    expect(OFFLINE_TEXT[offlinePhase({ ...base, installing: true })]).toBe('Offline copy updating…');
    expect(offlinePhase({ ...base, active: false, controlled: false, installing: true })).toBe('installing');
    // Registered, nothing installing or active yet (between register() and updatefound).
    expect(offlinePhase({ ...base, active: false, controlled: false })).toBe('installing');
  });

  it('names the cases with no offline copy', () => {
    expect(offlinePhase({ ...base, supported: false })).toBe('unsupported');
    expect(OFFLINE_TEXT[offlinePhase({ ...base, dev: true })]).toContain('npm start');
    expect(offlinePhase({ ...base, failed: true })).toBe('failed');
    expect(offlinePhase({ ...base, registered: false, active: false })).toBe('checking');
  });
});
