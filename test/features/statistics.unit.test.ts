import { describe, expect, test } from 'vitest';
import { quantileSorted, sortedCopy, statisticsFamily, statisticsStats, STATISTICS_FEATURES } from '../../src/features/statistics.js';
import { rng } from '../helpers/random.js';
import type { FamilyInput } from '../../src/features/types.js';
import { featuresFor } from '../../src/features/evaluate.js';
import { phantomFamilyInput } from '../helpers/digital-phantom.js';

/** Evaluates every feature of the table on a stats object. */
function features(values: number[]): Record<string, number> {
  const s = statisticsStats(values, 0, 1);
  return Object.fromEntries(Object.entries(STATISTICS_FEATURES).map(([k, d]) => [k, d.compute(s)]));
}

/** A FamilyInput carrying only roiValues (the statistics family reads nothing else). */
function inputOf(values: number[]): FamilyInput {
  return { ...phantomFamilyInput(), roiValues: Float64Array.from(values) };
}

describe('sortedCopy(values)', () => {
  /** Same length and the same double at every index, -0 and +0 told apart (Object.is). */
  const sameBits = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
  const r = rng(21);
  const cases: [string, Float64Array][] = [
    ['float32 intensities, 300,000', Float64Array.from(Float32Array.from({ length: 300_000 }, () => 1000 * r()))],
    ['doubles of both signs, 5,000', Float64Array.from({ length: 5000 }, () => (r() - 0.5) * 10 ** (20 * r() - 10))],
    ['integers with many repeats, 4,096', Float64Array.from({ length: 4096 }, () => Math.floor(20 * r()) - 10)],
    ['+-0, +-Infinity, NaN, subnormals and extremes, 2,000', Float64Array.from({ length: 2000 }, (_, i) => [0, -0, NaN, Infinity, -Infinity, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 1, -1][i % 11])],
    ['one value repeated, 1,024', new Float64Array(1024).fill(-2.5)],
    ['below the radix threshold, 100', Float64Array.from({ length: 100 }, () => r() - 0.5)],
  ];
  test.each(cases)('sortedCopy(%s) equals Float64Array.prototype.sort bit for bit', (_name, values) => {
    const copy = Float64Array.from(values);
    expect(sameBits(sortedCopy(values), Float64Array.from(values).sort())).toBe(true);
    expect(sameBits(values, copy)).toBe(true); // input untouched
  });

  test('sortedCopy of a plain array and of an empty one', () => {
    expect(Array.from(sortedCopy([3, -1, 2]))).toEqual([-1, 2, 3]);
    expect(sortedCopy([])).toHaveLength(0);
  });
});

describe('quantileSorted', () => {
  // Type 7: h = (n - 1) p on [1, 2, 3, 4]: p = 0.1 -> h = 0.3 -> 1 + 0.3 (2 - 1) = 1.3;
  // p = 0.5 -> h = 1.5 -> 2.5; p = 0.9 -> h = 2.7 -> 3 + 0.7 = 3.7.
  test.each([
    [0, 1],
    [0.1, 1.3],
    [0.5, 2.5],
    [0.9, 3.7],
    [1, 4],
  ])('quantileSorted([1, 2, 3, 4], %s) is %s', (p, q) => {
    expect(quantileSorted([1, 2, 3, 4], p)).toBeCloseTo(q, 14);
  });

  test('quantileSorted([7], p) is 7 for every p', () => {
    for (const p of [0, 0.1, 0.5, 0.9, 1]) expect(quantileSorted([7], p)).toBe(7);
  });

  test('quantileSorted([], 0.5) is NaN', () => {
    expect(quantileSorted([], 0.5)).toBeNaN();
  });

  test('quantileSorted(phantom, 0.9) is 4 (type 7; type 6 would give 5)', () => {
    const sorted = Float64Array.from(phantomFamilyInput().roiValues).sort();
    expect(quantileSorted(sorted, 0.9)).toBe(4);
  });
});

describe('statisticsStats', () => {
  // X = [1, 2, 3, 4, 10], N = 5: mean 20/5 = 4; deviations -3, -2, -1, 0, 6.
  // m2 = (9 + 4 + 1 + 0 + 36)/5 = 10; m3 = (-27 - 8 - 1 + 0 + 216)/5 = 36; m4 = (81 + 16 + 1 + 0 + 1296)/5 = 278.8.
  // Type-7 quantiles, h = 4p: P10 = 1.4, P25 = 2, median 3, P75 = 4, P90 = 4 + 0.6 (10 - 4) = 7.6.
  // MAD = (3 + 2 + 1 + 0 + 6)/5 = 2.4. Robust set {x : 1.4 <= x <= 7.6} = {2, 3, 4}, mean 3, RMAD = 2/3.
  // Median AD = (2 + 1 + 0 + 1 + 7)/5 = 2.2. Energy = 1 + 4 + 9 + 16 + 100 = 130.
  test('statisticsStats([1, 2, 3, 4, 10]) gives the hand-computed statistics', () => {
    const s = statisticsStats([10, 3, 1, 4, 2]);
    expect(s.n).toBe(5);
    expect(s.mean).toBe(4);
    expect(s.m2).toBeCloseTo(10, 12);
    expect(s.m3).toBeCloseTo(36, 12);
    expect(s.m4).toBeCloseTo(278.8, 12);
    expect([s.min, s.max]).toEqual([1, 10]);
    expect(s.p10).toBeCloseTo(1.4, 12);
    expect([s.p25, s.median, s.p75]).toEqual([2, 3, 4]);
    expect(s.p90).toBeCloseTo(7.6, 12);
    expect(s.meanAbsDev).toBeCloseTo(2.4, 12);
    expect(s.robustMeanAbsDev).toBeCloseTo(2 / 3, 12);
    expect(s.medianAbsDev).toBeCloseTo(2.2, 12);
    expect(s.sumSquares).toBe(130);
  });

  test('statisticsStats(values) does not depend on the order of the values', () => {
    expect(statisticsStats([4, 1, 10, 2, 3])).toEqual(statisticsStats([1, 2, 3, 4, 10]));
  });

  // Sorted: -1e16, 1, 1e16. A naive sum loses the 1 (-1e16 + 1 rounds to -1e16) and gives 0; the
  // Neumaier compensation keeps it, so the mean is 1/3.
  test('statisticsStats([1e16, 1, -1e16]).mean is 1/3 (compensated sum)', () => {
    expect(statisticsStats([1e16, 1, -1e16]).mean).toBe(1 / 3);
  });

  test('statisticsStats([0.1, 0.1, 0.1]) has mean exactly 0.1 and variance exactly 0', () => {
    const s = statisticsStats([0.1, 0.1, 0.1]);
    expect(s.mean).toBe(0.1);
    expect(s.m2).toBe(0);
    expect(s.m3).toBe(0);
  });
});

describe('STATISTICS_FEATURES', () => {
  test('features([1, 2, 3, 4, 10]) gives the hand-computed values', () => {
    const f = features([1, 2, 3, 4, 10]);
    expect(f.mean).toBe(4);
    expect(f.variance).toBeCloseTo(10, 12);
    expect(f.skewness).toBeCloseTo(36 / 10 ** 1.5, 12); // 1.1384...
    expect(f.kurtosis).toBeCloseTo(278.8 / 100 - 3, 12); // -0.212
    expect(f.median).toBe(3);
    expect(f.minimum).toBe(1);
    expect(f.percentile10).toBeCloseTo(1.4, 12);
    expect(f.percentile90).toBeCloseTo(7.6, 12);
    expect(f.maximum).toBe(10);
    expect(f.interquartileRange).toBe(2);
    expect(f.range).toBe(9);
    expect(f.meanAbsoluteDeviation).toBeCloseTo(2.4, 12);
    expect(f.robustMeanAbsoluteDeviation).toBeCloseTo(2 / 3, 12);
    expect(f.medianAbsoluteDeviation).toBeCloseTo(2.2, 12);
    expect(f.coefficientOfVariation).toBeCloseTo(Math.sqrt(10) / 4, 12);
    expect(f.quartileCoefficientOfDispersion).toBeCloseTo(2 / 6, 12); // (4 - 2)/(4 + 2)
    expect(f.energy).toBe(130);
    expect(f.rootMeanSquare).toBeCloseTo(Math.sqrt(26), 12); // sqrt(130/5)
  });

  test('features([5]) of one voxel: zero spread, skewness and kurtosis 0 (IBSI), every value finite', () => {
    const f = features([5]);
    expect(f.variance).toBe(0);
    expect(f.skewness).toBe(0);
    expect(f.kurtosis).toBe(0);
    expect(f.coefficientOfVariation).toBe(0);
    expect(f.quartileCoefficientOfDispersion).toBe(0);
    expect(f.robustMeanAbsoluteDeviation).toBe(0);
    expect([f.median, f.minimum, f.maximum, f.percentile10, f.percentile90]).toEqual([5, 5, 5, 5, 5]);
    expect(f.energy).toBe(25);
    expect(f.rootMeanSquare).toBe(5);
    for (const v of Object.values(f)) expect(Number.isFinite(v)).toBe(true);
  });

  // With the mean computed as sum/N, 0.1 * 3 / 3 is not exactly 0.1 and the deviations are +-1e-17:
  // skewness would come out as d^3/|d|^3 = +-1. The constant case is detected, so it is exactly 0.
  test('features([0.1, 0.1, 0.1]) of a constant ROI: skewness and kurtosis exactly 0', () => {
    const f = features([0.1, 0.1, 0.1]);
    expect(f.skewness).toBe(0);
    expect(f.kurtosis).toBe(0);
    expect(f.coefficientOfVariation).toBe(0);
  });

  // X = [-1, 1]: mean 0 -> CoV = 1/0; P25 = -0.5, P75 = 0.5 -> QCOD = 1/0; P10 = -0.8 and P90 = 0.8
  // leave no voxel in [P10, P90] -> RMAD = 0/0.
  test('statisticsFamily.compute([-1, 1]) reports RMAD, CoV and QCOD as null with UndefinedFeature warnings', () => {
    const out = statisticsFamily.compute(inputOf([-1, 1]), {});
    const byKey = Object.fromEntries(out.values.map((v) => [v.feature, v.value]));
    expect(byKey.robustMeanAbsoluteDeviation).toBeNull();
    expect(byKey.coefficientOfVariation).toBeNull();
    expect(byKey.quartileCoefficientOfDispersion).toBeNull();
    expect(out.warnings.map((w) => [w.code, w.feature])).toEqual([
      ['UndefinedFeature', 'stat.robustMeanAbsoluteDeviation'],
      ['UndefinedFeature', 'stat.coefficientOfVariation'],
      ['UndefinedFeature', 'stat.quartileCoefficientOfDispersion'],
    ]);
    expect(out.warnings[1].message).toContain('the mean intensity is 0');
    expect(byKey.skewness).toBe(0);
    expect(out.values.every((v) => v.value === null || Number.isFinite(v.value))).toBe(true);
  });

  test('statisticsFamily.compute([1, 1, 1]) of a constant ROI reports no warning', () => {
    const out = statisticsFamily.compute(inputOf([1, 1, 1]), {});
    expect(out.warnings).toEqual([]);
    expect(out.values.find((v) => v.feature === 'kurtosis')?.value).toBe(0);
  });
});

describe('statisticsFamily', () => {
  test('statisticsFamily is "stat" (UHIW) with the 18 IBSI features, each with its own code, and 4 of compat mode pyradiomics without one', () => {
    expect([statisticsFamily.name, statisticsFamily.title, statisticsFamily.ibsi]).toEqual(['stat', 'Intensity-based statistical features', 'UHIW']);
    const compat = Object.entries(statisticsFamily.features).filter(([, d]) => d.compat !== undefined);
    expect(compat.map(([k]) => k)).toEqual(['kurtosisPyradiomics', 'energyPyradiomics', 'totalEnergy', 'rootMeanSquarePyradiomics']);
    for (const [k, d] of compat) expect([d.ibsi, d.compat, typeof d.noIbsiReason], k).toEqual([null, 'pyradiomics', 'string']);
    const defs = Object.values(featuresFor(statisticsFamily.features, 'ibsi'));
    expect(defs).toHaveLength(18);
    expect(new Set(defs.map((d) => d.ibsi)).size).toBe(18);
    for (const d of defs) expect(d.formula.trim()).not.toBe('');
  });

  test('statisticsFamily.compute(phantom) returns one value per feature, in table order, without aggregation', () => {
    const out = statisticsFamily.compute(phantomFamilyInput(), {});
    expect(out.values.map((v) => v.feature)).toEqual(Object.keys(featuresFor(STATISTICS_FEATURES, 'ibsi')));
    expect(out.values.every((v) => v.aggregation === null && !('distance' in v))).toBe(true);
    expect(out.warnings).toEqual([]);
  });
});
