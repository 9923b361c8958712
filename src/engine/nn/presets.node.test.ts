// Preset cards against the measurements: every card ends with what its defaults reach, that number is the one
// measured (docs/measurements/preset-results.json, itself checked against the raw acceptance runs), and the defaults
// are the measured run's settings, so a learner pressing Start with the defaults gets what the card says.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRESETS, presetCard, resultSentence } from './presets.ts';

interface Row {
  preset: string;
  epochs: number;
  metric: string;
  value: number;
  from?: string;
  match?: { schedule: string; kernelInitializer: string; seeds: number[] };
}
interface AcceptanceRun {
  preset: string;
  epochs: number;
  metric: string;
  seed: number;
  schedule: string;
  kernelInitializer: string;
  value: number;
}

const DIR = 'docs/measurements';
const table = JSON.parse(readFileSync(`${DIR}/preset-results.json`, 'utf8')) as { results: Row[] };

describe('preset cards and measured results', () => {
  it('has a measured row for each result a card names, the first for the epochs the preset trains by default', () => {
    for (const p of PRESETS) {
      expect(p.expected.epochs, `${p.id}: the defaults train ${p.training.epochs} epochs`).toBe(p.training.epochs);
      for (const result of [p.expected, ...(p.other ? [p.other] : [])]) {
        const rows = table.results.filter((r) => r.preset === p.id && r.epochs === result.epochs);
        expect(rows, `${p.id}, ${result.epochs} epochs`).toHaveLength(1);
        expect(result.metric, p.id).toBe(rows[0].metric);
        expect(
          Math.abs(result.value - rows[0].value),
          `${p.id}: ${result.value} vs measured ${rows[0].value}`,
        ).toBeLessThan(5e-5);
      }
    }
  });

  it('matches the raw runs a row was taken from (mean over the seeds it names)', () => {
    const fromFiles = table.results.filter((r) => r.from);
    expect(fromFiles.length).toBeGreaterThan(0);
    for (const row of fromFiles) {
      const runs = (JSON.parse(readFileSync(`${DIR}/${row.from}`, 'utf8')) as { runs: AcceptanceRun[] }).runs.filter(
        (r) =>
          r.preset === row.preset &&
          r.epochs === row.epochs &&
          r.metric === row.metric &&
          r.schedule === row.match!.schedule &&
          r.kernelInitializer === row.match!.kernelInitializer &&
          row.match!.seeds.includes(r.seed),
      );
      expect(runs.map((r) => r.seed).sort(), row.preset).toEqual([...row.match!.seeds].sort());
      const mean = runs.reduce((s, r) => s + r.value, 0) / runs.length;
      expect(Math.abs(mean - row.value), `${row.preset}: mean ${mean} vs ${row.value}`).toBeLessThan(5e-4);
    }
  });

  it('ends every card with the sentence made from the measured result, and has no other number in it', () => {
    for (const p of PRESETS) {
      const card = presetCard(p);
      expect(card.endsWith(resultSentence(p)), p.id).toBe(true);
      // Numbers of a result belong in the generated sentence only, so the paragraph cannot promise something else.
      expect(p.description, p.id).not.toMatch(/\d\s*%|about \d/);
    }
    const mlp = PRESETS.find((p) => p.id === 'mnist-mlp')!;
    expect(resultSentence(mlp)).toBe(
      'With the defaults (5 epochs) it reaches about 97.7% test accuracy; 1 epoch reaches about 95% test accuracy.',
    );
    const iris = PRESETS.find((p) => p.id === 'iris')!;
    expect(resultSentence(iris)).toBe('With the defaults (100 epochs) it reaches about 97% test accuracy.');
  });
});
