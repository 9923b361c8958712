// Data the own-data e2e flows import (train-own-data.spec.ts, own-data-offline.spec.ts).

/** 150 rows: blue is always "c"; otherwise a size under 5 is "a" and above it "b". The weight is noise. */
export const CSV = [
  'size,colour,weight,label',
  ...Array.from({ length: 150 }, (_, i) => {
    const size = ((i * 37) % 100) / 10;
    const colour = ['red', 'green', 'blue'][(i * 7) % 3];
    const weight = (((i * 53) % 41) / 4).toFixed(2);
    const label = colour === 'blue' ? 'c' : size < 5 ? 'a' : 'b';
    return `${size.toFixed(1)},${colour},${weight},${label}`;
  }),
].join('\n');
