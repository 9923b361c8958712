// friendlyError: browser errors that say what they are only in their name (an IndexedDB quota abort arrives
// from the worker as QuotaExceededError with an empty message) still get the sentence a student can act on.
import { describe, expect, test } from 'vitest';
import { friendlyError } from './errors.ts';

const named = (name: string, message = '') => Object.assign(new Error(message), { name });

describe('friendlyError', () => {
  test('a quota error known only by its name', () => {
    expect(friendlyError(named('QuotaExceededError'))).toMatch(/no storage space left.*Storage tab/);
    expect(friendlyError({ name: 'QuotaExceededError', message: '' })).toMatch(/no storage space left/);
  });

  test('an empty message never shows as an empty sentence', () => {
    expect(friendlyError(named('AbortError'))).toBe('The browser reported AbortError.');
    expect(friendlyError(new Error(''))).toBe('Something went wrong without an explanation from the browser.');
  });

  test('ordinary messages are kept, with a full stop', () => {
    expect(friendlyError(new Error('big.csv, line 6: too many fields'))).toBe('big.csv, line 6: too many fields.');
    expect(friendlyError('plain text')).toBe('plain text.');
  });

  test('a lost device and a dropped connection get their own sentences', () => {
    expect(friendlyError(named('DeviceLostError', 'the GPU device was lost (destroyed)'))).toMatch(/press Resume/);
    expect(friendlyError(new TypeError('Failed to fetch'))).toMatch(/connection dropped/);
  });
});
