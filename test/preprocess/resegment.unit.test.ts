import { describe, expect, test } from 'vitest';
import { caught } from '../helpers/errors.js';
import { resegmentationSummary, resegmentMask } from '../../src/preprocess/resegment.js';

const f64 = (v: number[]) => Float64Array.from(v);
const u8 = (v: number[]) => Uint8Array.from(v);

describe('resegmentMask: range (IBSI USB3)', () => {
  const x = f64([-1000, -500, -499, 0, 400, 401, 3000]);
  const all = u8([1, 1, 1, 1, 1, 1, 1]);

  test('resegmentMask(x, m, { range: [-500, 400] }) keeps the closed interval', () => {
    expect([...resegmentMask(x, all, { range: [-500, 400] })]).toEqual([0, 1, 1, 1, 1, 0, 0]);
  });

  test('resegmentMask(x, m, { range: [-500, null] }) has an open upper bound', () => {
    expect([...resegmentMask(x, all, { range: [-500, null] })]).toEqual([0, 1, 1, 1, 1, 1, 1]);
  });

  test('resegmentMask(x, m, { range: [null, 400] }) has an open lower bound', () => {
    expect([...resegmentMask(x, all, { range: [null, 400] })]).toEqual([1, 1, 1, 1, 1, 0, 0]);
  });

  test('resegmentMask leaves voxels outside the mask at 0 and returns a new array', () => {
    const m = u8([0, 1, 0, 1, 0, 1, 0]);
    const out = resegmentMask(x, m, { range: [-500, null] });
    expect([...out]).toEqual([0, 1, 0, 1, 0, 1, 0]);
    expect(out).not.toBe(m);
  });

  test('resegmentMask(x, m) and resegmentMask(x, m, { range: null, outlierSigma: null }) copy the mask', () => {
    const m = u8([0, 1, 0, 1, 0, 1, 0]);
    expect([...resegmentMask(x, m)]).toEqual([...m]);
    expect([...resegmentMask(x, m, { range: null, outlierSigma: null })]).toEqual([...m]);
  });
});

describe('resegmentMask: outlier filtering (IBSI 7ACA)', () => {
  test('resegmentMask([1, 2, 3, 4, 10], all, { outlierSigma: 1 }) drops 10: mean 4, population SD sqrt(10)', () => {
    // mean 20/5 = 4; variance (9 + 4 + 1 + 0 + 36)/5 = 10; [4 - 3.162, 4 + 3.162] = [0.838, 7.162].
    const x = f64([1, 2, 3, 4, 10]);
    const m = u8([1, 1, 1, 1, 1]);
    expect([...resegmentMask(x, m, { outlierSigma: 1 })]).toEqual([1, 1, 1, 1, 0]);
    const { lower, upper } = resegmentationSummary(x, m, { outlierSigma: 1 });
    expect(lower).toBeCloseTo(4 - Math.sqrt(10), 12);
    expect(upper).toBeCloseTo(4 + Math.sqrt(10), 12);
    expect([...resegmentMask(x, m, { outlierSigma: 3 })]).toEqual([1, 1, 1, 1, 1]);
  });

  test('the statistics use only voxels inside the mask', () => {
    // The 1e6 outside the mask would raise the SD enough to keep 10.
    const x = f64([1, 2, 3, 4, 10, 1e6]);
    expect([...resegmentMask(x, u8([1, 1, 1, 1, 1, 0]), { outlierSigma: 1 })]).toEqual([1, 1, 1, 1, 0, 0]);
  });

  test('range and outlierSigma intersect, with mean and SD over the ROI before range re-segmentation', () => {
    // x = [-1000, 0, 10, 20, 30, 40, 500]: mean -400/7 = -57.143; sum of squares 1,253,000, so the
    // population variance is 1,253,000/7 - (400/7)^2 = 175,734.69, SD 419.207; mean + 2 SD = 781.27.
    // Range [-500, inf) intersected with [-895.56, 781.27] = [-500, 781.27]: 500 stays.
    // (SD after range filtering, over [0, ..., 500], would be 179.35 with mean 100 and drop 500.)
    const x = f64([-1000, 0, 10, 20, 30, 40, 500]);
    const m = u8([1, 1, 1, 1, 1, 1, 1]);
    expect([...resegmentMask(x, m, { range: [-500, null], outlierSigma: 2 })]).toEqual([0, 1, 1, 1, 1, 1, 1]);
    const summary = resegmentationSummary(x, m, { range: [-500, null], outlierSigma: 2 });
    const { lower, upper } = summary;
    const mean = -400 / 7;
    const sd = Math.sqrt(1253000 / 7 - mean * mean);
    expect(summary.mean).toBeCloseTo(mean, 12);
    expect(summary.sd).toBeCloseTo(sd, 9);
    expect([summary.roiVoxels, summary.keptVoxels]).toEqual([7, 6]);
    expect(lower).toBe(-500);
    expect(upper).toBeCloseTo(mean + 2 * sd, 9);
    expect(upper).toBeCloseTo(781.27, 2);
  });

  test('resegmentationSummary without options is (-Infinity, Infinity) and keeps every ROI voxel', () => {
    expect(resegmentationSummary(f64([1, 2, 3]), u8([1, 1, 0]))).toEqual({ lower: -Infinity, upper: Infinity, roiVoxels: 2, keptVoxels: 2, mean: null, sd: null });
  });

  test('config E order: range [-1000, 400] and 3 sigma, mean and SD over the ROI before the range', () => {
    // ROI: 30 voxels at 0, one at -1200 and one at 900. N = 32, mean = (-1200 + 900) / 32 = -9.375.
    // Sum of squares 1,440,000 + 810,000 = 2,250,000; variance 2,250,000 / 32 - 9.375^2 = 70,224.609375,
    // SD 264.9992; 3 SD interval [-804.37, 785.62]. Intersected with [-1000, 400]: [-804.37, 400].
    const x = f64([...Array(30).fill(0), -1200, 900]);
    const m = new Uint8Array(32).fill(1);
    const s = resegmentationSummary(x, m, { range: [-1000, 400], outlierSigma: 3 });
    const sd = Math.sqrt(2250000 / 32 - 9.375 ** 2);
    expect(s.mean).toBe(-9.375);
    expect(s.sd).toBeCloseTo(sd, 9);
    expect(s.lower).toBeCloseTo(-9.375 - 3 * sd, 9);
    expect(s.upper).toBe(400);
    expect([s.roiVoxels, s.keptVoxels]).toEqual([32, 30]);
    expect([...resegmentMask(x, m, { range: [-1000, 400], outlierSigma: 3 })]).toEqual([...Array(30).fill(1), 0, 0]);
  });

  test('outlier filtering of an empty mask returns an empty mask (extract() reports EmptyMask)', () => {
    expect([...resegmentMask(f64([1, 2, 3]), u8([0, 0, 0]), { outlierSigma: 3 })]).toEqual([0, 0, 0]);
  });

  test('a constant ROI keeps every voxel (SD 0: the interval is the single value)', () => {
    expect([...resegmentMask(f64([5, 5, 5]), u8([1, 1, 1]), { outlierSigma: 3 })]).toEqual([1, 1, 1]);
  });
});

describe('resegmentMask: invalid input', () => {
  const x = f64([1, 2, 3]);
  const m = u8([1, 1, 1]);

  test.each([
    [{ range: [400, -500] }, 'range'],
    [{ range: [NaN, 400] }, 'range'],
    [{ range: [-Infinity, 400] }, 'range'],
    [{ range: [1, 2, 3] }, 'range'],
    [{ range: 'soft' }, 'range'],
    [{ outlierSigma: 0 }, 'outlierSigma'],
    [{ outlierSigma: -3 }, 'outlierSigma'],
    [{ outlierSigma: Infinity }, 'outlierSigma'],
    [{ outlierSigma: '3' }, 'outlierSigma'],
  ])('resegmentMask(x, m, %j) throws InvalidArgument naming %s', (options, key) => {
    const e = caught(() => resegmentMask(x, m, options as never));
    expect(e.code).toBe('InvalidArgument');
    expect(e.detail.key).toBe(key);
    expect(e.message).toContain(key);
  });

  test('resegmentMask with arrays of different lengths throws InvalidArgument', () => {
    expect(caught(() => resegmentMask(x, u8([1, 1]), { range: [0, 1] })).code).toBe('InvalidArgument');
  });

  test('resegmentMask(x with NaN in the ROI, outlierSigma) throws NonFiniteVoxels', () => {
    expect(caught(() => resegmentMask(f64([1, NaN, 3]), m, { outlierSigma: 3 })).code).toBe('NonFiniteVoxels');
  });
});

describe('resegmentMask with PyRadiomics resegmentMode (option mode)', () => {
  // ROI intensities 10, 20, 30, 40 (the fifth voxel lies outside the mask): max 40, mean 25,
  // population sd sqrt((225 + 25 + 25 + 225) / 4) = sqrt(125).
  const x = Float64Array.from([10, 20, 30, 40, 1000]);
  const m = Uint8Array.from([1, 1, 1, 1, 0]);
  test('relative [0.5, 0.8]: kept [0.5 max, 0.8 max] = [20, 32]', () => {
    expect([...resegmentMask(x, m, { range: [0.5, 0.8], mode: 'relative' })]).toEqual([0, 1, 1, 0, 0]);
    expect(resegmentationSummary(x, m, { range: [0.5, 0.8], mode: 'relative' })).toMatchObject({ lower: 20, upper: 32 });
  });
  test('relative [0.6, null] (one threshold): kept >= 0.6 max = 24', () => {
    expect([...resegmentMask(x, m, { range: [0.6, null], mode: 'relative' })]).toEqual([0, 0, 1, 1, 0]);
  });
  test('sigma [-1, 0.5] (asymmetric): kept [mean - sd, mean + 0.5 sd] = [13.82, 30.59]', () => {
    const sd = Math.sqrt(125);
    const s = resegmentationSummary(x, m, { range: [-1, 0.5], mode: 'sigma' });
    expect(s.lower).toBeCloseTo(25 - sd, 12);
    expect(s.upper).toBeCloseTo(25 + 0.5 * sd, 12);
    expect([...resegmentMask(x, m, { range: [-1, 0.5], mode: 'sigma' })]).toEqual([0, 1, 1, 0, 0]);
  });
  test('sigma [-n, n] keeps what outlierSigma n keeps', () => {
    expect(resegmentMask(x, m, { range: [-1, 1], mode: 'sigma' })).toEqual(resegmentMask(x, m, { outlierSigma: 1 }));
  });
});
