// Setup links: a setup survives the fragment round trip, stays short, and a garbled, cut or newer link is refused
// with a sentence (never another kind of error).
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { deflateSync, strToU8 } from 'fflate';
import { decodeSetup, encodeSetup, hasSetup, ShareLinkError, type SharedSetup } from './share-link.ts';

const setup: SharedSetup = {
  dataset: 'toy-xor',
  spec: {
    name: 'XOR net',
    input: { shape: [2] },
    layers: [
      { type: 'dense', units: 4, activation: 'tanh' },
      { type: 'dense', units: 2 },
    ],
  },
  settings: { epochs: 3, lr: 0.05, optimizer: 'sgd', seed: 42, batchSize: 8 },
  tab: 'train',
  hidden: ['weightDecay'],
  locked: ['lr', 'optimizer'],
};

const raw = (v: unknown) =>
  `#setup=${btoa(String.fromCharCode(...deflateSync(strToU8(JSON.stringify(v)))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')}`;

describe('share links', () => {
  test('round trip, URL-safe and compact', () => {
    const hash = encodeSetup(setup);
    expect(hasSetup(hash)).toBe(true);
    expect(hash).toMatch(/^#setup=[A-Za-z0-9_-]+$/);
    expect(hash.length).toBeLessThan(JSON.stringify(setup).length);
    expect(decodeSetup(hash)).toEqual(setup);
    expect(decodeSetup(encodeSetup({}))).toEqual({});
  });

  test('a tab fragment is not a setup', () => {
    expect(hasSetup('#train')).toBe(false);
    expect(() => decodeSetup('#train')).toThrow(ShareLinkError);
  });

  test('garbled and cut links get a sentence', () => {
    expect(() => decodeSetup('#setup=%%%')).toThrow(/This link is damaged: its setup could not be read/);
    const hash = encodeSetup(setup);
    expect(() => decodeSetup(hash.slice(0, hash.length - 12))).toThrow(ShareLinkError);
  });

  test('a newer link format, unknown settings, bad values and tabs are named', () => {
    expect(() => decodeSetup(raw({ v: 9 }))).toThrow(
      /newer version of the studio \(link format 9; this one reads up to 1\)/,
    );
    expect(() => decodeSetup(raw({ v: 1, settings: { momentum: 1 } }))).toThrow(
      /"momentum", which is not a training setting/,
    );
    expect(() => decodeSetup(raw({ v: 1, settings: { optimizer: 'lion' } }))).toThrow(
      /optimizer to "lion", which is not one of sgd/,
    );
    expect(() => decodeSetup(raw({ v: 1, settings: { lr: 'fast' } }))).toThrow(/lr to "fast", which is not a number/);
    expect(() => decodeSetup(raw({ v: 1, tab: 'admin' }))).toThrow(/tab the studio does not have \("admin"\)/);
    expect(() => decodeSetup(raw({ v: 1, locked: ['everything'] }))).toThrow(/"everything"\) among the locked/);
    expect(() => decodeSetup(raw({ v: 1, spec: { layers: 3 } }))).toThrow(/model is damaged/);
  });

  test('fuzz: any fragment text decodes or throws a ShareLinkError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (tail) => {
        try {
          decodeSetup(`#setup=${tail}`);
        } catch (e) {
          expect(e).toBeInstanceOf(ShareLinkError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
