/**
 * ComBat against R's sva::ComBat 3.46 (test/robustness/reference: combat-input.csv, 75 cases on 3 scanners of
 * 40, 23 and 12, covariate age, 20 features; reference.R made combat-sva-*.csv). Each harmonised value is
 * compared in units of its feature's SD (over all cases, before harmonisation).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { combatFit, type CombatOptions } from '../../src/robustness/combat.js';
import { combatDataFromTable } from '../../src/robustness/table.js';
import { parseCsv } from '../../src/util/csv.js';

const DIR = new URL('./reference/', import.meta.url);
const read = (name: string) => parseCsv(readFileSync(new URL(name, DIR), 'utf8'), name);
const input = combatDataFromTable(read('combat-input.csv'), { batch: 'scanner', covariates: ['age'], exclude: ['id'] });
const { features, values } = input.data;
const p = features.length;
const n = values.length / p;

function featureSd(f: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) m += values[i * p + f] / n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (values[i * p + f] - m) ** 2;
  return Math.sqrt(s / (n - 1));
}

/** Largest |ours - sva| over cases and features, in feature SDs. */
function largestDifference(options: CombatOptions, file: string): number {
  const ours = combatFit(input.data, options).harmonised;
  const sva = combatDataFromTable(read(file), { batch: 'scanner', covariates: ['age'], exclude: ['id'] }).data;
  expect(sva.features).toEqual(features);
  let worst = 0;
  for (let f = 0; f < p; f++) {
    const sd = featureSd(f);
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(ours[i * p + f] - sva.values[i * p + f]) / sd);
  }
  return worst;
}

describe('combatFit equals sva::ComBat (3 scanners 40/23/12, covariate age, 20 features)', () => {
  test('parametric EB, mean only: within 1e-9 SD', () => {
    expect(largestDifference({ meanOnly: true }, 'combat-sva-parametric-mean-only.csv')).toBeLessThan(1e-9);
  });
  test('non-parametric EB, mean only: within 1e-9 SD', () => {
    expect(largestDifference({ meanOnly: true, parametric: false }, 'combat-sva-nonparametric-mean-only.csv')).toBeLessThan(1e-9);
  });
  test('non-parametric EB, location and scale: within 1e-9 SD', () => {
    expect(largestDifference({ parametric: false }, 'combat-sva-nonparametric.csv')).toBeLessThan(1e-9);
  });
  test('parametric EB, location and scale: within 1e-9 SD', () => {
    expect(largestDifference({}, 'combat-sva-parametric.csv')).toBeLessThan(1e-9);
  });
});
