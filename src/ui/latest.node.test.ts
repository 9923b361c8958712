// The playground's debounce: one request per pause in typing, and only the newest request's answer counts.
import { afterEach, expect, test, vi } from 'vitest';
import { Latest } from './latest.ts';

afterEach(() => vi.useRealTimers());

test('calls within the delay collapse into one, made after the last call', () => {
  vi.useFakeTimers();
  const l = new Latest(250);
  const fn = vi.fn();
  l.schedule(fn);
  vi.advanceTimersByTime(200);
  l.schedule(fn);
  vi.advanceTimersByTime(200);
  l.schedule(fn);
  expect(fn).not.toHaveBeenCalled();
  vi.advanceTimersByTime(250);
  expect(fn).toHaveBeenCalledTimes(1);
  l.schedule(fn);
  l.cancel();
  vi.advanceTimersByTime(1000);
  expect(fn).toHaveBeenCalledTimes(1);
});

test('an older request is stale once a newer one starts, and every request after cancel', () => {
  const l = new Latest(0);
  const first = l.begin();
  expect(first()).toBe(true);
  const second = l.begin();
  expect(first()).toBe(false);
  expect(second()).toBe(true);
  l.cancel();
  expect(second()).toBe(false);
});
