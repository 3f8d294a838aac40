/**
 * GLCM unit tests: the matrix builder on hand-counted examples, the statistics and feature table on a
 * hand-computed matrix, the digital phantom's matrices as the IBSI 1 manual writes them out (every
 * slice and direction, merged or not; transcribed below), and the family's edge cases (one grey level, one voxel, one slice, ROI on the
 * box border, left-out slices, matrix size limit).
 */
import { describe, expect, test } from 'vitest';
import type { Vec3 } from '../../src/image/volume.js';
import { isRadiomicsError } from '../../src/errors.js';
import { aggregateDirectional, roiRowSpans, sliceVoxelCounts } from '../../src/features/aggregate.js';
import { chebyshevNeighbourhood, DIRECTIONS_2D, DIRECTIONS_3D, forwardNeighbourhood } from '../../src/features/directions.js';
import { presentLevels, type PresentLevels } from '../../src/features/levels.js';
import { cellBitWords } from '../../src/features/glcm/matrix.js';
import { kernelGlcms } from '../helpers/mriGlcms.js';
import { accumulateGlcm, buildGlcm, GLCM_DEFAULTS, GLCM_FEATURES, glcmFamily, glcmStats, rankedBox, type GlcmMatrix, type GlcmParams, type GlcmStats } from '../../src/features/glcm/index.js';
import { MATRIX_AGGREGATIONS, type FeatureDef } from '../../src/features/types.js';
import { featuresFor } from '../../src/features/evaluate.js';
import { PHANTOM_SHAPE, phantomFamilyInput } from '../helpers/digital-phantom.js';
import { byKey, ofAggregation, pad, textureInput } from '../helpers/texture-input.js';
import { rng } from '../helpers/random.js';

const ALL: GlcmParams = { aggregations: MATRIX_AGGREGATIONS, distance: 1, maxMatrixBytes: 2 ** 20 };

/** The matrix as {"i,j": count} over non-zero cells, i and j being grey levels. */
function cells(m: GlcmMatrix, present: PresentLevels): Record<string, number> {
  const out: Record<string, number> = {};
  for (let a = 0; a < m.size; a++) for (let b = 0; b < m.size; b++) if (m.counts[a * m.size + b] !== 0) out[`${present.values[a]},${present.values[b]}`] = m.counts[a * m.size + b];
  return out;
}

// Example A, one slice of 3 x 2 (x fastest):
//   y=0: 1 2 2
//   y=1: 1 1 3
// prettier-ignore
const A = [1, 2, 2, 1, 1, 3];
const A_SHAPE: Vec3 = [3, 2, 1];

describe('buildGlcm(levels, shape, offset, present)', () => {
  const present = presentLevels(Int32Array.from(A));

  test('buildGlcm(A, [3,2,1], [1,0,0]) counts each horizontal pair in both orders', () => {
    // Pairs (v, v + x): row 0 gives (1,2), (2,2); row 1 gives (1,1), (1,3). Symmetric counting adds
    // (j,i) for every (i,j), so the diagonal cells (1,1) and (2,2) get 2 and the total is 2 x 4 = 8.
    const m = buildGlcm(Int32Array.from(A), A_SHAPE, [1, 0, 0], present);
    expect(m.size).toBe(3);
    expect(cells(m, present)).toEqual({ '1,1': 2, '1,2': 1, '2,1': 1, '2,2': 2, '1,3': 1, '3,1': 1 });
  });

  test('buildGlcm(A, [3,2,1], [0,1,0]) counts vertical pairs', () => {
    // Columns: x=0 (1,1); x=1 (2,1); x=2 (2,3).
    expect(cells(buildGlcm(Int32Array.from(A), A_SHAPE, [0, 1, 0], present), present)).toEqual({ '1,1': 2, '1,2': 1, '2,1': 1, '2,3': 1, '3,2': 1 });
  });

  test('buildGlcm(A, [3,2,1], [1,1,0]) and [-1,1,0] count the diagonals', () => {
    // (x,y) -> (x+1,y+1): (0,0)-(1,1) = (1,1); (1,0)-(2,1) = (2,3).
    expect(cells(buildGlcm(Int32Array.from(A), A_SHAPE, [1, 1, 0], present), present)).toEqual({ '1,1': 2, '2,3': 1, '3,2': 1 });
    // (x,y) -> (x-1,y+1): (1,0)-(0,1) = (2,1); (2,0)-(1,1) = (2,1).
    expect(cells(buildGlcm(Int32Array.from(A), A_SHAPE, [-1, 1, 0], present), present)).toEqual({ '1,2': 2, '2,1': 2 });
  });

  test('buildGlcm(A, [3,2,1], [2,0,0]) pairs voxels at Chebyshev distance 2', () => {
    // Row 0: (x=0, x=2) = (1,2); row 1: (1,3).
    expect(cells(buildGlcm(Int32Array.from(A), A_SHAPE, [2, 0, 0], present), present)).toEqual({ '1,2': 1, '2,1': 1, '1,3': 1, '3,1': 1 });
  });

  test('buildGlcm(A, [3,2,1], [0,0,1]) is empty: the neighbour lies outside the box, so outside the ROI', () => {
    expect(cells(buildGlcm(Int32Array.from(A), A_SHAPE, [0, 0, 1], present), present)).toEqual({});
  });

  test('a voxel outside the ROI (level 0) breaks the pairs through it', () => {
    // y=1 becomes 1 0 3: only row 0 pairs remain along x.
    const levels = Int32Array.from([1, 2, 2, 1, 0, 3]);
    const p = presentLevels(levels);
    expect(cells(buildGlcm(levels, A_SHAPE, [1, 0, 0], p), p)).toEqual({ '1,2': 1, '2,1': 1, '2,2': 2 });
  });

  test('rows and columns are the ranks of the levels present (levels 2 and 7 give a 2 x 2 matrix)', () => {
    const levels = Int32Array.from([2, 7, 7]);
    const p = presentLevels(levels);
    const m = buildGlcm(levels, [3, 1, 1], [1, 0, 0], p);
    expect(m.size).toBe(2);
    expect(Array.from(m.counts)).toEqual([0, 1, 1, 2]);
  });
});

describe('roiRowSpans(levels, shape) and forwardNeighbourhood(distance, threeD)', () => {
  test('roiRowSpans gives [first ROI x, last ROI x + 1) per row, and 0, 0 for a row without one', () => {
    // prettier-ignore
    const levels = Int32Array.from([
      0, 2, 0, 3, 0,
      0, 0, 0, 0, 0,
      1, 0, 0, 0, 4,
    ]);
    expect(Array.from(roiRowSpans(levels, [5, 3, 1]))).toEqual([1, 4, 0, 0, 0, 5]);
  });

  test.each([
    [1, true, 13],
    [2, true, 62],
    [1, false, 4],
    [3, false, 24],
  ])('forwardNeighbourhood(%i, 3D %s) holds one offset of each opposite pair (%i), each after the voxel in box order', (d, threeD, n) => {
    const forward = forwardNeighbourhood(d, threeD);
    expect(forward).toHaveLength(n);
    const key = (o: readonly number[]) => o.join(',');
    const all = new Set(chebyshevNeighbourhood(d, threeD).map(key));
    const both = new Set([...forward.map(key), ...forward.map(([x, y, z]) => key([-x, -y, -z]))]);
    expect(both).toEqual(all);
    for (const [x, y, z] of forward) expect(x + 100 * (y + 100 * z)).toBeGreaterThan(0);
  });
});

describe('accumulateGlcm on random boxes with holes (ROI rows not contiguous)', () => {
  /** Every ordered pair (v, v + offset) of ROI voxels in slices z0..z1-1, counted in both orders. */
  function bruteGlcm(levels: Int32Array, shape: Vec3, offset: Vec3, p: PresentLevels, z0: number, z1: number): Float64Array {
    const [nx, ny] = shape;
    const size = p.values.length;
    const out = new Float64Array(size * size);
    for (let z = z0; z < z1; z++)
      for (let y = 0; y < ny; y++)
        for (let x = 0; x < nx; x++) {
          const [xx, yy, zz] = [x + offset[0], y + offset[1], z + offset[2]];
          if (xx < 0 || yy < 0 || zz < z0 || xx >= nx || yy >= ny || zz >= z1) continue;
          const g = levels[x + nx * (y + ny * z)];
          const h = levels[xx + nx * (yy + ny * zz)];
          if (g === 0 || h === 0) continue;
          out[p.rankOf[g] * size + p.rankOf[h]]++;
          out[p.rankOf[h] * size + p.rankOf[g]]++;
        }
    return out;
  }
  const shape: Vec3 = [9, 7, 5];
  const r = rng(11);
  // 4 levels: the pairs go through the Int32 table; 40 levels: the table (41^2 cells) would outgrow a
  // slice (63 voxels), so the pairs go straight into the matrix.
  const few = Int32Array.from({ length: 9 * 7 * 5 }, () => (r() < 0.75 ? 1 + Math.floor(r() * 4) : 0));
  const many = Int32Array.from({ length: 9 * 7 * 5 }, () => (r() < 0.75 ? 1 + Math.floor(r() * 40) : 0));
  const offsets: Vec3[] = [...DIRECTIONS_3D, [2, 0, 0], [-2, 2, 0], [0, -2, 2], [-1, -1, -1], [3, 3, 3]];
  const rangesOf = (o: Vec3) => [[0, 5], [1, 2], [2, 5]].map(([z0, z1]) => [o.join(','), z0, z1, o] as const);
  test.each([...offsets.flatMap(rangesOf).map((c) => [4, ...c] as const), ...offsets.flatMap(rangesOf).map((c) => [40, ...c] as const)])('accumulateGlcm(random, %i levels, (%s), slices %i..%i) equals a direct count', (nLevels, _key, z0, z1, offset) => {
    const levels = nLevels === 4 ? few : many;
    const p = presentLevels(levels);
    const size = p.values.length;
    const expected = bruteGlcm(levels, shape, offset, p, z0, z1);
    const out = new Float64Array(size * size);
    accumulateGlcm(out, rankedBox(levels, shape, p), offset, z0, z1);
    expect(out).toEqual(expected);
    // Adding to a matrix already holding counts.
    accumulateGlcm(out, rankedBox(levels, shape, p), offset, z0, z1);
    expect(out).toEqual(expected.map((c) => 2 * c));
  });

  test.each(offsets.flatMap(rangesOf))('accumulateGlcm(random, 40 levels, (%s), slices %i..%i, cellBits) flags exactly the non-zero cells of the lower triangle', (_key, z0, z1, offset) => {
    const p = presentLevels(many);
    const size = p.values.length;
    const out = new Float64Array(size * size);
    const bits = new Int32Array(size * cellBitWords(size));
    // 40 levels: two words per row, the pairs straight into the matrix (the path that flags).
    expect(cellBitWords(size)).toBe(2);
    expect(accumulateGlcm(out, rankedBox(many, shape, p), offset, z0, z1, true, bits)).toBe(true);
    expect(bits).toEqual(lowerTriangleBits(out, size));
  });

  test('accumulateGlcm(random, 4 levels, ..., cellBits) takes the table path: returns false, the bits left 0', () => {
    const p = presentLevels(few);
    const size = p.values.length;
    const bits = new Int32Array(size * cellBitWords(size));
    expect(accumulateGlcm(new Float64Array(size * size), rankedBox(few, shape, p), [1, 0, 0], 0, 5, true, bits)).toBe(false);
    expect(bits.every((w) => w === 0)).toBe(true);
  });

  test('accumulateGlcm(..., symmetric false, cellBits) does not flag (asymmetric matrices are scanned whole)', () => {
    const p = presentLevels(many);
    const size = p.values.length;
    const bits = new Int32Array(size * cellBitWords(size));
    expect(accumulateGlcm(new Float64Array(size * size), rankedBox(many, shape, p), [1, 0, 0], 0, 5, false, bits)).toBe(false);
    expect(bits.every((w) => w === 0)).toBe(true);
  });
});

/** The bit set of the non-zero cells of a symmetric matrix's lower triangle (glcmStats' `cellBits`), made by a scan. */
function lowerTriangleBits(counts: Float64Array, size: number): Int32Array {
  const words = cellBitWords(size);
  const bits = new Int32Array(size * words);
  for (let a = 0; a < size; a++) for (let b = 0; b <= a; b++) if (counts[a * size + b] !== 0) bits[a * words + (b >> 5)] |= 1 << b;
  return bits;
}

describe('glcmStats(matrix, present, levelCount, mcc, true, cellBits)', () => {
  test('equals glcmStats without cellBits, every statistic bit for bit, on kernel GLCMs of brain1 and a 40-level random box', () => {
    const cases = kernelGlcms('brain1', 20).map(({ counts, n, present }) => ({ counts, n, present }));
    const r = rng(5);
    const levels = Int32Array.from({ length: 6 * 6 * 6 }, () => (r() < 0.7 ? 1 + Math.floor(r() * 40) : 0));
    const p = presentLevels(levels);
    for (const direction of DIRECTIONS_3D) cases.push({ ...buildGlcm(levels, [6, 6, 6], direction, p), n: p.values.length, present: p });
    expect(cases.length).toBeGreaterThan(150);
    for (const { counts, n, present } of cases) {
      const scanned = glcmStats({ counts, size: n }, present) as GlcmStats;
      const listed = glcmStats({ counts, size: n }, present, undefined, undefined, true, lowerTriangleBits(counts, n)) as GlcmStats;
      for (const key of Object.keys(scanned) as (keyof GlcmStats)[]) expect(Object.is(listed[key], scanned[key]), key).toBe(true);
    }
  });

  test('leaves its working arrays as it found them: the same bits after a weighted matrix, a larger one and an empty one in between', () => {
    const p = presentLevels(Int32Array.from([1, 3, 4, 6, 9]));
    const m = (cells: number[]) => ({ counts: Float64Array.from(cells), size: 5 });
    // Symmetric, whole counts; the same cells weighted by 0.3 (PyRadiomics' weightingNorm: weightedStats.ts).
    const whole = [4, 1, 0, 0, 2, 1, 0, 3, 0, 1, 0, 3, 2, 0, 0, 0, 0, 0, 6, 1, 2, 1, 0, 1, 8];
    const first = glcmStats(m(whole), p) as GlcmStats;
    const same = (s: GlcmStats) => (Object.keys(first) as (keyof GlcmStats)[]).filter((key) => !Object.is(s[key], first[key]));
    glcmStats(m(whole.map((c) => 0.3 * c)), p);
    glcmStats(m(new Array(25).fill(0)), p);
    expect(same(glcmStats(m(whole), p) as GlcmStats)).toEqual([]);
    // 70 levels up to 139: the working arrays grow.
    const q = presentLevels(Int32Array.from({ length: 70 }, (_, k) => 1 + 2 * k));
    // Symmetric: 2 on the diagonal, 0.5 (weighted) where both ranks are multiples of 7, or 0.
    const large = (offDiagonal: number) => Float64Array.from({ length: 70 * 70 }, (_, k) => (k % 71 === 0 ? 2 : (k % 70) % 7 === 0 && Math.floor(k / 70) % 7 === 0 ? offDiagonal : 0));
    glcmStats({ counts: large(0.5), size: 70 }, q);
    glcmStats({ counts: large(0), size: 70 }, q);
    expect(same(glcmStats(m(whole), p) as GlcmStats)).toEqual([]);
  });
});

describe('glcmStats(matrix, present) and the feature table', () => {
  // Example B: two voxels, levels 1 and 5, along x. M = [[0,1],[1,0]] over levels (1, 5), so
  // p_{1,5} = p_{5,1} = 1/2, p_i. = (1/2, 1/2). Formulas use the levels 1 and 5, not ranks 0 and 1.
  const levels = Int32Array.from([1, 5]);
  const present = presentLevels(levels);
  const s = glcmStats(buildGlcm(levels, [2, 1, 1], [1, 0, 0], present), present) as GlcmStats;
  const f = (key: keyof typeof GLCM_FEATURES) => GLCM_FEATURES[key].compute(s);

  test.each([
    ['jointMaximum', 0.5], // max p_ij
    ['jointAverage', 3], // 1/2 + 5/2 (ranks would give 1/2)
    ['jointVariance', 4], // (1-3)^2/2 + (5-3)^2/2
    ['jointEntropy', 1], // two cells of 1/2
    ['differenceAverage', 4], // p_{i-j,4} = 1
    ['differenceVariance', 0],
    ['differenceEntropy', 0],
    ['sumAverage', 6], // p_{i+j,6} = 1
    ['sumVariance', 0],
    ['sumEntropy', 0],
    ['angularSecondMoment', 0.5], // 1/4 + 1/4
    ['contrast', 16], // 4^2
    ['dissimilarity', 4],
    ['inverseDifference', 1 / 5], // 1 / (1 + 4)
    ['normalisedInverseDifference', 5 / 9], // 1 / (1 + 4/5), N_g = highest level = 5
    ['inverseDifferenceMoment', 1 / 17], // 1 / (1 + 16)
    ['normalisedInverseDifferenceMoment', 25 / 41], // 1 / (1 + 16/25)
    ['inverseVariance', 1 / 16], // p_{i-j,4} / 4^2
    ['correlation', -1], // sum (i-3)(j-3) p_ij / 4 = (-2)(2) / 4
    ['autocorrelation', 5], // 1*5/2 + 5*1/2
    ['clusterTendency', 0], // i + j - 2 mu = 0 in both cells
    ['clusterShade', 0],
    ['clusterProminence', 0],
    ['informationCorrelation1', -1], // HXY = 1, HX = 1, HXY1 = -sum p_ij log2(1/4) = 2: (1 - 2) / 1
    ['informationCorrelation2', Math.sqrt(1 - Math.exp(-2))], // HXY2 = 4 x (1/4 x 2) = 2: sqrt(1 - e^{-2(2-1)})
  ] as const)('GLCM_FEATURES.%s on levels (1, 5) along x = %f', (key, expected) => {
    expect(f(key)).toBeCloseTo(expected, 12);
  });

  test('glcmStats(empty matrix) is null', () => {
    expect(glcmStats({ counts: new Float64Array(4), size: 2 }, present)).toBeNull();
  });

  test('glcmStats(m, present, 9) uses N_g = 9 in the normalised inverse differences', () => {
    const s9 = glcmStats(buildGlcm(levels, [2, 1, 1], [1, 0, 0], present), present, 9) as GlcmStats;
    expect(s9.invDiffNorm).toBeCloseTo(1 / (1 + 4 / 9), 12);
    expect(s9.invDiffMomentNorm).toBeCloseTo(1 / (1 + 16 / 81), 12);
  });

  test('every feature has a name, an IBSI code and a formula; the PyRadiomics-only MCC has none, with a reason, in compat mode only', () => {
    for (const [key, def] of Object.entries(GLCM_FEATURES) as [string, FeatureDef<GlcmStats>][]) {
      expect(def.name, key).not.toBe('');
      if (def.compat === undefined) expect(def.ibsi, key).toMatch(/^[0-9A-Z]{4}$/);
      else expect([def.ibsi, def.compat, def.noIbsiReason?.length], key).toEqual([null, 'pyradiomics', expect.any(Number)]);
      expect(def.formula.length, key).toBeGreaterThan(0);
    }
    expect(new Set(Object.values(featuresFor(GLCM_FEATURES, 'ibsi')).map((d) => d.ibsi)).size).toBe(25);
    expect(Object.keys(GLCM_FEATURES).filter((k) => !(k in featuresFor(GLCM_FEATURES, 'ibsi')))).toEqual(['correlationPyradiomics', 'informationCorrelation1Pyradiomics', 'maximalCorrelationCoefficient']);
  });
});

/*
 * The digital phantom's GLCMs as the IBSI 1 manual writes them out (reference manual, "Digital phantom
 * texture matrices", sections "Grey level co-occurrence matrix (2D)", "(2D, merged)", "(3D)",
 * "(3D, merged)"; ibsi-doc file 06_Digital_phantom_texture_matrices.rst), one "i:j:n" triple per
 * non-zero cell, i and j grey levels. 2D tables: per direction, slices 1-4 (z = 0..3); the manual
 * prints (1,-1,0) for our (-1,1,0), the same line. 3D tables: the manual's conversion kept one
 * direction label per row of four tables, so each table is keyed here by the one direction whose
 * matrix equals it (every table matched exactly one direction).
 */
// prettier-ignore
const MANUAL_2D: Record<string, readonly string[]> = {
  '0,1,0': [
    '1:1:10 1:4:4 4:1:4 4:4:6 4:6:1 6:4:1 6:6:4',
    '1:1:16 1:4:2 3:6:2 4:1:2 4:6:1 6:3:2 6:4:1',
    '1:1:18 1:4:2 4:1:2',
    '1:1:20 1:4:2 1:6:1 4:1:2 6:1:1',
  ],
  '-1,1,0': [
    '1:1:2 1:4:4 1:6:3 4:1:4 4:4:4 4:6:2 6:1:3 6:4:2',
    '1:1:6 1:3:1 1:4:3 1:6:3 3:1:1 3:4:1 4:1:3 4:3:1 6:1:3',
    '1:1:10 1:4:2 1:6:1 4:1:2 6:1:1',
    '1:1:14 1:4:2 1:6:1 4:1:2 6:1:1',
  ],
  '1,0,0': [
    '1:1:4 1:4:6 1:6:2 4:1:6 4:4:4 4:6:4 6:1:2 6:4:4',
    '1:1:10 1:3:2 1:4:2 1:6:3 3:1:2 4:1:2 4:4:4 4:6:1 6:1:3 6:4:1',
    '1:1:16 1:4:1 1:6:2 4:1:1 4:4:2 6:1:2',
    '1:1:20 1:4:1 1:6:2 4:1:1 4:4:2 6:1:2',
  ],
  '1,1,0': [
    '1:1:6 1:4:3 1:6:1 4:1:3 4:4:2 4:6:4 6:1:1 6:4:4',
    '1:1:10 1:3:2 1:4:1 1:6:2 3:1:2 4:1:1 4:6:1 6:1:2 6:4:1',
    '1:1:12 1:4:2 1:6:1 4:1:2 6:1:1',
    '1:1:16 1:4:2 1:6:1 4:1:2 6:1:1',
  ],
};
// prettier-ignore
const MANUAL_2D_SLICE_MERGED: readonly string[] = [
  '1:1:22 1:4:17 1:6:6 4:1:17 4:4:16 4:6:11 6:1:6 6:4:11 6:6:4',
  '1:1:42 1:3:5 1:4:8 1:6:8 3:1:5 3:4:1 3:6:2 4:1:8 4:3:1 4:4:4 4:6:3 6:1:8 6:3:2 6:4:3',
  '1:1:56 1:4:7 1:6:4 4:1:7 4:4:2 6:1:4',
  '1:1:70 1:4:7 1:6:5 4:1:7 4:4:2 6:1:5',
];
// prettier-ignore
const MANUAL_3D: Record<string, string> = {
  '0,0,1': '1:1:66 1:4:5 1:6:1 3:6:1 4:1:5 4:4:16 6:1:1 6:3:1 6:6:8',
  '0,-1,1': '1:1:42 1:3:1 1:4:9 1:6:1 3:1:1 3:6:1 4:1:9 4:4:2 4:6:2 6:1:1 6:3:1 6:4:2 6:6:2',
  '0,1,0': '1:1:64 1:4:10 1:6:1 3:6:2 4:1:10 4:4:6 4:6:2 6:1:1 6:3:2 6:4:2 6:6:4',
  '0,1,1': '1:1:52 1:4:8 3:6:2 4:1:8 4:4:2 4:6:1 6:3:2 6:4:1 6:6:2',
  '-1,1,1': '1:1:30 1:3:2 1:4:7 1:6:5 3:1:2 4:1:7 4:6:2 6:1:5 6:4:2',
  '-1,1,0': '1:1:32 1:3:1 1:4:11 1:6:8 3:1:1 3:4:1 4:1:11 4:3:1 4:4:4 4:6:2 6:1:8 6:4:2',
  '1,-1,1': '1:1:20 1:3:1 1:4:10 1:6:6 3:1:1 3:4:1 4:1:10 4:3:1 4:4:2 6:1:6',
  '-1,0,1': '1:1:38 1:3:1 1:4:7 1:6:8 3:1:1 3:4:1 4:1:7 4:3:1 4:4:8 4:6:2 6:1:8 6:4:2',
  '1,0,0': '1:1:50 1:3:2 1:4:10 1:6:9 3:1:2 4:1:10 4:4:12 4:6:5 6:1:9 6:4:5',
  '1,0,1': '1:1:34 1:3:2 1:4:8 1:6:7 3:1:2 4:1:8 4:4:8 4:6:3 6:1:7 6:4:3',
  '-1,-1,1': '1:1:32 1:3:1 1:4:6 1:6:4 3:1:1 3:4:1 4:1:6 4:3:1 4:6:3 6:1:4 6:4:3',
  '1,1,0': '1:1:44 1:3:2 1:4:8 1:6:5 3:1:2 4:1:8 4:4:2 4:6:5 6:1:5 6:4:5',
  '1,1,1': '1:1:32 1:3:1 1:4:6 1:6:6 3:1:1 3:4:1 4:1:6 4:3:1 4:4:2 4:6:1 6:1:6 6:4:1',
};
// prettier-ignore
const MANUAL_3D_MERGED = '1:1:536 1:3:14 1:4:105 1:6:61 3:1:14 3:4:5 3:6:6 4:1:105 4:3:5 4:4:64 4:6:28 6:1:61 6:3:6 6:4:28 6:6:16';

/** The matrix as the manual writes it: "i:j:n" per non-zero cell, rows then columns by level. */
function manualForm(m: GlcmMatrix, present: PresentLevels): string {
  const out: string[] = [];
  for (let a = 0; a < m.size; a++) for (let b = 0; b < m.size; b++) if (m.counts[a * m.size + b] !== 0) out.push(`${present.values[a]}:${present.values[b]}:${m.counts[a * m.size + b]}`);
  return out.join(' ');
}

describe('digital phantom matrices (manual, "Digital phantom texture matrices")', () => {
  const input = phantomFamilyInput();
  const present = presentLevels(input.levels);
  const [nx, ny, nz] = PHANTOM_SHAPE;
  const slice = (z: number) => input.levels.subarray(z * nx * ny, (z + 1) * nx * ny);
  const sliceGlcm = (z: number, offset: Vec3) => buildGlcm(slice(z), [nx, ny, 1], offset, present);
  const size = present.values.length;

  test('sliceVoxelCounts(phantom) = [20, 19, 17, 18] (74 ROI voxels)', () => {
    expect(Array.from(sliceVoxelCounts(input.levels, PHANTOM_SHAPE))).toEqual([20, 19, 17, 18]);
  });

  test('slice 1, direction (0,1,0), by hand', () => {
    // Slice z=0 has no voxel outside the ROI; its columns x=0..4 read (along y) 1144, 4414, 4666,
    // 1144, 1111. Pairs: (1,1) x5, (4,4) x3, (6,6) x2, (1,4) x4, (4,6) x1; symmetric counting doubles
    // the diagonal and mirrors the rest: 1:1:10, 1:4:4, 4:1:4, 4:4:6, 4:6:1, 6:4:1, 6:6:4.
    expect(manualForm(sliceGlcm(0, [0, 1, 0]), present)).toBe('1:1:10 1:4:4 4:1:4 4:4:6 4:6:1 6:4:1 6:6:4');
    expect(MANUAL_2D['0,1,0'][0]).toBe('1:1:10 1:4:4 4:1:4 4:4:6 4:6:1 6:4:1 6:6:4');
  });

  test.each(DIRECTIONS_2D.flatMap((d) => [0, 1, 2, 3].map((z) => [d.join(','), z + 1, d, z] as const)))('2D, direction (%s), slice %i equals the manual', (key, _n, d, z) => {
    expect(manualForm(sliceGlcm(z, d), present)).toBe(MANUAL_2D[key][z]);
  });

  test.each(DIRECTIONS_2D.flatMap((d) => [0, 1, 2, 3].map((z) => [d.join(','), z, d, z] as const)))('buildGlcm(phantom, shape, (%s), present, zSlice=%i) equals the manual slice matrix', (key, _z, d, z) => {
    // The whole box with zSlice = z must give the matrix of slice z on its own: voxels of other slices
    // count as outside the ROI.
    expect(manualForm(buildGlcm(input.levels, PHANTOM_SHAPE, d, present, z), present)).toBe(MANUAL_2D[key][z]);
  });

  test('buildGlcm(phantom, ..., [0,0,1], present, zSlice) is empty: the neighbour lies in another slice', () => {
    expect(buildGlcm(input.levels, PHANTOM_SHAPE, [0, 0, 1], present, 1).counts.every((c) => c === 0)).toBe(true);
  });

  test.each([-1, 4, 1.5])('buildGlcm(phantom, ..., zSlice=%s) is InvalidArgument', (z) => {
    expect(() => buildGlcm(input.levels, PHANTOM_SHAPE, [1, 0, 0], present, z)).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
  });

  test.each([0, 1, 2, 3])('2D, merged over directions, slice z=%i equals the manual', (z) => {
    const merged = new Float64Array(size * size);
    for (const d of DIRECTIONS_2D) sliceGlcm(z, d).counts.forEach((c, k) => (merged[k] += c));
    expect(manualForm({ counts: merged, size }, present)).toBe(MANUAL_2D_SLICE_MERGED[z]);
  });

  test.each(DIRECTIONS_3D.map((d) => [d.join(','), d] as const))('3D, direction (%s) equals the manual', (key, d) => {
    expect(manualForm(buildGlcm(input.levels, PHANTOM_SHAPE, d, present), present)).toBe(MANUAL_3D[key]);
  });

  test('3D, merged over the 13 directions, equals the manual', () => {
    const merged = new Float64Array(size * size);
    for (const d of DIRECTIONS_3D) buildGlcm(input.levels, PHANTOM_SHAPE, d, present).counts.forEach((c, k) => (merged[k] += c));
    expect(manualForm({ counts: merged, size }, present)).toBe(MANUAL_3D_MERGED);
  });

  test('aggregateDirectional(phantom): 16 parts for 2D_average, 4 for 2D_slice_merged and 2.5D_direction_merged, 13 for 3D_average, 1 per merged method', () => {
    const spec = {
      cells: size * size,
      accumulate: (out: Float64Array, offset: Vec3, z0: number, z1: number) => accumulateGlcm(out, rankedBox(input.levels, PHANTOM_SHAPE, present), offset, z0, z1),
      stats: (counts: Float64Array) => glcmStats({ counts, size }, present),
    };
    const parts = aggregateDirectional(spec, MATRIX_AGGREGATIONS, sliceVoxelCounts(input.levels, PHANTOM_SHAPE), DIRECTIONS_2D, DIRECTIONS_3D);
    expect(parts.map((p) => [p.aggregation, p.parts.length, p.skippedSlices.length, p.skippedDirections.length])).toEqual([
      ['2D_average', 16, 0, 0],
      ['2D_slice_merged', 4, 0, 0],
      ['2.5D_direction_merged', 4, 0, 0],
      ['2.5D_merged', 1, 0, 0],
      ['3D_average', 13, 0, 0],
      ['3D_merged', 1, 0, 0],
    ]);
  });
});

describe('glcmFamily.compute(input, params)', () => {
  test('GLCM_DEFAULTS = 3D_average and 3D_merged at distance 1, 512 MiB', () => {
    expect(GLCM_DEFAULTS).toEqual({ aggregations: ['3D_average', '3D_merged'], distance: 1, maxMatrixBytes: 512 * 2 ** 20 });
    expect(glcmFamily).toMatchObject({ name: 'glcm', title: 'Grey level co-occurrence based features', ibsi: 'LFYI' });
  });

  test('values come per aggregation in the order asked, features in table order, each carrying the distance', () => {
    const out = glcmFamily.compute(phantomFamilyInput(), { ...ALL, aggregations: ['3D_merged', '2D_average'], distance: 2 });
    const keys = Object.keys(featuresFor(GLCM_FEATURES, 'ibsi'));
    expect(out.values.map((v) => `${v.aggregation}:${v.feature}`)).toEqual([...keys.map((k) => `3D_merged:${k}`), ...keys.map((k) => `2D_average:${k}`)]);
    expect(out.values.every((v) => v.distance === 2)).toBe(true);
  });

  test('one grey level: correlation and information correlation 1 are null with a warning; the rest are finite', () => {
    const out = glcmFamily.compute(textureInput([2, 2, 2, 2, 2, 2], A_SHAPE), ALL);
    const nulls = out.values.filter((v) => v.value === null);
    expect(new Set(nulls.map((v) => v.feature))).toEqual(new Set(['correlation', 'informationCorrelation1']));
    expect(out.values.every((v) => v.value === null || Number.isFinite(v.value))).toBe(true);
    const undefinedIds = out.warnings.filter((w) => w.code === 'UndefinedFeature').map((w) => w.feature);
    expect(undefinedIds).toContain('glcm.correlation.3D_merged.d1');
    expect(undefinedIds).toContain('glcm.informationCorrelation1.2D_average.d1');
    const merged = ofAggregation(out.values, '3D_merged');
    expect(merged).toMatchObject({ jointMaximum: 1, jointAverage: 2, jointVariance: 0, inverseVariance: 0, informationCorrelation2: 0, autocorrelation: 4, angularSecondMoment: 1 });
  });

  test('one voxel: every feature is null with an UndefinedFeature warning, never NaN', () => {
    const out = glcmFamily.compute(textureInput([3], [1, 1, 1]), ALL);
    expect(out.values).toHaveLength(25 * 6);
    expect(out.values.every((v) => v.value === null)).toBe(true);
    expect(out.warnings.filter((w) => w.code === 'UndefinedFeature')).toHaveLength(25 * 6);
  });

  test('a one-slice ROI: 3D_average equals 2D_average (out-of-plane directions left out, with a DirectionSkipped warning) and 3D_merged equals 2.5D_merged', () => {
    const out = glcmFamily.compute(textureInput(A, A_SHAPE), ALL);
    expect(ofAggregation(out.values, '3D_average')).toEqual(ofAggregation(out.values, '2D_average'));
    expect(ofAggregation(out.values, '3D_merged')).toEqual(ofAggregation(out.values, '2.5D_merged'));
    expect(ofAggregation(out.values, '2D_slice_merged')).toEqual(ofAggregation(out.values, '2.5D_merged'));
    const skipped = out.warnings.filter((w) => w.code === 'DirectionSkipped');
    expect(skipped).toHaveLength(1);
    expect(skipped[0].message).toContain('glcm 3D_average (distance 1): direction(s) (0,0,1) (1,0,1)');
    expect(out.warnings.filter((w) => w.code === 'FewVoxels')).toEqual([]);
  });

  test('a ROI filling its box gives the same values as the same ROI inside a larger zero box', () => {
    const inner = glcmFamily.compute(textureInput(A, A_SHAPE), ALL);
    const outer = glcmFamily.compute(textureInput(pad(A, A_SHAPE, [5, 4, 3], [1, 1, 1]), [5, 4, 3]), ALL);
    expect(byKey(outer.values)).toEqual(byKey(inner.values));
  });

  test('a slice whose ROI voxels have no in-plane pair is left out of the 2D methods with one SliceSkipped warning each', () => {
    // Slice z=1 holds a single voxel of level 1 (an existing level, so N_g is unchanged).
    const twoSlices = [...A, 0, 0, 0, 0, 1, 0];
    const params: GlcmParams = { ...ALL, aggregations: ['2D_average', '2D_slice_merged', '2.5D_merged'] };
    const out = glcmFamily.compute(textureInput(twoSlices, [3, 2, 2]), params);
    expect(byKey(out.values)).toEqual(byKey(glcmFamily.compute(textureInput(A, A_SHAPE), params).values));
    expect(out.warnings.map((w) => [w.code, w.message])).toEqual([
      ['SliceSkipped', 'glcm 2D_average (distance 1): slice(s) z = 1 of the ROI box hold ROI voxels but no in-plane glcm count; they were left out of the average'],
      ['SliceSkipped', 'glcm 2D_slice_merged (distance 1): slice(s) z = 1 of the ROI box hold ROI voxels but no in-plane glcm count; they were left out of the average'],
    ]);
  });

  test('a slice without ROI voxels is no skip: no warning', () => {
    const out = glcmFamily.compute(textureInput([...A, 0, 0, 0, 0, 0, 0], [3, 2, 2]), { ...ALL, aggregations: ['2D_average', '2D_slice_merged'] });
    expect(out.warnings).toEqual([]);
  });

  test('a matrix over maxMatrixBytes throws MatrixTooLarge before allocating', () => {
    let error: unknown;
    try {
      glcmFamily.compute(textureInput(A, A_SHAPE), { ...ALL, maxMatrixBytes: 71 }); // 3 x 3 x 8 = 72 bytes
    } catch (e) {
      error = e;
    }
    expect(isRadiomicsError(error, 'MatrixTooLarge')).toBe(true);
    expect(() => glcmFamily.compute(textureInput(A, A_SHAPE), { ...ALL, maxMatrixBytes: 72 })).not.toThrow();
  });

  test.each([0, 1.5, -1])('distance %s is InvalidArgument', (distance) => {
    let error: unknown;
    try {
      glcmFamily.compute(textureInput(A, A_SHAPE), { ...ALL, distance });
    } catch (e) {
      error = e;
    }
    expect(isRadiomicsError(error, 'InvalidArgument')).toBe(true);
  });

  test('a distance beyond the ROI extent gives null features, not NaN', () => {
    const out = glcmFamily.compute(textureInput(A, A_SHAPE), { ...ALL, aggregations: ['3D_merged'], distance: 3 });
    expect(out.values.every((v) => v.value === null && v.distance === 3)).toBe(true);
  });
});
