/**
 * GLRLM unit tests: the run length matrix on hand-counted examples (runs along x, the diagonals,
 * voxels outside the ROI), the statistics and feature table on a hand-computed matrix, the digital
 * phantom's matrices as the IBSI 1 manual writes them out (every slice and direction, merged or not;
 * transcribed below), the N_v of the run percentage in merged matrices, and the family's edge cases
 * (one voxel, one grey level, one slice, ROI on the box border).
 */
import { describe, expect, test } from 'vitest';
import type { Vec3 } from '../../src/image/volume.js';
import { isRadiomicsError } from '../../src/errors.js';
import { DIRECTIONS_2D, DIRECTIONS_3D } from '../../src/features/directions.js';
import { presentLevels, rankLevels, type PresentLevels } from '../../src/features/levels.js';
import { accumulateGlrlm, buildGlrlm, GLRLM_DEFAULTS, GLRLM_FEATURES, glrlmFamily, glrlmStats, type GlrlmMatrix, type GlrlmParams, type GlrlmStats } from '../../src/features/glrlm/index.js';
import { MATRIX_AGGREGATIONS } from '../../src/features/types.js';
import { PHANTOM_SHAPE, phantomFamilyInput } from '../helpers/digital-phantom.js';
import { byKey, ofAggregation, pad, textureInput } from '../helpers/texture-input.js';
import { rng } from '../helpers/random.js';

const ALL: GlrlmParams = { aggregations: MATRIX_AGGREGATIONS, maxMatrixBytes: 2 ** 20 };

/** The matrix as the manual writes it: "i:j:n" per non-zero cell (grey level i, run length j). */
function manualForm(m: GlrlmMatrix, present: PresentLevels): string {
  const out: string[] = [];
  for (let a = 0; a < m.levels; a++) for (let j = 1; j <= m.maxRun; j++) if (m.counts[a * m.maxRun + j - 1] !== 0) out.push(`${present.values[a]}:${j}:${m.counts[a * m.maxRun + j - 1]}`);
  return out.join(' ');
}

// Example C, a 3 x 3 checkerboard-like slice (x fastest):
//   y=0: 1 2 1
//   y=1: 2 1 2
//   y=2: 1 2 1
// prettier-ignore
const C = [1, 2, 1, 2, 1, 2, 1, 2, 1];
const C_SHAPE: Vec3 = [3, 3, 1];

describe('buildGlrlm(levels, shape, direction, present)', () => {
  test('buildGlrlm([1,1,2,2,2,0,2], [7,1,1], [1,0,0]): a voxel outside the ROI ends a run', () => {
    // Runs along x: 1 1 | 2 2 2 | (0) | 2  ->  level 1 length 2, level 2 length 3, level 2 length 1.
    const levels = Int32Array.from([1, 1, 2, 2, 2, 0, 2]);
    const p = presentLevels(levels);
    const m = buildGlrlm(levels, [7, 1, 1], [1, 0, 0], p);
    expect([m.levels, m.maxRun, m.voxels]).toEqual([2, 7, 6]);
    expect(manualForm(m, p)).toBe('1:2:1 2:1:1 2:3:1');
    // Runs have no orientation: the opposite direction gives the same matrix.
    expect(manualForm(buildGlrlm(levels, [7, 1, 1], [-1, 0, 0], p), p)).toBe('1:2:1 2:1:1 2:3:1');
    // Across the line (y or z), every voxel is a run of length 1.
    expect(manualForm(buildGlrlm(levels, [7, 1, 1], [0, 1, 0], p), p)).toBe('1:1:2 2:1:4');
  });

  test('buildGlrlm(C, [3,3,1], [1,1,0]) and [-1,1,0] follow the diagonals to the box border', () => {
    // (1,1,0): main diagonal (0,0)(1,1)(2,2) = 1 1 1 -> 1:3; (1,0)(2,1) = 2 2 and (0,1)(1,2) = 2 2 -> 2:2 x2;
    // corners (2,0) and (0,2) = 1 -> 1:1 x2. (-1,1,0) is the mirror image: the same counts.
    const levels = Int32Array.from(C);
    const p = presentLevels(levels);
    expect(manualForm(buildGlrlm(levels, C_SHAPE, [1, 1, 0], p), p)).toBe('1:1:2 1:3:1 2:2:2');
    expect(manualForm(buildGlrlm(levels, C_SHAPE, [-1, 1, 0], p), p)).toBe('1:1:2 1:3:1 2:2:2');
    // Along x and y no two neighbours share a level: nine runs of length 1.
    expect(manualForm(buildGlrlm(levels, C_SHAPE, [1, 0, 0], p), p)).toBe('1:1:5 2:1:4');
  });

  test('accumulateGlrlm over slices z0..z1 treats the other slices as outside', () => {
    // Two slices of a single level: along z one run of 2 per column over the box, 1 per slice alone.
    const levels = Int32Array.from([3, 3, 3, 3]);
    const p = presentLevels(levels);
    const out = new Float64Array(2);
    expect(accumulateGlrlm(out, 2, rankLevels(levels, p), [2, 1, 2], [0, 0, 1], 0, 1)).toBe(2);
    expect(Array.from(out)).toEqual([2, 0]);
    expect(manualForm(buildGlrlm(levels, [2, 1, 2], [0, 0, 1], p), p)).toBe('3:2:2');
  });

  test('buildGlrlm with direction (0,0,0) is InvalidArgument (it would never end a run)', () => {
    const levels = Int32Array.from([1]);
    let error: unknown;
    try {
      buildGlrlm(levels, [1, 1, 1], [0, 0, 0], presentLevels(levels));
    } catch (e) {
      error = e;
    }
    expect(isRadiomicsError(error, 'InvalidArgument')).toBe(true);
  });
});

describe('accumulateGlrlm on random boxes with holes', () => {
  /** Runs by definition: from each ROI voxel whose predecessor is outside the range, the ROI or its level, walk forward. */
  function bruteGlrlm(levels: Int32Array, shape: Vec3, d: Vec3, p: PresentLevels, z0: number, z1: number): { counts: Float64Array; voxels: number } {
    const [nx, ny] = shape;
    const maxRun = Math.max(...shape);
    const counts = new Float64Array(p.values.length * maxRun);
    const at = (x: number, y: number, z: number) => (x < 0 || y < 0 || z < z0 || x >= nx || y >= ny || z >= z1 ? 0 : levels[x + nx * (y + ny * z)]);
    let voxels = 0;
    for (let z = z0; z < z1; z++)
      for (let y = 0; y < ny; y++)
        for (let x = 0; x < nx; x++) {
          const g = at(x, y, z);
          if (g === 0) continue;
          voxels++;
          if (at(x - d[0], y - d[1], z - d[2]) === g) continue;
          let n = 1;
          while (at(x + n * d[0], y + n * d[1], z + n * d[2]) === g) n++;
          counts[p.rankOf[g] * maxRun + n - 1]++;
        }
    return { counts, voxels };
  }
  const shape: Vec3 = [8, 6, 5];
  const r = rng(12);
  // Few levels and a high fill, so that runs are long and cross the box.
  const levels = Int32Array.from({ length: 8 * 6 * 5 }, () => (r() < 0.85 ? 1 + Math.floor(r() * 2) : 0));
  const p = presentLevels(levels);
  const directions: Vec3[] = [...DIRECTIONS_3D, ...DIRECTIONS_3D.map(([a, b, c]): Vec3 => [-a, -b, -c])];
  test.each(directions.flatMap((d) => [[0, 5], [1, 2], [2, 5]].map(([z0, z1]) => [d.join(','), z0, z1, d] as const)))('accumulateGlrlm(random, (%s), slices %i..%i) equals the runs counted by definition', (_key, z0, z1, d) => {
    const expected = bruteGlrlm(levels, shape, d, p, z0, z1);
    const out = new Float64Array(p.values.length * Math.max(...shape));
    expect(accumulateGlrlm(out, Math.max(...shape), rankLevels(levels, p), shape, d, z0, z1)).toBe(expected.voxels);
    expect(out).toEqual(expected.counts);
  });
});

describe('glrlmStats(matrix, present) and the feature table', () => {
  // Example C along (1,1,0): r = {(1,1): 2, (1,3): 1, (2,2): 2}, N_s = 5, N_v = 9; r_1. = 3, r_2. = 2;
  // r_.1 = 2, r_.2 = 2, r_.3 = 1. i is the grey level (1 or 2), j the run length.
  const levels = Int32Array.from(C);
  const present = presentLevels(levels);
  const s = glrlmStats(buildGlrlm(levels, C_SHAPE, [1, 1, 0], present), present) as GlrlmStats;

  test.each([
    ['shortRunsEmphasis', (2 / 1 + 2 / 4 + 1 / 9) / 5],
    ['longRunsEmphasis', (2 * 1 + 2 * 4 + 1 * 9) / 5],
    ['lowGreyLevelRunEmphasis', (3 / 1 + 2 / 4) / 5],
    ['highGreyLevelRunEmphasis', (3 * 1 + 2 * 4) / 5],
    ['shortRunLowGreyLevelEmphasis', (2 / (1 * 1) + 1 / (1 * 9) + 2 / (4 * 4)) / 5],
    ['shortRunHighGreyLevelEmphasis', ((2 * 1) / 1 + (1 * 1) / 9 + (2 * 4) / 4) / 5],
    ['longRunLowGreyLevelEmphasis', ((2 * 1) / 1 + (1 * 9) / 1 + (2 * 4) / 4) / 5],
    ['longRunHighGreyLevelEmphasis', (2 * 1 * 1 + 1 * 1 * 9 + 2 * 4 * 4) / 5],
    ['greyLevelNonUniformity', (9 + 4) / 5],
    ['normalisedGreyLevelNonUniformity', (9 + 4) / 25],
    ['runLengthNonUniformity', (4 + 4 + 1) / 5],
    ['normalisedRunLengthNonUniformity', (4 + 4 + 1) / 25],
    ['runPercentage', 5 / 9],
    ['greyLevelVariance', 0.24], // mu = (1*3 + 2*2)/5 = 1.4; (0.4^2 * 3 + 0.6^2 * 2) / 5
    ['runLengthVariance', 0.56], // mu = (1*2 + 2*2 + 3*1)/5 = 1.8; (0.8^2 * 2 + 0.2^2 * 2 + 1.2^2) / 5
    ['runEntropy', -(2 * 0.4 * Math.log2(0.4) + 0.2 * Math.log2(0.2))],
  ] as const)('GLRLM_FEATURES.%s on example C along (1,1,0) = %f', (key, expected) => {
    expect(GLRLM_FEATURES[key].compute(s)).toBeCloseTo(expected, 12);
  });

  test('glrlmStats(empty matrix) is null', () => {
    expect(glrlmStats({ counts: new Float64Array(6), levels: 2, maxRun: 3, voxels: 0 }, present)).toBeNull();
  });

  test('every feature has a name, an IBSI code and a formula', () => {
    for (const [key, def] of Object.entries(GLRLM_FEATURES)) {
      expect(def.name, key).not.toBe('');
      expect(def.ibsi, key).toMatch(/^[0-9A-Z]{4}$/);
      expect(def.formula.length, key).toBeGreaterThan(0);
    }
    expect(new Set(Object.values(GLRLM_FEATURES).map((d) => d.ibsi)).size).toBe(16);
  });
});

/*
 * The digital phantom's GLRLMs as the IBSI 1 manual writes them out (reference manual, "Digital phantom
 * texture matrices", sections "Grey level run length matrix (2D)", "(2D, merged)", "(3D)",
 * "(3D, merged)"; ibsi-doc file 06_Digital_phantom_texture_matrices.rst), one "i:j:n" triple per
 * non-zero cell, i the grey level, j the run length. 2D tables: per direction, slices 1-4 (z = 0..3);
 * the manual prints (1,-1,0) for our (-1,1,0), the same line. 3D tables: the manual's conversion kept
 * one direction label per row of four tables, so each table is keyed here by the one direction whose
 * matrix equals it (every table matched exactly one direction).
 */
// prettier-ignore
const MANUAL_2D: Record<string, readonly string[]> = {
  '0,1,0': [
    '1:1:1 1:2:2 1:4:1 4:1:2 4:2:3 6:3:1',
    '1:2:2 1:4:2 3:1:1 4:1:4 6:1:2',
    '1:1:1 1:3:3 1:4:1 4:1:2 6:1:1',
    '1:2:1 1:3:3 1:4:1 4:1:2 6:1:1',
  ],
  '-1,1,0': [
    '1:1:7 1:2:1 4:1:5 4:3:1 6:1:3',
    '1:1:6 1:2:3 3:1:1 4:1:4 6:1:2',
    '1:1:5 1:2:3 1:3:1 4:1:2 6:1:1',
    '1:1:3 1:2:3 1:3:2 4:1:2 6:1:1',
  ],
  '1,0,0': [
    '1:1:5 1:2:2 4:1:4 4:2:2 6:1:3',
    '1:1:2 1:2:5 3:1:1 4:2:2 6:1:2',
    '1:1:1 1:2:4 1:5:1 4:2:1 6:1:1',
    '1:1:1 1:2:2 1:5:2 4:2:1 6:1:1',
  ],
  '1,1,0': [
    '1:1:3 1:2:3 4:1:6 4:2:1 6:1:3',
    '1:1:2 1:2:5 3:1:1 4:1:4 6:1:2',
    '1:1:3 1:2:4 1:3:1 4:1:2 6:1:1',
    '1:1:2 1:2:3 1:3:1 1:4:1 4:1:2 6:1:1',
  ],
};
// prettier-ignore
const MANUAL_2D_SLICE_MERGED: readonly string[] = [
  '1:1:16 1:2:8 1:4:1 4:1:17 4:2:6 4:3:1 6:1:9 6:3:1',
  '1:1:10 1:2:15 1:4:2 3:1:4 4:1:12 4:2:2 6:1:8',
  '1:1:10 1:2:11 1:3:5 1:4:1 1:5:1 4:1:6 4:2:1 6:1:4',
  '1:1:6 1:2:9 1:3:6 1:4:2 1:5:2 4:1:6 4:2:1 6:1:4',
];
// prettier-ignore
const MANUAL_3D: Record<string, string> = {
  '0,0,1': '1:1:1 1:2:6 1:3:3 1:4:7 3:1:1 4:1:4 4:2:2 4:4:2 6:1:1 6:2:1 6:4:1',
  '0,-1,1': '1:1:11 1:2:15 1:3:3 3:1:1 4:1:14 4:2:1 6:1:5 6:2:1',
  '0,1,0': '1:1:2 1:2:5 1:3:6 1:4:5 3:1:1 4:1:10 4:2:3 6:1:4 6:3:1',
  '0,1,1': '1:1:10 1:2:5 1:3:6 1:4:3 3:1:1 4:1:14 4:2:1 6:1:5 6:2:1',
  '-1,1,1': '1:1:22 1:2:11 1:3:2 3:1:1 4:1:16 6:1:7',
  '-1,1,0': '1:1:21 1:2:10 1:3:3 3:1:1 4:1:13 4:3:1 6:1:7',
  '1,-1,1': '1:1:30 1:2:10 3:1:1 4:1:14 4:2:1 6:1:7',
  '-1,0,1': '1:1:16 1:2:12 1:3:2 1:4:1 3:1:1 4:1:8 4:2:4 6:1:7',
  '1,0,0': '1:1:9 1:2:13 1:5:3 3:1:1 4:1:4 4:2:6 6:1:7',
  '1,0,1': '1:1:19 1:2:12 1:3:1 1:4:1 3:1:1 4:1:8 4:2:4 6:1:7',
  '-1,-1,1': '1:1:20 1:2:12 1:3:2 3:1:1 4:1:16 6:1:7',
  '1,1,0': '1:1:10 1:2:15 1:3:2 1:4:1 3:1:1 4:1:14 4:2:1 6:1:7',
  '1,1,1': '1:1:19 1:2:14 1:3:1 3:1:1 4:1:14 4:2:1 6:1:7',
};
const MANUAL_3D_MERGED = '1:1:190 1:2:140 1:3:31 1:4:18 1:5:3 3:1:13 4:1:149 4:2:24 4:3:1 4:4:2 6:1:78 6:2:3 6:3:1 6:4:1';

describe('digital phantom matrices (manual, "Digital phantom texture matrices")', () => {
  const input = phantomFamilyInput();
  const present = presentLevels(input.levels);
  const [nx, ny, nz] = PHANTOM_SHAPE;
  const slice = (z: number) => input.levels.subarray(z * nx * ny, (z + 1) * nx * ny);
  const sliceGlrlm = (z: number, d: Vec3) => buildGlrlm(slice(z), [nx, ny, 1], d, present);
  const rows = present.values.length;

  test('slice 1, direction (0,1,0), by hand', () => {
    // Slice z=0 columns x=0..4 read (along y) 1144, 4414, 4666, 1144, 1111. Runs: x=0: 1:2, 4:2;
    // x=1: 4:2, 1:1, 4:1; x=2: 4:1, 6:3; x=3: 1:2, 4:2; x=4: 1:4.
    expect(manualForm(sliceGlrlm(0, [0, 1, 0]), present)).toBe('1:1:1 1:2:2 1:4:1 4:1:2 4:2:3 6:3:1');
    expect(MANUAL_2D['0,1,0'][0]).toBe('1:1:1 1:2:2 1:4:1 4:1:2 4:2:3 6:3:1');
  });

  test.each(DIRECTIONS_2D.flatMap((d) => [0, 1, 2, 3].map((z) => [d.join(','), z + 1, d, z] as const)))('2D, direction (%s), slice %i equals the manual', (key, _n, d, z) => {
    expect(manualForm(sliceGlrlm(z, d), present)).toBe(MANUAL_2D[key][z]);
  });

  test.each(DIRECTIONS_2D.flatMap((d) => [0, 1, 2, 3].map((z) => [d.join(','), z, d, z] as const)))('buildGlrlm(phantom, shape, (%s), present, zSlice=%i) equals the manual slice matrix', (key, _z, d, z) => {
    // The whole box with zSlice = z must give the matrix of slice z on its own, with N_v its ROI voxels.
    const m = buildGlrlm(input.levels, PHANTOM_SHAPE, d, present, z);
    expect(manualForm(m, present)).toBe(MANUAL_2D[key][z]);
    expect(m.voxels).toBe([20, 19, 17, 18][z]);
  });

  test('buildGlrlm(phantom, ..., [0,0,1], present, zSlice=0): runs across slices end at the slice, so all have length 1', () => {
    // Slice z=0 holds 20 ROI voxels; its rows 14411 14611 41641 44641 give level 1 x (3+3+2+1) = 9,
    // level 4 x (2+1+2+3) = 8 and level 6 x (0+1+1+1) = 3, each a run of length 1.
    expect(manualForm(buildGlrlm(input.levels, PHANTOM_SHAPE, [0, 0, 1], present, 0), present)).toBe('1:1:9 4:1:8 6:1:3');
  });

  test.each([-1, 4, 1.5])('buildGlrlm(phantom, ..., zSlice=%s) is InvalidArgument', (z) => {
    expect(() => buildGlrlm(input.levels, PHANTOM_SHAPE, [1, 0, 0], present, z)).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
  });

  test.each([0, 1, 2, 3])('2D, merged over directions, slice z=%i equals the manual', (z) => {
    const merged = new Float64Array(rows * 5);
    for (const d of DIRECTIONS_2D) sliceGlrlm(z, d).counts.forEach((c, k) => (merged[k] += c));
    expect(manualForm({ counts: merged, levels: rows, maxRun: 5, voxels: 0 }, present)).toBe(MANUAL_2D_SLICE_MERGED[z]);
  });

  test.each(DIRECTIONS_3D.map((d) => [d.join(','), d] as const))('3D, direction (%s) equals the manual', (key, d) => {
    expect(manualForm(buildGlrlm(input.levels, PHANTOM_SHAPE, d, present), present)).toBe(MANUAL_3D[key]);
  });

  test('3D, merged over the 13 directions, equals the manual', () => {
    const merged = new Float64Array(rows * 5);
    for (const d of DIRECTIONS_3D) buildGlrlm(input.levels, PHANTOM_SHAPE, d, present).counts.forEach((c, k) => (merged[k] += c));
    expect(manualForm({ counts: merged, levels: rows, maxRun: 5, voxels: 0 }, present)).toBe(MANUAL_3D_MERGED);
  });

  test('run percentage uses N_v summed over the merged matrices (manual: N_v "should likewise be summed")', () => {
    // Runs in the manual's tables: 3D merged 654; 2D slice-merged 59, 53, 39, 36 (187 in all);
    // slice voxels 20, 19, 17, 18 (74 in all). Each merged matrix sums as many N_v as matrices.
    const values = glrlmFamily.compute(input, ALL).values.filter((v) => v.feature === 'runPercentage');
    const at = (a: string) => values.find((v) => v.aggregation === a)?.value as number;
    expect(at('3D_merged')).toBeCloseTo(654 / (13 * 74), 12);
    expect(at('2.5D_merged')).toBeCloseTo(187 / (4 * 74), 12);
    expect(at('2D_slice_merged')).toBeCloseTo((59 / (4 * 20) + 53 / (4 * 19) + 39 / (4 * 17) + 36 / (4 * 18)) / 4, 12);
    // 3D_average: the mean over directions of N_s / 74, i.e. again 654 / (13 * 74).
    expect(at('3D_average')).toBeCloseTo(654 / (13 * 74), 12);
  });
});

describe('glrlmFamily.compute(input, params)', () => {
  test('GLRLM_DEFAULTS = 3D_average and 3D_merged, 512 MiB', () => {
    expect(GLRLM_DEFAULTS).toEqual({ aggregations: ['3D_average', '3D_merged'], maxMatrixBytes: 512 * 2 ** 20 });
    expect(glrlmFamily).toMatchObject({ name: 'glrlm', title: 'Grey level run length based features', ibsi: 'TP0I' });
  });

  test('values come per aggregation in the order asked, features in table order, without a distance', () => {
    const out = glrlmFamily.compute(phantomFamilyInput(), { ...ALL, aggregations: ['2.5D_merged', '3D_average'] });
    const keys = Object.keys(GLRLM_FEATURES);
    expect(out.values.map((v) => `${v.aggregation}:${v.feature}`)).toEqual([...keys.map((k) => `2.5D_merged:${k}`), ...keys.map((k) => `3D_average:${k}`)]);
    expect(out.values.every((v) => !('distance' in v))).toBe(true);
  });

  test('one voxel: every feature is defined (one run of length 1 per matrix), no warning', () => {
    const out = glrlmFamily.compute(textureInput([2], [1, 1, 1]), ALL);
    expect(out.warnings).toEqual([]);
    // The non-normalised non-uniformities count the runs: one per matrix merged (4 in-plane, 13 in 3D).
    const runs = { '2D_average': 1, '2D_slice_merged': 4, '2.5D_direction_merged': 1, '2.5D_merged': 4, '3D_average': 1, '3D_merged': 13 };
    for (const a of MATRIX_AGGREGATIONS) {
      expect(ofAggregation(out.values, a), a).toEqual({
        shortRunsEmphasis: 1,
        longRunsEmphasis: 1,
        lowGreyLevelRunEmphasis: 0.25,
        highGreyLevelRunEmphasis: 4,
        shortRunLowGreyLevelEmphasis: 0.25,
        shortRunHighGreyLevelEmphasis: 4,
        longRunLowGreyLevelEmphasis: 0.25,
        longRunHighGreyLevelEmphasis: 4,
        greyLevelNonUniformity: runs[a],
        normalisedGreyLevelNonUniformity: 1,
        runLengthNonUniformity: runs[a],
        normalisedRunLengthNonUniformity: 1,
        runPercentage: 1,
        greyLevelVariance: 0,
        runLengthVariance: 0,
        runEntropy: 0,
      });
    }
  });

  test('one grey level: grey level variance is exactly 0, nothing is null', () => {
    const out = glrlmFamily.compute(textureInput([5, 5, 5, 5, 5, 5], [3, 2, 1]), ALL);
    expect(out.values.every((v) => v.value !== null && Number.isFinite(v.value))).toBe(true);
    expect(out.values.filter((v) => v.feature === 'greyLevelVariance').every((v) => v.value === 0)).toBe(true);
  });

  test('a one-slice ROI: out-of-plane runs all have length 1, so 3D differs from 2D; nothing is skipped', () => {
    const out = glrlmFamily.compute(textureInput(C, C_SHAPE), ALL);
    expect(out.warnings).toEqual([]);
    // Along (0,0,1) and the other 8 out-of-plane directions every voxel is a run of length 1.
    expect(ofAggregation(out.values, '3D_merged').runPercentage).toBeCloseTo((9 * 9 + 9 + 5 + 5 + 9) / (13 * 9), 12);
  });

  test('a ROI filling its box gives the same values as the same ROI inside a larger zero box', () => {
    const inner = glrlmFamily.compute(textureInput(C, C_SHAPE), ALL);
    const outer = glrlmFamily.compute(textureInput(pad(C, C_SHAPE, [5, 6, 3], [1, 2, 1]), [5, 6, 3]), ALL);
    expect(byKey(outer.values)).toEqual(byKey(inner.values));
  });

  test('a matrix over maxMatrixBytes throws MatrixTooLarge before allocating', () => {
    let error: unknown;
    try {
      glrlmFamily.compute(textureInput(C, C_SHAPE), { ...ALL, maxMatrixBytes: 47 }); // 2 levels x 3 run lengths x 8 = 48 bytes
    } catch (e) {
      error = e;
    }
    expect(isRadiomicsError(error, 'MatrixTooLarge')).toBe(true);
    expect(() => glrlmFamily.compute(textureInput(C, C_SHAPE), { ...ALL, maxMatrixBytes: 48 })).not.toThrow();
  });
});
