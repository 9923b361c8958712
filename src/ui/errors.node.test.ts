// friendlyError: failures are told apart by their type name, which survives the worker boundary; the words in a
// message (a file name, a cell value) never change the advice.
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
    expect(friendlyError(new Error('Is this right?'))).toBe('Is this right?');
  });

  test('a lost device, a dropped connection and an upgraded database get their own sentences', () => {
    expect(friendlyError(named('DeviceLostError', 'the GPU device was lost (destroyed)'))).toMatch(/press Resume/);
    expect(friendlyError(named('DatasetFetchError', 'x'))).toMatch(/connection dropped/);
    expect(
      friendlyError(named('VersionError', 'The requested version (3) is less than the existing version (4).')),
    ).toMatch(/updated in another tab.*Reload this page/);
    expect(friendlyError(named('UpgradeBlockedError', 'x'))).toMatch(/Close the other studio tabs/);
    expect(friendlyError(named('WebGPUUnavailableError', 'x'))).toMatch(/cannot use the GPU/);
  });

  test('stored data that is damaged, cleared by the browser or held by a newer version is named by its type', () => {
    const closing = named('StudioUpdatedError', 'The database connection is closing.');
    expect(friendlyError(closing)).toMatch(/updated in another tab.*Reload this page/);
    expect(friendlyError(named('StorageEvictedError', 'x'))).toMatch(
      /browser cleared the studio’s saved data.*persistent/,
    );
    expect(friendlyError(named('CorruptCheckpointError', 'x'))).toMatch(/checkpoint is damaged.*from step 0/);
  });

  test('words in a message (file names, cell values) never pick the advice', () => {
    for (const text of [
      'quota.csv, line 3: a value "Infinity" is not a finite number',
      'lost device.csv has no rows',
      'The column "network error" has 300 categories',
      'mapAsync.txt is empty',
      'out of memory.png is not an image',
      'requestAdapter.csv: empty file',
    ]) {
      const err = new Error(text);
      expect(friendlyError(err)).toBe(`${text}.`);
      // The same message under a generic browser type keeps its own words too.
      expect(friendlyError(named('TypeError', text))).toBe(`${text}.`);
    }
  });

  test('model import errors keep their reason and add what to do', () => {
    const bad = friendlyError(named('ModelFormatError', 'cut.onnx is not a complete ONNX model'));
    expect(bad).toMatch(/^cut\.onnx is not a complete ONNX model\. Nothing was stored\. Export the model again/);
    const unsupported = friendlyError(named('UnsupportedModelError', 'm.onnx: “x” holds float16 values.'));
    expect(unsupported).toMatch(
      /^m\.onnx: “x” holds float16 values\. Nothing was stored\. The studio runs ONNX models/,
    );
  });
});
