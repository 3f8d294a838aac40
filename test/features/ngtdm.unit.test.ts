/**
 * NGTDM (IBSI IPET): the matrix builder against the digital phantom's matrices printed in the IBSI 1
 * manual ("Digital phantom texture matrices", NGTDM 2D and 3D, distance 1), the statistics on a small
 * hand-worked case, the IBSI rules for degenerate matrices (coarseness 10^6, contrast / busyness /
 * strength 0) and the edge cases (one voxel, skipped slices, a zero busyness denominator).
 */
import { describe, expect, test } from 'vitest';
import type { Vec3 } from '../../src/image/volume.js';
import { presentLevels } from '../../src/features/levels.js';
import { buildNgtdm, MAX_COARSENESS, NGTDM_DEFAULTS, NGTDM_FEATURES, ngtdmFamily, ngtdmStats, type NgtdmMatrix } from '../../src/features/ngtdm.js';
import type { FamilyInput } from '../../src/features/types.js';
import { PHANTOM_SHAPE, phantomFamilyInput } from '../helpers/digital-phantom.js';
import { rng } from '../helpers/random.js';

/** Rows with n_i > 0 as [grey level, s_i, n_i], like the manual's tables. */
function rowsOf(m: NgtdmMatrix): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let a = 0; a < m.n.length; a++) if (m.n[a] > 0) out.push([m.rowValues[a], m.s[a], m.n[a]]);
  return out;
}

function expectRows(m: NgtdmMatrix, expected: [number, number, number][]): void {
  const got = rowsOf(m);
  expect(got.map(([i, , n]) => [i, n])).toEqual(expected.map(([i, , n]) => [i, n]));
  got.forEach(([, s], r) => expect(s).toBeCloseTo(expected[r][1], 6));
}

function inputOf(levels: Int32Array, shape: Vec3): FamilyInput {
  return { levels, boxShape: shape } as unknown as FamilyInput;
}

const phantom = phantomFamilyInput();
const present = presentLevels(phantom.levels);
const [nx, ny] = PHANTOM_SHAPE;
const plane = nx * ny;
const sliceLevels = (z: number) => phantom.levels.subarray(z * plane, (z + 1) * plane);
const all = { ...NGTDM_DEFAULTS, aggregations: ['2D', '2.5D', '3D'] as const };
const get = (out: ReturnType<typeof ngtdmFamily.compute>, f: string, a: string) => out.values.find((v) => v.feature === f && v.aggregation === a)?.value;

describe('buildNgtdm on the digital phantom, distance 1 (IBSI 1 manual, "Digital phantom texture matrices")', () => {
  // [grey level, s_i, n_i] per slice z = 0..3, as printed in the manual.
  const SLICES: [number, number, number][][] = [
    [[1, 14.575, 9], [4, 5.775, 8], [6, 7.325, 3]],
    [[1, 11.928571, 12], [3, 0.375, 1], [4, 4.8, 4], [6, 8, 2]],
    [[1, 7.985714, 14], [4, 4.65, 2], [6, 5, 1]],
    [[1, 7.582143, 15], [4, 4.65, 2], [6, 5, 1]],
  ];

  test.each([0, 1, 2, 3])('buildNgtdm(slice %i, [5, 4, 1], 1, 2D) equals the manual', (z) => {
    expectRows(buildNgtdm(sliceLevels(z), [nx, ny, 1], 1, false, present), SLICES[z]);
  });

  test('buildNgtdm(phantom, 1, 3D) equals the manual', () => {
    expectRows(buildNgtdm(phantom.levels, PHANTOM_SHAPE, 1, true, present), [
      [1, 39.946954, 50],
      [3, 0.2, 1],
      [4, 20.825401, 16],
      [6, 24.127005, 7],
    ]);
  });

  test('buildNgtdm(phantom, 1, 2D) is the sum of the slice matrices (2.5D)', () => {
    const m = buildNgtdm(phantom.levels, PHANTOM_SHAPE, 1, false, present);
    const parts = [0, 1, 2, 3].map((z) => buildNgtdm(sliceLevels(z), [nx, ny, 1], 1, false, present));
    for (let a = 0; a < 4; a++) {
      expect(m.n[a]).toBe(parts.reduce((t, p) => t + p.n[a], 0));
      expect(m.s[a]).toBeCloseTo(parts.reduce((t, p) => t + p.s[a], 0), 12);
    }
  });
});

describe('ngtdmStats and the NGTDM features', () => {
  // One row of three voxels [1, 1, 2] (2D, distance 1): Xbar = 1, 1.5, 1; s_1 = 0.5, s_2 = 1;
  // n_1 = 2, n_2 = 1, N_vc = 3, p = (2/3, 1/3).
  const row = buildNgtdm(Int32Array.from([1, 1, 2]), [3, 1, 1], 1, false, presentLevels(Int32Array.from([1, 2])));

  test('a hand-worked row [1, 1, 2]', () => {
    expect(Array.from(row.s)).toEqual([0.5, 1]);
    expect(Array.from(row.n)).toEqual([2, 1]);
    const s = ngtdmStats(row)!;
    const p = [2 / 3, 1 / 3];
    const sumPS = p[0] * 0.5 + p[1] * 1;
    expect(NGTDM_FEATURES.coarseness.compute(s)).toBeCloseTo(1 / sumPS, 12);
    // 1/(N_gp (N_gp - 1)) sum p1 p2 (i1 - i2)^2 = (2 p1 p2) / 2; times sum s / N_vc.
    expect(NGTDM_FEATURES.contrast.compute(s)).toBeCloseTo(((2 * p[0] * p[1]) / 2) * (1.5 / 3), 12);
    expect(NGTDM_FEATURES.complexity.compute(s)).toBeCloseTo((2 * (p[0] * 0.5 + p[1] * 1)) / (p[0] + p[1]) / 3, 12);
    expect(NGTDM_FEATURES.strength.compute(s)).toBeCloseTo((2 * (p[0] + p[1])) / 1.5, 12);
    // 1 * 2/3 = 2 * 1/3: the busyness denominator is 0 with two grey levels; IBSI leaves it undefined.
    expect(Number.isFinite(NGTDM_FEATURES.busyness.compute(s))).toBe(false);
  });

  test('the zero busyness denominator becomes null with an UndefinedFeature warning, never NaN', () => {
    const out = ngtdmFamily.compute(inputOf(Int32Array.from([1, 1, 2]), [3, 1, 1]), all);
    expect(get(out, 'busyness', '3D')).toBeNull();
    expect(out.warnings.map((w) => w.feature)).toEqual(['ngtdm.busyness.2D.d1', 'ngtdm.busyness.2.5D.d1', 'ngtdm.busyness.3D.d1']);
    expect(out.values.filter((v) => v.value !== null && !Number.isFinite(v.value))).toEqual([]);
  });

  test('one grey level: coarseness 10^6 (sum p_i s_i = 0), contrast, busyness, complexity and strength 0, as IBSI sets them', () => {
    const out = ngtdmFamily.compute(inputOf(new Int32Array(27).fill(4), [3, 3, 3]), all);
    expect(out.warnings).toEqual([]);
    for (const a of ['2D', '2.5D', '3D']) {
      expect(get(out, 'coarseness', a)).toBe(MAX_COARSENESS);
      expect(get(out, 'contrast', a)).toBe(0);
      expect(get(out, 'busyness', a)).toBe(0);
      expect(get(out, 'complexity', a)).toBe(0);
      expect(get(out, 'strength', a)).toBe(0);
    }
  });

  test('a level whose voxels have no neighbour has p_i = 0 and does not count in N_gp', () => {
    // Level 9 isolated in a corner at distance 2 from the rest: only levels 1 and 2 have neighbours.
    const levels = new Int32Array(25);
    levels.set([1, 1, 2], 0);
    levels[24] = 9;
    const m = buildNgtdm(levels, [5, 5, 1], 1, false, presentLevels(levels));
    expect(Array.from(m.n)).toEqual([2, 1, 0]);
    expect(ngtdmStats(m)!.levelsPresent).toBe(2);
  });
});

describe('ngtdmFamily.compute', () => {
  test('values carry their distance', () => {
    const out = ngtdmFamily.compute(phantom, { ...all, distance: 2 });
    expect(out.values.every((v) => v.distance === 2)).toBe(true);
    expect(get(out, 'coarseness', '3D')).not.toBe(get(ngtdmFamily.compute(phantom, all), 'coarseness', '3D'));
  });

  test('the 2D neighbourhood is in-plane: a column of voxels along z has no 2D neighbour', () => {
    const out = ngtdmFamily.compute(inputOf(Int32Array.from([1, 2, 3]), [1, 1, 3]), all);
    expect(get(out, 'coarseness', '2D')).toBeNull();
    expect(get(out, 'coarseness', '2.5D')).toBeNull();
    expect(get(out, 'coarseness', '3D')).not.toBeNull();
  });

  test('a slice whose ROI voxels have no in-plane neighbour is left out of 2D with a SliceSkipped warning', () => {
    // Slice 0: a 2 x 2 block of levels 1, 2; slice 1: one voxel.
    const levels = Int32Array.from([1, 2, 2, 1, 0, 0, 0, 3]);
    const out = ngtdmFamily.compute(inputOf(levels, [2, 2, 2]), { ...all, aggregations: ['2D'] });
    expect(out.warnings.map((w) => w.code)).toEqual(['SliceSkipped']);
    const slice0 = ngtdmFamily.compute(inputOf(levels.subarray(0, 4), [2, 2, 1]), { ...all, aggregations: ['2D'] });
    expect(out.values).toEqual(slice0.values);
  });

  test('one voxel: every value null with an UndefinedFeature warning (N_vc = 0), never NaN', () => {
    const levels = new Int32Array(27);
    levels[13] = 2;
    const out = ngtdmFamily.compute(inputOf(levels, [3, 3, 3]), all);
    expect(out.values).toHaveLength(15);
    expect(out.values.every((v) => v.value === null)).toBe(true);
    expect(out.warnings).toHaveLength(15);
    expect(out.warnings.every((w) => w.code === 'UndefinedFeature')).toBe(true);
  });

  test('an ROI touching every face of the box is computed from the neighbours inside it', () => {
    const out = ngtdmFamily.compute(inputOf(Int32Array.from({ length: 8 }, (_, k) => 1 + (k % 2)), [2, 2, 2]), all);
    expect(out.warnings).toEqual([]);
    expect(out.values.every((v) => Number.isFinite(v.value))).toBe(true);
  });

  test('distance must be a positive integer', () => {
    expect(() => ngtdmFamily.compute(phantom, { ...all, distance: 0 })).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
    expect(() => ngtdmFamily.compute(phantom, { ...all, distance: 1.5 })).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
  });

  test('a 300,000-voxel ROI computes every aggregation without a null', () => {
    let seed = 1;
    const levels = Int32Array.from({ length: 300_000 }, () => ((seed = (seed * 16807) % 2147483647) % 16) + 1);
    const out = ngtdmFamily.compute(inputOf(levels, [100, 100, 30]), all);
    expect(out.values.filter((v) => !Number.isFinite(v.value))).toEqual([]);
  });
});

describe('buildNgtdm(levels, shape, distance, threeD, present, zSlice)', () => {
  test.each([0, 1, 2, 3])('buildNgtdm(phantom, 1, 2D or 3D, zSlice %i) equals the matrix of that slice alone', (z) => {
    const alone = rowsOf(buildNgtdm(sliceLevels(z), [nx, ny, 1], 1, false, present));
    expect(rowsOf(buildNgtdm(phantom.levels, PHANTOM_SHAPE, 1, false, present, z))).toEqual(alone);
    // Other slices count as outside the ROI, so the 3D neighbourhood adds no neighbour.
    expect(rowsOf(buildNgtdm(phantom.levels, PHANTOM_SHAPE, 1, true, present, z))).toEqual(alone);
  });

  test('buildNgtdm(phantom, 1, 2D, zSlice -1) throws InvalidArgument', () => {
    expect(() => buildNgtdm(phantom.levels, PHANTOM_SHAPE, 1, false, present, -1)).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
  });
});

describe('buildNgtdm against the definition (box sums of the neighbour levels and counts)', () => {
  /** s_i and n_i by visiting every neighbour within Chebyshev distance `distance` (in-plane when not threeD) inside the box. */
  function byDefinition(levels: Int32Array, shape: Vec3, distance: number, threeD: boolean, rowValues: Int32Array): { s: number[]; n: number[] } {
    const [nx, ny, nz] = shape;
    const s = Array.from(rowValues, () => 0);
    const n = Array.from(rowValues, () => 0);
    const zr = threeD ? distance : 0;
    for (let z = 0; z < nz; z++)
      for (let y = 0; y < ny; y++)
        for (let x = 0; x < nx; x++) {
          const g = levels[x + nx * (y + ny * z)];
          if (g <= 0) continue;
          let sum = 0;
          let w = 0;
          for (let c = -zr; c <= zr; c++)
            for (let b = -distance; b <= distance; b++)
              for (let a = -distance; a <= distance; a++) {
                const [xx, yy, zz] = [x + a, y + b, z + c];
                if ((a === 0 && b === 0 && c === 0) || xx < 0 || yy < 0 || zz < 0 || xx >= nx || yy >= ny || zz >= nz) continue;
                const v = levels[xx + nx * (yy + ny * zz)];
                if (v > 0) {
                  sum += v;
                  w++;
                }
              }
          if (w === 0) continue;
          const r = rowValues.indexOf(g);
          s[r] += Math.abs(g - sum / w);
          n[r]++;
        }
    return { s, n };
  }
  const r = rng(31);
  const cases: [string, Vec3, number, number][] = [
    ['distance 1, small levels', [6, 5, 4], 1, 20],
    ['distance 2, small levels', [7, 6, 5], 2, 20],
    // 3D: cells (max level K + 1) = 41^3 (2^22 2^17 + 1) passes 2^53: the level sums and the counts are summed apart.
    ['distance 20, levels near 2^22', [4, 3, 3], 20, 2 ** 22],
  ];
  test.each(cases.flatMap(([name, shape, distance, top]) => [true, false].map((threeD) => [name, threeD ? '3D' : '2D', shape, distance, top, threeD] as const)))(
    'buildNgtdm(random box, %s, %s) equals s_i and n_i by definition, bit for bit',
    (_name, _mode, shape, distance, top, threeD) => {
      const levels = Int32Array.from({ length: shape[0] * shape[1] * shape[2] }, () => (r() < 0.2 ? 0 : top - Math.floor(6 * r())));
      const present = presentLevels(levels);
      const m = buildNgtdm(levels, shape, distance, threeD, present);
      const want = byDefinition(levels, shape, distance, threeD, present.values);
      expect(Array.from(m.s)).toEqual(want.s);
      expect(Array.from(m.n)).toEqual(want.n);
    },
  );
});
