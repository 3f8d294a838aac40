import { describe, expect, test } from 'vitest';
import {
  intensityAtVolumeFraction,
  intensityVolumeHistogram,
  intensityVolumeHistogramFamily,
  intensityVolumeHistogramStats,
  INTENSITY_VOLUME_HISTOGRAM_FEATURES,
  ivhArea,
  ivhCurve,
  volumeFractionAtIntensity,
} from '../../src/features/intensityVolumeHistogram.js';
import type { FamilyInput, IvhInput } from '../../src/features/types.js';
import { phantomFamilyInput } from '../helpers/digital-phantom.js';

function ivh(values: number[], rangeMin: number, rangeMax: number, step: number): IvhInput {
  return { values: Float64Array.from(values), rangeMin, rangeMax, step };
}

function inputOf(i: IvhInput): FamilyInput {
  return { ...phantomFamilyInput(), ivh: i };
}

/** Trapezoidal rule straight from the curve, to check the closed form of ivhArea. */
function trapezoid(gamma: Float64Array, nu: Float64Array): number {
  let a = 0;
  for (let k = 0; k + 1 < gamma.length; k++) a += ((gamma[k + 1] - gamma[k]) * (nu[k] + nu[k + 1])) / 2;
  return a;
}

describe('intensityVolumeHistogram(input).sortedIndex', () => {
  /** The grid indices by definition, sorted with the comparison sort. */
  function expected(i: IvhInput): Float64Array {
    const last = Math.floor((i.rangeMax - i.rangeMin) / i.step + 1e-7);
    return Float64Array.from(i.values, (v) => {
      const k = Math.floor((v - i.rangeMin) / i.step + 1e-7);
      return k < 0 ? -1 : k > last ? last : k;
    }).sort();
  }
  test.each([
    ['levels 1..1000 (counting sort)', ivh(Array.from({ length: 5000 }, (_, v) => 1 + ((v * 7919) % 1000)), 1, 1000, 1)],
    ['values below and above G (indices -1 and K)', ivh([-5, 0.5, 3, 99, 2, 2, -1], 0, 10, 1)],
    ['a G far wider than the ROI (comparison sort)', ivh([0, 1e9, 5e8, 3, 3], 0, 1e9, 1)],
    ['a NaN intensity (comparison sort)', ivh([3, NaN, 1, 2], 0, 5, 1)],
    ['no voxel', ivh([], 0, 5, 1)],
  ])('%s: the grid indices in ascending order', (_name, i) => {
    expect(intensityVolumeHistogram(i).sortedIndex).toEqual(expected(i));
  });
});

describe('intensityVolumeHistogram', () => {
  // The manual's table for the digital phantom (G = [1, 6], w = 1): nu = 1, 0.324, 0.324, 0.311, 0.095, 0.095.
  // Counts 50, 0, 1, 16, 0, 7 of 74: nu_2 = 24/74, nu_4 = 23/74, nu_5 = 7/74.
  test('ivhCurve(phantom) reproduces the manual\'s example IVH table', () => {
    const c = ivhCurve(intensityVolumeHistogram(phantomFamilyInput().ivh));
    expect(Array.from(c.intensity)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(c.gamma)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(Array.from(c.nu).map((v) => Number(v.toFixed(3)))).toEqual([1, 0.324, 0.324, 0.311, 0.095, 0.095]);
  });

  // Bin centres of a fixed bin size of 0.1 from 0: 0 + (d - 0.5) 0.1 = 0.05, 0.15, 0.25 carry rounding
  // ((3 - 0.5) * 0.1 = 0.25000000000000006); each must still land on grid index d - 1.
  test('intensityVolumeHistogram(bin centres 0.05, 0.15, 0.25; w = 0.1) puts each on its own grid index', () => {
    const values = [1, 2, 3].map((d) => 0 + (d - 0.5) * 0.1);
    const h = intensityVolumeHistogram(ivh(values, 0.05, 0.25, 0.1));
    expect(h.lastIndex).toBe(2);
    expect(Array.from(h.sortedIndex)).toEqual([0, 1, 2]);
  });

  // X = 1.5 in G = [1, 3]: nu_1 = 1 (1.5 >= 1), nu_2 = 0 (1.5 < 2): an off-grid value counts for the
  // grid intensities it reaches, as the Iverson bracket [X < i] says.
  test('intensityVolumeHistogram(off-grid 1.5 in G = [1, 3]) counts it for i = 1 only', () => {
    const c = ivhCurve(intensityVolumeHistogram(ivh([1.5], 1, 3, 1)));
    expect(Array.from(c.nu)).toEqual([1, 0, 0]);
  });
});

describe('volume and intensity at fractions', () => {
  // X = [1, 2, 2, 3, 5], G = [1, 5], w = 1: gamma = 0, .25, .5, .75, 1; nu = 1, .8, .4, .2, .2.
  // V10: smallest gamma >= .1 is .25 (i = 2) -> nu = .8. V90: gamma >= .9 only at i = 5 -> .2.
  // I90: smallest i with nu <= .9 is 2. I10: no i in G has nu <= .1 (nu_5 = .2) -> max(G) + w = 6.
  // AUC = .25 ((1 + .8) + (.8 + .4) + (.4 + .2) + (.2 + .2))/2 = .25 * 2 = .5.
  const h = intensityVolumeHistogram(ivh([1, 2, 2, 3, 5], 1, 5, 1));

  test('volumeFractionAtIntensity(h, 10) is 0.8 and (h, 90) is 0.2', () => {
    expect(volumeFractionAtIntensity(h, 10)).toBeCloseTo(0.8, 15);
    expect(volumeFractionAtIntensity(h, 90)).toBeCloseTo(0.2, 15);
  });

  test('intensityAtVolumeFraction(h, 90) is 2 and (h, 10) is max(G) + w_d = 6 when every intensity of G holds more than 10%', () => {
    expect(intensityAtVolumeFraction(h, 90)).toBe(2);
    expect(intensityAtVolumeFraction(h, 10)).toBe(6);
  });

  test('ivhArea(h) is 0.5 and equals the trapezoidal rule on ivhCurve(h)', () => {
    expect(ivhArea(h)).toBeCloseTo(0.5, 15);
    const c = ivhCurve(h);
    expect(ivhArea(h)).toBeCloseTo(trapezoid(c.gamma, c.nu), 15);
  });

  // The boundary: gamma = exactly 10% must count as "at least 10%". G = [0, 10], w = 1: gamma_1 = 0.1.
  // X = 0..9 (one voxel each): nu_1 = 0.9 -> V10 = 0.9. nu_9 = 0.1 <= 0.1 -> I10 = 9 (exact, no rounding).
  test('volumeFractionAtIntensity and intensityAtVolumeFraction include their exact boundaries', () => {
    const g = intensityVolumeHistogram(ivh([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 0, 10, 1));
    expect(volumeFractionAtIntensity(g, 10)).toBeCloseTo(0.9, 15);
    expect(intensityAtVolumeFraction(g, 10)).toBe(9);
    expect(intensityAtVolumeFraction(g, 90)).toBe(1);
  });

  test('ivhArea(h) on a wide G with sparse values agrees with the curve', () => {
    const values = Array.from({ length: 200 }, (_, k) => -1000 + ((k * 37) % 1400));
    const w = intensityVolumeHistogram(ivh(values, -1000, 400, 1));
    const c = ivhCurve(w);
    expect(ivhArea(w)).toBeCloseTo(trapezoid(c.gamma, c.nu), 12);
  });
});

describe('INTENSITY_VOLUME_HISTOGRAM_FEATURES', () => {
  test('intensityVolumeHistogramStats(phantom) gives V10 0.324, V90 0.0946, I10 5, I90 2', () => {
    const s = intensityVolumeHistogramStats(phantomFamilyInput().ivh);
    expect(s.v10).toBe(24 / 74);
    expect(s.v90).toBe(7 / 74);
    expect([s.i10, s.i90]).toEqual([5, 2]);
  });

  // One voxel, G = [3, 3]: gamma = 0/0 -> V10, V90 and their difference undefined; AUC = 0 (IBSI: one
  // discretised intensity); nu_3 = 1 > x% -> I10 = I90 = max(G) + 1 = 4.
  test('intensityVolumeHistogramFamily.compute(one voxel, G a single intensity) reports the volume fractions as null', () => {
    const out = intensityVolumeHistogramFamily.compute(inputOf(ivh([3], 3, 3, 1)), {});
    const byKey = Object.fromEntries(out.values.map((v) => [v.feature, v.value]));
    expect(byKey.volumeFractionAt10Intensity).toBeNull();
    expect(byKey.volumeFractionAt90Intensity).toBeNull();
    expect(byKey.volumeFractionDifference10And90Intensity).toBeNull();
    expect([byKey.intensityAt10Volume, byKey.intensityAt90Volume, byKey.intensityDifference10And90Volume]).toEqual([4, 4, 0]);
    expect(byKey.areaUnderCurve).toBe(0);
    expect(out.warnings.map((w) => [w.code, w.feature])).toEqual([
      ['UndefinedFeature', 'ivh.volumeFractionAt10Intensity'],
      ['UndefinedFeature', 'ivh.volumeFractionAt90Intensity'],
      ['UndefinedFeature', 'ivh.volumeFractionDifference10And90Intensity'],
    ]);
    expect(out.warnings[0].message).toContain('single intensity');
  });

  // All voxels equal in a wider G = [1, 4]: nu = 1, 1, 0, 0 -> V10 = nu at gamma >= .1 (i = 2) = 1;
  // AUC = 0 by IBSI's rule for a single discretised intensity in the ROI.
  test('intensityVolumeHistogramFamily.compute(constant ROI in a wider G) gives V10 1 and AUC 0, no warning', () => {
    const out = intensityVolumeHistogramFamily.compute(inputOf(ivh([2, 2, 2], 1, 4, 1)), {});
    const byKey = Object.fromEntries(out.values.map((v) => [v.feature, v.value]));
    expect(byKey.volumeFractionAt10Intensity).toBe(1);
    expect(byKey.intensityAt10Volume).toBe(3);
    expect(byKey.areaUnderCurve).toBe(0);
    expect(out.warnings).toEqual([]);
  });
});

describe('intensityVolumeHistogramFamily', () => {
  test('intensityVolumeHistogramFamily is "ivh" (P88C); parameters are in keys and names', () => {
    expect([intensityVolumeHistogramFamily.name, intensityVolumeHistogramFamily.title, intensityVolumeHistogramFamily.ibsi]).toEqual(['ivh', 'Intensity-volume histogram features', 'P88C']);
    expect(Object.entries(INTENSITY_VOLUME_HISTOGRAM_FEATURES).map(([k, d]) => [k, d.ibsi, d.name])).toEqual([
      ['volumeFractionAt10Intensity', 'BC2M', 'Volume fraction at 10% intensity'],
      ['volumeFractionAt90Intensity', 'BC2M', 'Volume fraction at 90% intensity'],
      ['intensityAt10Volume', 'GBPN', 'Intensity at 10% volume'],
      ['intensityAt90Volume', 'GBPN', 'Intensity at 90% volume'],
      ['volumeFractionDifference10And90Intensity', 'DDTU', 'Volume fraction difference between 10% and 90% intensity'],
      ['intensityDifference10And90Volume', 'CNV2', 'Intensity difference between 10% and 90% volume'],
      ['areaUnderCurve', '9CMM', 'Area under the IVH curve'],
    ]);
  });

  test('intensityVolumeHistogramFamily.compute(phantom) returns one value per feature without warnings', () => {
    const out = intensityVolumeHistogramFamily.compute(phantomFamilyInput(), {});
    expect(out.values.map((v) => v.feature)).toEqual(Object.keys(INTENSITY_VOLUME_HISTOGRAM_FEATURES));
    expect(out.warnings).toEqual([]);
  });
});
