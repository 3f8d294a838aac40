/**
 * PyRadiomics' GLCM and GLRLM settings (compat pyradiomics), with expected values worked out by hand from
 * PyRadiomics' definitions (glcm.py, glrlm.py _calculateMatrix; cmatrices.c build_angles):
 * distances (every offset at the listed Chebyshev distances), symmetricalGLCM false (row = voxel, column
 * = neighbour) and weightingNorm (GLCM: exp(-||d||^2), GLRLM: ||d||, with d in mm).
 */
import { describe, expect, test } from 'vitest';
import type { Vec3 } from '../../src/image/volume.js';
import { DIRECTIONS_2D, DIRECTIONS_3D } from '../../src/features/directions.js';
import { glcmFamily, type GlcmParams } from '../../src/features/glcm/index.js';
import { glrlmFamily, type GlrlmParams } from '../../src/features/glrlm/index.js';
import { glcmDirectionWeight, glrlmDirectionWeight, pyradiomicsOffsets } from '../../src/compat/directionWeights.js';
import type { FamilyInput } from '../../src/features/types.js';
import { ofAggregation } from '../helpers/texture-input.js';
import { resolveConfig } from '../../src/config.js';
import { isRadiomicsError } from '../../src/errors.js';

/** One row along x: levels 1 2 3 3, voxel spacing 0.5 x 1 x 1 mm. */
const ROW: FamilyInput = { levels: Int32Array.from([1, 2, 3, 3]), boxShape: [4, 1, 1], nBins: 3, spacing: [0.5, 1, 1] } as unknown as FamilyInput;
const BASE: GlcmParams = { aggregations: ['3D_average', '3D_merged'], distance: 2, maxMatrixBytes: 2 ** 20, compat: 'pyradiomics', pyradiomicsDistances: [1, 2] };
const E25 = Math.exp(-0.25);
const E1 = Math.exp(-1);

describe('pyradiomicsOffsets(distances, threeD)', () => {
  test.each([
    [[1], true, 13],
    [[2], true, 49],
    [[3], true, 109],
    [[1, 2], true, 62],
    [[1], false, 4],
    [[2], false, 8],
    [[1, 3], false, 16],
  ] as const)('pyradiomicsOffsets(%j, %s) has %i offsets ((2d+1)^n - (2d-1)^n halved per distance)', (distances, threeD, count) => {
    const offsets = pyradiomicsOffsets(distances, threeD);
    expect(offsets).toHaveLength(count);
    // One of each opposite pair, PyRadiomics' member: first non-zero component in (z, y, x) order positive.
    for (const [dx, dy, dz] of offsets) expect(dz > 0 || (dz === 0 && dy > 0) || (dz === 0 && dy === 0 && dx > 0)).toBe(true);
    for (const o of offsets) expect(distances).toContain(Math.max(...o.map(Math.abs)));
    expect(new Set(offsets.map((o) => o.join(','))).size).toBe(count);
  });

  test('pyradiomicsOffsets([1], true, DIRECTIONS_3D) is the 13 IBSI directions in their order', () => {
    expect(pyradiomicsOffsets([1], true, DIRECTIONS_3D)).toEqual(DIRECTIONS_3D);
    expect(pyradiomicsOffsets([1], false, DIRECTIONS_2D)).toEqual(DIRECTIONS_2D);
    expect(new Set(pyradiomicsOffsets([1], true).map((o) => o.join(',')))).toEqual(new Set(DIRECTIONS_3D.map((o) => o.join(','))));
  });
});

describe('direction weights', () => {
  const spacing: Vec3 = [0.5, 1, 2];
  test.each([
    // offset [1, 1, 1] in mm: (0.5, 1, 2)
    ['manhattan', Math.exp(-(3.5 ** 2)), 3.5],
    ['euclidean', Math.exp(-(0.25 + 1 + 4)), Math.sqrt(5.25)],
    ['infinity', Math.exp(-4), 2],
    ['no_weighting', 1, 1],
  ] as const)('%s: GLCM exp(-||d||^2) = %f, GLRLM ||d|| = %f for [1, 1, 1] at 0.5 x 1 x 2 mm', (norm, glcm, glrlm) => {
    expect(glcmDirectionWeight([1, 1, 1], spacing, norm)).toBeCloseTo(glcm, 14);
    expect(glrlmDirectionWeight([1, 1, 1], spacing, norm)).toBeCloseTo(glrlm, 14);
  });
});

describe('glcm with PyRadiomics settings, row 1 2 3 3 at 0.5 mm, distances [1, 2]', () => {
  // Pairs along x (all other offsets find no pair in a one-voxel-thick row):
  //   offset [1,0,0]: (1,2) (2,3) (3,3);   offset [2,0,0]: (1,3) (2,3).
  // Euclidean weights: [1,0,0] is 0.5 mm: exp(-0.25); [2,0,0] is 1 mm: exp(-1).
  test('symmetric, weightingNorm euclidean: one matrix sum_d w_d (M_d + M_d^T)', () => {
    // Merged symmetric matrix / 2: P(1,2) = P(2,1) = e25, P(2,3) = P(3,2) = e25 + e1, P(3,3) = 2 e25 / 2 = e25... counted as
    // cells: (1,2) e25, (2,1) e25, (2,3) e25 + e1, (3,2) e25 + e1, (3,3) 2 e25, (1,3) e1, (3,1) e1; total 6 e25 + 4 e1.
    const out = glcmFamily.compute(ROW, { ...BASE, weightingNorm: 'euclidean' });
    const merged = ofAggregation(out.values, '3D_merged');
    const total = 6 * E25 + 4 * E1;
    expect(merged.jointMaximum).toBeCloseTo((2 * E25) / total, 14); // 2 e25 (cell 3,3) > e25 + e1
    // Joint average: sum_ij i p_ij = (1 (e25 + e1) + 2 (2 e25 + e1) + 3 (3 e25 + 2 e1)) / total.
    expect(merged.jointAverage).toBeCloseTo((E25 + E1 + 2 * (2 * E25 + E1) + 3 * (3 * E25 + 2 * E1)) / total, 14);
    // Contrast: (i - j)^2: cells (1,2),(2,1),(2,3),(3,2) differ by 1, (1,3),(3,1) by 2.
    expect(merged.contrast).toBeCloseTo((2 * E25 + 2 * (E25 + E1) + 4 * 2 * E1) / total, 14);
  });

  test('3D_average averages over the non-empty offsets of both distances ([1,0,0] and [2,0,0])', () => {
    const out = glcmFamily.compute(ROW, BASE);
    const avg = ofAggregation(out.values, '3D_average');
    // [1,0,0] symmetric: (1,2)(2,1)(2,3)(3,2) 1 each, (3,3) 2: total 6, contrast 4/6. [2,0,0]: (1,3)(3,1)(2,3)(3,2): contrast (4+4+1+1)/4.
    expect(avg.contrast).toBeCloseTo((4 / 6 + 10 / 4) / 2, 14);
    expect(out.warnings.some((w) => w.code === 'DirectionSkipped')).toBe(true);
  });

  test('symmetricalGLCM false: rows are the voxel, columns its neighbour; marginals p_x and p_y differ', () => {
    const out = glcmFamily.compute(ROW, { ...BASE, pyradiomicsDistances: [1], distance: 1, symmetric: false });
    const avg = ofAggregation(out.values, '3D_average');
    // Only [1,0,0]: P(1,2) = P(2,3) = P(3,3) = 1/3. p_x = (1/3, 1/3, 1/3) over i = 1, 2, 3; p_y = (0, 1/3, 2/3).
    // mu_x = 2, mu_y = 8/3. Joint average = mu_x = 2.
    expect(avg.jointAverage).toBeCloseTo(2, 14);
    // Cluster tendency sum (i + j - mu_x - mu_y)^2 p: i+j = 3, 5, 6 minus 14/3: (-5/3)^2, (1/3)^2, (4/3)^2, each / 3.
    expect(avg.clusterTendency).toBeCloseTo((25 / 9 + 1 / 9 + 16 / 9) / 3, 14);
    // Correlation (sum ijp - mu_x mu_y) / (sigma_x sigma_y): sum ijp = (2 + 6 + 9)/3 = 17/3; 17/3 - 16/3 = 1/3.
    // sigma_x^2 = 2/3; sigma_y^2 = (4 + 8/9... ) = sum (j - 8/3)^2 p_y = (4/9)/3 + (1/9)(2/3) = 2/9.
    expect(avg.correlation).toBeCloseTo(1 / 3 / Math.sqrt((2 / 3) * (2 / 9)), 13);
    // Joint variance (PyRadiomics SumSquares) keeps the row marginal: sum (i - mu_x)^2 p = 2/3.
    expect(avg.jointVariance).toBeCloseTo(2 / 3, 14);
    // Imc1 = (HXY - HXY1) / max(HX, HY): HXY = log2 3; HX = log2 3; HY = -(1/3 log2 1/3 + 2/3 log2 2/3);
    // HXY1 = -sum p log2(p_x p_y) = -(1/3)(log2(1/9) + log2(2/9) + log2(2/9)).
    const hxy = Math.log2(3);
    const hxy1 = -(Math.log2(1 / 9) + 2 * Math.log2(2 / 9)) / 3;
    expect(avg.informationCorrelation1).toBeCloseTo((hxy - hxy1) / Math.log2(3), 13);
  });

  test('IBSI mode refuses the PyRadiomics GLCM settings (InvalidConfig)', () => {
    for (const glcm of [{ symmetric: false }, { weightingNorm: 'euclidean' }, { pyradiomicsDistances: [1, 2], distance: 2 }]) {
      expect(() => resolveConfig({ glcm })).toThrow(expect.objectContaining({ code: 'InvalidConfig' }));
    }
    expect(resolveConfig({ compat: 'pyradiomics', glcm: { pyradiomicsDistances: [2, 1, 2], distance: 2 } }).glcm.pyradiomicsDistances).toEqual([1, 2]);
    try {
      resolveConfig({ compat: 'pyradiomics', glcm: { pyradiomicsDistances: [1, 3] } });
      expect.unreachable();
    } catch (e) {
      expect(isRadiomicsError(e) && e.code === 'InvalidConfig' && e.message.includes('glcm.distance')).toBe(true);
    }
  });
});

describe('glcm weightingNorm manhattan with force2D (2.5D_merged), checkerboard 3 x 3 at 1 x 2 mm', () => {
  //   y=0: 1 2 1        In-plane offsets and their manhattan lengths in mm (x spacing 1, y spacing 2):
  //   y=1: 2 1 2        [1,0,0] 1 -> w = e^-1;  [0,1,0] 2 -> e^-4;  [1,1,0] and [-1,1,0] 3 -> e^-9.
  //   y=2: 1 2 1
  // [1,0,0]: 6 pairs, all (1,2) or (2,1): symmetric M(1,2) = M(2,1) = 6; [0,1,0] the same.
  // [1,1,0]: (1,1) (2,2) (2,2) (1,1): M(1,1) = M(2,2) = 4; [-1,1,0] the same.
  // Weighted sum: M(1,2) = M(2,1) = 6 e^-1 + 6 e^-4; M(1,1) = M(2,2) = 8 e^-9.
  const board: FamilyInput = { levels: Int32Array.from([1, 2, 1, 2, 1, 2, 1, 2, 1]), boxShape: [3, 3, 1], nBins: 2, spacing: [1, 2, 1] } as unknown as FamilyInput;
  test('contrast = 2 (6 e^-1 + 6 e^-4) / (2 (6 e^-1 + 6 e^-4) + 16 e^-9), joint maximum = (6 e^-1 + 6 e^-4) / total', () => {
    const out = glcmFamily.compute(board, { aggregations: ['2.5D_merged'], distance: 1, maxMatrixBytes: 2 ** 20, compat: 'pyradiomics', weightingNorm: 'manhattan' });
    const m = ofAggregation(out.values, '2.5D_merged');
    const off = 6 * Math.exp(-1) + 6 * Math.exp(-4);
    const diag = 8 * Math.exp(-9);
    const total = 2 * off + 2 * diag;
    expect(m.contrast).toBeCloseTo((2 * off) / total, 14);
    expect(m.jointMaximum).toBeCloseTo(off / total, 14);
    // Unweighted (no_weighting) the four directions count alike: contrast (12 + 12) / (24 + 16) = 0.6.
    const plain = ofAggregation(glcmFamily.compute(board, { aggregations: ['2.5D_merged'], distance: 1, maxMatrixBytes: 2 ** 20, compat: 'pyradiomics', weightingNorm: 'no_weighting' }).values, '2.5D_merged');
    expect(plain.contrast).toBeCloseTo(0.6, 14);
  });
});

describe('glrlm weightingNorm, row 1 2 3 3 at 0.5 x 1 x 1 mm', () => {
  // Along [1,0,0] the runs are (1, length 1), (2, length 1), (3, length 2); along each of the 12 other
  // directions every voxel is a run of length 1: (1,1) (2,1) (3,1) (3,1).
  // Manhattan weights ||d|| in mm: [1,0,0] 0.5; the others 1.5 1 1.5 | 1 1.5 2.5 2 2.5 1.5 2.5 2 2.5, sum 22.
  // Merged: r(1,1) = 0.5 + 22, r(2,1) = 22.5, r(3,1) = 44, r(3,2) = 0.5; N_s = 89.5; N_v = 4 (0.5 + 22) = 90.
  const params: GlrlmParams = { aggregations: ['3D_merged'], maxMatrixBytes: 2 ** 20, weightingNorm: 'manhattan' };
  test('run percentage N_s / N_v = 89.5 / 90 and short runs emphasis (89 + 0.5 / 4) / 89.5', () => {
    const merged = ofAggregation(glrlmFamily.compute(ROW, params).values, '3D_merged');
    expect(merged.runPercentage).toBeCloseTo(89.5 / 90, 14);
    expect(merged.shortRunsEmphasis).toBeCloseTo((89 + 0.5 / 4) / 89.5, 14);
    expect(merged.longRunsEmphasis).toBeCloseTo((89 + 0.5 * 4) / 89.5, 14);
  });
  test('no_weighting is the plain IBSI merge', () => {
    const plain = ofAggregation(glrlmFamily.compute(ROW, { aggregations: ['3D_merged'], maxMatrixBytes: 2 ** 20 }).values, '3D_merged');
    const none = ofAggregation(glrlmFamily.compute(ROW, { ...params, weightingNorm: 'no_weighting' }).values, '3D_merged');
    expect(none).toEqual(plain);
  });
});
