/**
 * PyRadiomics' image types on inputs small enough to check by hand, from PyRadiomics' definitions
 * (imageoperations.py), PyWavelets' swt (periodic convolution, centre F/2) and scikit-image's
 * local_binary_pattern. The MRI references (test/pyradiomics/) check them against PyRadiomics itself.
 */
import { describe, expect, test } from 'vitest';
import { createVolume, type Vec3 } from '../../../src/image/volume.js';
import { intensityMapFilter, lbp2dFilter, stationaryWaveletFilter } from '../../../src/preprocess/filters/index.js';

const volume = (data: number[], shape: Vec3) => createVolume({ data: Float64Array.from(data), shape, spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] });
const values = (v: { voxels: { data: ArrayLike<number> } }) => Array.from(v.voxels.data);

describe('intensityMapFilter(image, map): scaled by m = max |x| = 4 of [-4, 1, 4]', () => {
  const image = volume([-4, 1, 4], [3, 1, 1]);
  test.each([
    ['square', [4, 0.25, 4]],
    ['squareRoot', [-4, 2, 4]],
    ['logarithm', [-4, (4 * Math.log(2)) / Math.log(5), 4]],
    ['exponential', [0.25, 4 ** 0.25, 4]],
  ] as const)('%s -> %j', (map, expected) => {
    values(intensityMapFilter(image, map)).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
  });
});

describe('stationaryWaveletFilter(haar, 2D): PyWavelets swt, out[n] = (x[n] + x[n+1]) / sqrt 2 (low), (x[n] - x[n+1]) / sqrt 2 (high), periodic', () => {
  // y has length 1: extended to 2 by a copy, so the low-pass along y multiplies by sqrt 2.
  test('LL of [1, 2, 3, 5] = [3, 5, 8, 6]; HL = [-1, -1, -2, 4]', () => {
    const image = volume([1, 2, 3, 5], [4, 1, 1]);
    values(stationaryWaveletFilter(image, { wavelet: 'haar', decomposition: 'LL', level: 1, dims: '2D' })).forEach((v, i) => expect(v).toBeCloseTo([3, 5, 8, 6][i], 12));
    values(stationaryWaveletFilter(image, { wavelet: 'haar', decomposition: 'HL', level: 1, dims: '2D' })).forEach((v, i) => expect(v).toBeCloseTo([-1, -1, -2, 4][i], 12));
  });
  test('an odd axis is extended by a copy of its first voxel: LL of [1, 2, 3] = [3, 5, 4]', () => {
    values(stationaryWaveletFilter(volume([1, 2, 3], [3, 1, 1]), { wavelet: 'haar', decomposition: 'LL', level: 1, dims: '2D' })).forEach((v, i) => expect(v).toBeCloseTo([3, 5, 4][i], 12));
  });
  test('level 2 repeats the undilated filters on the level-1 approximation: LL = [8, 13, 14, 9]', () => {
    values(stationaryWaveletFilter(volume([1, 2, 3, 5], [4, 1, 1]), { wavelet: 'haar', decomposition: 'LL', level: 2, dims: '2D' })).forEach((v, i) => expect(v).toBeCloseTo([8, 13, 14, 9][i], 12));
  });
});

describe('lbp2dFilter(slice [[1, 2, 3], [4, 5, 6], [7, 8, 9]], P 8, R 1): the centre 5 sees 6, 3.59, 2, 2.17, 4, 6.41, 8, 7.83 -> bits 1 0 0 0 0 1 1 1', () => {
  const image = volume([1, 2, 3, 4, 5, 6, 7, 8, 9], [3, 3, 1]);
  test.each([
    ['uniform', 4],
    ['default', 1 + 32 + 64 + 128],
    ['ror', 15],
    ['nri_uniform', 1 + 3 * 8 + 3],
  ] as const)('%s -> %d', (method, expected) => {
    expect(values(lbp2dFilter(image, { samples: 8, radius: 1, method }))[4]).toBe(expected);
  });
  test('var -> the population variance of the 8 bilinear samples (offsets rounded to 5 decimals, k = 0.70711)', () => {
    const k = 0.70711;
    const samples = [6, k * (2 + k) + (1 - k) * (5 + k), 2, k * (2 - k) + (1 - k) * (5 - k), 4, (1 - k) * (5 - k) + k * (8 - k), 8, (1 - k) * (5 + k) + k * (8 + k)];
    const mean = samples.reduce((a, x) => a + x, 0) / 8;
    const variance = samples.reduce((a, x) => a + (x - mean) ** 2, 0) / 8;
    expect(values(lbp2dFilter(image, { samples: 8, radius: 1, method: 'var' }))[4]).toBeCloseTo(variance, 12);
  });
});
