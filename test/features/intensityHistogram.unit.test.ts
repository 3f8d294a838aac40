import { describe, expect, test } from 'vitest';
import {
  histogramGradient,
  histogramQuantile,
  intensityHistogram,
  intensityHistogramFamily,
  intensityHistogramStats,
  INTENSITY_HISTOGRAM_FEATURES,
} from '../../src/features/intensityHistogram.js';
import type { FamilyInput } from '../../src/features/types.js';
import { phantomFamilyInput } from '../helpers/digital-phantom.js';
import { rng } from '../helpers/random.js';

/** Histogram of grey levels that are all inside the mask. */
function hist(levels: number[], nBins: number) {
  return intensityHistogram(Int32Array.from(levels), new Uint8Array(levels.length).fill(1), nBins);
}

function features(levels: number[], nBins: number): Record<string, number> {
  const s = intensityHistogramStats(hist(levels, nBins));
  return Object.fromEntries(Object.entries(INTENSITY_HISTOGRAM_FEATURES).map(([k, d]) => [k, d.compute(s)]));
}

/** A FamilyInput whose box holds exactly these grey levels (the family reads levels, intensityMask, nBins). */
function inputOf(levels: number[], nBins: number): FamilyInput {
  return { ...phantomFamilyInput(), levels: Int32Array.from(levels), intensityMask: new Uint8Array(levels.length).fill(1), nBins };
}

describe('intensityHistogram', () => {
  test('intensityHistogram([1, 2, 2, 0, 4], mask [1, 1, 1, 0, 1], 5) counts only masked voxels and keeps empty bins', () => {
    const h = intensityHistogram(Int32Array.from([1, 2, 2, 0, 4]), Uint8Array.from([1, 1, 1, 0, 1]), 5);
    expect(Array.from(h.counts)).toEqual([0, 1, 2, 0, 1, 0]);
    expect([h.n, h.nBins]).toEqual([4, 5]);
  });

  test('intensityHistogram(phantom) is n = [50, 0, 1, 16, 0, 7] over levels 1..6', () => {
    const p = phantomFamilyInput();
    const h = intensityHistogram(p.levels, p.intensityMask, p.nBins);
    expect(Array.from(h.counts).slice(1)).toEqual([50, 0, 1, 16, 0, 7]);
    expect(h.n).toBe(74);
  });

  test('intensityHistogram(levels, mask, nBins) grows past nBins when a level exceeds it', () => {
    expect(hist([1, 7], 5).nBins).toBe(7);
  });
});

describe('histogramQuantile', () => {
  // X_d = {1, 2, 2, 4}: type 7 with h = 3p: P10 -> h = 0.3 -> 1 + 0.3 (2 - 1) = 1.3; P25 -> 0.75 -> 1.75;
  // median -> 1.5 -> 2; P75 -> 2.25 -> 2 + 0.25 (4 - 2) = 2.5; P90 -> 2.7 -> 2 + 0.7 (4 - 2) = 3.4.
  test.each([
    [0.1, 1.3],
    [0.25, 1.75],
    [0.5, 2],
    [0.75, 2.5],
    [0.9, 3.4],
    [0, 1],
    [1, 4],
  ])('histogramQuantile({1, 2, 2, 4}, %s) is %s', (p, q) => {
    expect(histogramQuantile(hist([1, 2, 2, 4], 5), p)).toBeCloseTo(q, 14);
  });
});

describe('histogramGradient', () => {
  // n = [1, 2, 0, 1, 0] for levels 1..5: H'_1 = 2 - 1 = 1; H'_2 = (0 - 1)/2; H'_3 = (1 - 2)/2;
  // H'_4 = (0 - 0)/2; H'_5 = 0 - 1.
  test('histogramGradient(n = [1, 2, 0, 1, 0]) is [1, -0.5, -0.5, 0, -1]', () => {
    expect(Array.from(histogramGradient(hist([1, 2, 2, 4], 5))).slice(1)).toEqual([1, -0.5, -0.5, 0, -1]);
  });

  test('histogramGradient(one bin) is NaN', () => {
    expect(Array.from(histogramGradient(hist([1, 1], 1))).slice(1)).toEqual([NaN]);
  });
});

describe('INTENSITY_HISTOGRAM_FEATURES', () => {
  // X_d = {1, 2, 2, 4}, N_g = 5, p = (0.25, 0.5, 0, 0.25, 0): mean 9/4 = 2.25; deviations -1.25, -0.25 (x2), 1.75.
  // m2 = (1.5625 + 2 * 0.0625 + 3.0625)/4 = 1.1875; m3 = (-1.953125 - 2 * 0.015625 + 5.359375)/4 = 0.84375;
  // m4 = (2.44140625 + 2 * 0.00390625 + 9.37890625)/4 = 2.95703125.
  // MAD = (1.25 + 0.25 + 0.25 + 1.75)/4 = 0.875; {x : 1.3 <= x <= 3.4} = {2, 2} -> RMAD 0;
  // median AD = (1 + 0 + 0 + 2)/4 = 0.75. Entropy = -(0.25 log2 0.25 * 2 + 0.5 log2 0.5) = 1.5;
  // uniformity = 0.0625 + 0.25 + 0.0625 = 0.375. Gradient [1, -0.5, -0.5, 0, -1]: max 1 at 1, min -1 at 5.
  test('features({1, 2, 2, 4}, N_g = 5) gives the hand-computed values', () => {
    const f = features([1, 2, 2, 4], 5);
    expect(f.mean).toBe(2.25);
    expect(f.variance).toBeCloseTo(1.1875, 14);
    expect(f.skewness).toBeCloseTo(0.84375 / 1.1875 ** 1.5, 14);
    expect(f.kurtosis).toBeCloseTo(2.95703125 / 1.1875 ** 2 - 3, 14);
    expect(f.median).toBe(2);
    expect(f.minimum).toBe(1);
    expect(f.percentile10).toBeCloseTo(1.3, 14);
    expect(f.percentile90).toBeCloseTo(3.4, 14);
    expect(f.maximum).toBe(4);
    expect(f.mode).toBe(2);
    expect(f.interquartileRange).toBeCloseTo(0.75, 14);
    expect(f.range).toBe(3);
    expect(f.meanAbsoluteDeviation).toBeCloseTo(0.875, 14);
    expect(f.robustMeanAbsoluteDeviation).toBe(0);
    expect(f.medianAbsoluteDeviation).toBeCloseTo(0.75, 14);
    expect(f.coefficientOfVariation).toBeCloseTo(Math.sqrt(1.1875) / 2.25, 14);
    expect(f.quartileCoefficientOfDispersion).toBeCloseTo(0.75 / 4.25, 14);
    expect(f.entropy).toBeCloseTo(1.5, 14);
    expect(f.uniformity).toBeCloseTo(0.375, 14);
    expect([f.maximumGradient, f.maximumGradientIntensity, f.minimumGradient, f.minimumGradientIntensity]).toEqual([1, 1, -1, 5]);
  });

  // {1, 3}: both counts 1, mean 2, both bins at distance 1 -> the one left of the mean, 1.
  test('features({1, 3}).mode is 1: of two equidistant modal bins, the one left of the mean', () => {
    expect(features([1, 3], 3).mode).toBe(1);
  });

  // {1, 1, 3, 3, 4}: levels 1 and 3 both have 2 voxels; mean 12/5 = 2.4 is closer to 3 (0.6) than to 1 (1.4).
  test('features({1, 1, 3, 3, 4}).mode is 3: of two modal bins, the one closest to the mean', () => {
    expect(features([1, 1, 3, 3, 4], 4).mode).toBe(3);
  });

  // One voxel at level 3 of N_g = 3: n = [0, 0, 1] -> H' = [0 - 0, (1 - 0)/2, 1 - 0] = [0, 0.5, 1].
  test('features({3}, N_g = 3) of one voxel: variance 0, skewness and kurtosis 0 (IBSI), gradient [0, 0.5, 1]', () => {
    const f = features([3], 3);
    expect([f.variance, f.skewness, f.kurtosis, f.coefficientOfVariation]).toEqual([0, 0, 0, 0]);
    expect([f.mean, f.median, f.mode, f.percentile10, f.percentile90]).toEqual([3, 3, 3, 3, 3]);
    expect([f.entropy, f.uniformity]).toEqual([0, 1]);
    expect([f.maximumGradient, f.maximumGradientIntensity, f.minimumGradient, f.minimumGradientIntensity]).toEqual([1, 3, 0, 1]);
  });

  test('intensityHistogramFamily.compute(all voxels at level 2) reports skewness and kurtosis 0 and no warning', () => {
    const out = intensityHistogramFamily.compute(inputOf([2, 2, 2, 2], 4), {});
    expect(out.warnings).toEqual([]);
    const byKey = Object.fromEntries(out.values.map((v) => [v.feature, v.value]));
    expect([byKey.variance, byKey.skewness, byKey.kurtosis]).toEqual([0, 0, 0]);
  });

  test('intensityHistogramFamily.compute(N_g = 1) reports the four gradient features as null with UndefinedFeature warnings', () => {
    const out = intensityHistogramFamily.compute(inputOf([1, 1, 1], 1), {});
    expect(out.warnings.map((w) => [w.code, w.feature])).toEqual([
      ['UndefinedFeature', 'ih.maximumGradient'],
      ['UndefinedFeature', 'ih.maximumGradientIntensity'],
      ['UndefinedFeature', 'ih.minimumGradient'],
      ['UndefinedFeature', 'ih.minimumGradientIntensity'],
    ]);
    expect(out.warnings[0].message).toContain('single bin');
    expect(out.values.filter((v) => v.value === null).map((v) => v.feature)).toEqual(['maximumGradient', 'maximumGradientIntensity', 'minimumGradient', 'minimumGradientIntensity']);
  });

  // Levels [1, 3] -> P10 = 1.2, P90 = 2.8: no voxel in between.
  test('intensityHistogramFamily.compute({1, 3}) reports RMAD as null (no voxel in [P10, P90])', () => {
    const out = intensityHistogramFamily.compute(inputOf([1, 3], 3), {});
    expect(out.warnings.map((w) => w.feature)).toEqual(['ih.robustMeanAbsoluteDeviation']);
  });
});

describe('intensityHistogramFamily', () => {
  test('intensityHistogramFamily is "ih" (ZVCW) with the 23 IBSI features, each with its own code', () => {
    expect([intensityHistogramFamily.name, intensityHistogramFamily.title, intensityHistogramFamily.ibsi]).toEqual(['ih', 'Intensity histogram features', 'ZVCW']);
    const defs = Object.values(intensityHistogramFamily.features);
    expect(defs).toHaveLength(23);
    expect(new Set(defs.map((d) => d.ibsi)).size).toBe(23);
  });

  test('intensityHistogramFamily.compute(phantom) returns one value per feature, in table order, and reads only masked voxels', () => {
    const p = phantomFamilyInput();
    const out = intensityHistogramFamily.compute(p, {});
    expect(out.values.map((v) => v.feature)).toEqual(Object.keys(INTENSITY_HISTOGRAM_FEATURES));
    expect(out.warnings).toEqual([]);
    // A level outside the mask must not count.
    const levels = Int32Array.from(p.levels);
    const outside = p.intensityMask.indexOf(0);
    levels[outside] = 6;
    const again = intensityHistogramFamily.compute({ ...p, levels }, {});
    expect(again.values).toEqual(out.values);
  });
});

describe('intensityHistogramStats quantiles', () => {
  test('P10, P25, median, P75 and P90 (read in two walks up the counts) are histogramQuantile of each, bit for bit', () => {
    const random = rng(17);
    for (let t = 0; t < 2000; t++) {
      const n = 1 + Math.floor(random() * 130);
      const top = 1 + Math.floor(random() * 40);
      const levels = Int32Array.from({ length: n }, () => (random() < 0.1 ? 0 : 1 + Math.floor(random() * top)));
      const h = intensityHistogram(levels, Uint8Array.from(levels, (g) => (g > 0 ? 1 : 0)), Math.floor(random() * 10));
      const s = intensityHistogramStats(h);
      const expected = [0.1, 0.25, 0.5, 0.75, 0.9].map((p) => histogramQuantile(h, p));
      [s.p10, s.p25, s.median, s.p75, s.p90].forEach((v, i) => expect(Object.is(v, expected[i])).toBe(true));
    }
  });
});
