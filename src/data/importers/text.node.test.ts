// Text importer: the first-names layout (boundary token 0, targets shifted by one, -1 padding) and windows.
import { describe, expect, test } from 'vitest';
import { importText } from './text.ts';
import { toPack } from './common.ts';
import { parsePack } from '../pack.ts';

describe('text importer', () => {
  test('lines mode matches the first-names layout the names Transformer trains on', () => {
    const names = ['anna', 'bob', 'cleo', 'dan', 'eve', 'finn', 'gus', 'hal', 'ivy', 'jo'];
    const r = importText('names.txt', new TextEncoder().encode(names.join('\r\n') + '\n\n'), { length: 8 });
    expect(r.header.xShape).toEqual([8]);
    expect(r.header.yShape).toEqual([8]);
    expect(r.header.ignoreIndex).toBe(-1);
    expect(r.header.vocabulary?.[0]).toBe('\n');
    expect(r.header.classes).toBe(r.header.vocabulary!.length);
    expect(r.header.splits).toEqual({ train: [0, 9], test: [9, 10] });
    const v = r.header.vocabulary!;
    const decoded = Array.from({ length: 10 }, (_, k) => {
      const x = Array.from(r.x.subarray(k * 8, k * 8 + 8));
      const y = Array.from(r.y.subarray(k * 8, k * 8 + 8));
      expect(x[0]).toBe(0);
      const len = y.indexOf(0);
      // y is x shifted left by one, then the boundary, then ignored positions.
      expect(y.slice(0, len)).toEqual(x.slice(1, len + 1));
      expect(y.slice(len + 1).every((t) => t === -1)).toBe(true);
      return y
        .slice(0, len)
        .map((t) => v[t])
        .join('');
    });
    expect(decoded.sort()).toEqual([...names].sort());
    const pack = parsePack(toPack(r, { id: 'names', title: 'Names' }));
    expect(pack.train.x).toBeInstanceOf(Int32Array);
    expect(pack.header.vocabulary).toEqual(v);
  });

  test('a line too long names the file and the line; invalid UTF-8 too', () => {
    expect(() => importText('n.txt', 'ann\nbob\nmaximilianoooooo\n', { length: 8 })).toThrow(
      /^n\.txt, line 3: has 16 characters/,
    );
    expect(importText('n.txt', 'ann\nbob\nmaximilianoooooo\ncy\n', { length: 8, longLines: 'skip' }).header.count).toBe(
      3,
    );
    const bad = new Uint8Array([0x61, 0x0a, 0x62, 0x0a, 0xff, 0xfe, 0x0a]);
    expect(() => importText('bin.txt', bad)).toThrow(/^bin\.txt, line 3: is not valid UTF-8/);
  });

  test('windows mode: consecutive windows, targets are the next characters, test set is the end', () => {
    const text = 'hello world, hello text! '.repeat(8);
    const r = importText('h.txt', text, { mode: 'windows', length: 10 });
    const n = Math.floor((text.length - 1) / 10);
    expect(r.header.count).toBe(n);
    const v = r.header.vocabulary!;
    expect(v).not.toContain(undefined);
    for (let k = 0; k < n; k++) {
      expect(
        Array.from(r.x.subarray(k * 10, k * 10 + 10))
          .map((t) => v[t])
          .join(''),
      ).toBe(text.slice(k * 10, k * 10 + 10));
      expect(
        Array.from(r.y.subarray(k * 10, k * 10 + 10))
          .map((t) => v[t])
          .join(''),
      ).toBe(text.slice(k * 10 + 1, k * 10 + 11));
    }
    expect(r.header.splits.test).toEqual([n - Math.round(n * 0.1), n]);
  });
});
