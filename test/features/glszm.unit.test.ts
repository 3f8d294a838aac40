/**
 * GLSZM (IBSI 9SAK): the zone labeller against a brute-force union-find, the matrix builder against the
 * digital phantom's matrices printed in the IBSI 1 manual ("Digital phantom texture matrices", GLSZM 2D
 * and 3D), the statistics and the edge cases (one voxel, one grey level, one slice, empty ROI).
 */
import { describe, expect, test } from 'vitest';
import type { Vec3 } from '../../src/image/volume.js';
import { buildGlszm, GLSZM_DEFAULTS, GLSZM_FEATURES, glszmFamily } from '../../src/features/glszm.js';
import { presentLevels } from '../../src/features/levels.js';
import type { FamilyInput } from '../../src/features/types.js';
import { countMatrixStats, labelZones, type CountMatrix } from '../../src/features/zones.js';
import { isRadiomicsError } from '../../src/errors.js';
import { PHANTOM_SHAPE, phantomFamilyInput } from '../helpers/digital-phantom.js';
import { rng } from '../helpers/random.js';

/** Non-zero cells as [grey level, j, count], sorted, like the manual's tables. */
function cells(m: CountMatrix): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let a = 0; a < m.rows; a++) for (let b = 0; b < m.cols; b++) if (m.counts[a * m.cols + b] !== 0) out.push([m.rowValues[a], m.colValues[b], m.counts[a * m.cols + b]]);
  return out;
}

/** A FamilyInput over `levels` (0 outside the ROI); only what the texture families read. */
function inputOf(levels: Int32Array, shape: Vec3): FamilyInput {
  const morphMask = Uint8Array.from(levels, (g) => (g > 0 ? 1 : 0));
  return { levels, boxShape: shape, morphMask, intensityMask: morphMask } as unknown as FamilyInput;
}

function randomLevels(shape: Vec3, nLevels: number, fillRatio: number, seed: number): Int32Array {
  const r = rng(seed);
  return Int32Array.from({ length: shape[0] * shape[1] * shape[2] }, () => (r() < fillRatio ? 1 + Math.floor(r() * nLevels) : 0));
}

/** Zone sizes by brute force: union-find over every pair of linked neighbours. */
function bruteZoneSizes(levels: Int32Array, shape: Vec3, threeD: boolean): number[] {
  const [nx, ny, nz] = shape;
  const parent = Array.from(levels, (_, k) => k);
  const find = (k: number): number => (parent[k] === k ? k : (parent[k] = find(parent[k])));
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const k = x + nx * (y + ny * z);
        if (levels[k] === 0) continue;
        for (let dz = threeD ? -1 : 0; dz <= (threeD ? 1 : 0); dz++)
          for (let dy = -1; dy <= 1; dy++)
            for (let dx = -1; dx <= 1; dx++) {
              const [xx, yy, zz] = [x + dx, y + dy, z + dz];
              if (xx < 0 || yy < 0 || zz < 0 || xx >= nx || yy >= ny || zz >= nz) continue;
              const m = xx + nx * (yy + ny * zz);
              if (levels[m] === levels[k]) parent[find(m)] = find(k);
            }
      }
  const sizes = new Map<number, number>();
  levels.forEach((g, k) => {
    if (g > 0) sizes.set(find(k), (sizes.get(find(k)) ?? 0) + 1);
  });
  return [...sizes.values()].sort((a, b) => a - b);
}

const phantom = phantomFamilyInput();
const present = presentLevels(phantom.levels);
const [nx, ny, nz] = PHANTOM_SHAPE;
const plane = nx * ny;
const slice = (z: number) => phantom.levels.subarray(z * plane, (z + 1) * plane);

describe('labelZones(levels, shape, threeD)', () => {
  test.each([
    [[7, 6, 5] as Vec3, 3, 0.8, 1, true],
    [[7, 6, 5] as Vec3, 3, 0.8, 2, false],
    [[12, 9, 4] as Vec3, 2, 0.6, 3, true],
    [[12, 9, 4] as Vec3, 5, 1, 4, false],
  ])('agrees with union-find on a random %j box, %i levels, fill %d (seed %i, 3D %s)', (shape, nLevels, fill, seed, threeD) => {
    const levels = randomLevels(shape, nLevels, fill, seed);
    const z = labelZones(levels, shape, threeD);
    expect(Array.from(z.size.subarray(0, z.count)).sort((a, b) => a - b)).toEqual(bruteZoneSizes(levels, shape, threeD));
    levels.forEach((g, k) => {
      if (g > 0) expect(z.level[z.labels[k]]).toBe(g);
      else expect(z.labels[k]).toBe(-1);
    });
  });

  test.each([
    [[7, 6, 5] as Vec3, 3, 0.8, 1, true],
    [[12, 9, 4] as Vec3, 2, 0.6, 3, false],
  ])('numbers the zones of a random %j box (%i levels, fill %d, seed %i, 3D %s) in box order of their first voxel', (shape, nLevels, fill, seed, threeD) => {
    const levels = randomLevels(shape, nLevels, fill, seed);
    const z = labelZones(levels, shape, threeD);
    // The first voxel of zone id, in box order, comes after that of zone id - 1.
    const firstVoxel = new Int32Array(z.count).fill(-1);
    levels.forEach((g, k) => {
      if (g > 0 && firstVoxel[z.labels[k]] < 0) firstVoxel[z.labels[k]] = k;
    });
    for (let id = 1; id < z.count; id++) expect(firstVoxel[id]).toBeGreaterThan(firstVoxel[id - 1]);
    expect(Math.min(...firstVoxel)).toBeGreaterThanOrEqual(0);
  });

  test('in 2D the zones of slice z have the ids sliceStart[z] .. sliceStart[z + 1] - 1', () => {
    const shape: Vec3 = [6, 5, 4];
    const levels = randomLevels(shape, 2, 0.9, 7);
    const z = labelZones(levels, shape, false);
    const start = z.sliceStart as Int32Array;
    expect(start).toHaveLength(5);
    expect(start[4]).toBe(z.count);
    levels.forEach((g, k) => {
      if (g === 0) return;
      const sz = Math.floor(k / 30);
      expect(z.labels[k]).toBeGreaterThanOrEqual(start[sz]);
      expect(z.labels[k]).toBeLessThan(start[sz + 1]);
    });
    expect(labelZones(levels, shape, true).sliceStart).toBeNull();
  });

  test('in 2D an empty slice has no zone: sliceStart[z] = sliceStart[z + 1]', () => {
    const shape: Vec3 = [4, 3, 5];
    const levels = randomLevels(shape, 2, 0.8, 9);
    for (const z of [0, 2, 4]) levels.fill(0, 12 * z, 12 * (z + 1));
    const zones = labelZones(levels, shape, false);
    const start = Array.from(zones.sliceStart as Int32Array);
    expect(start[0]).toBe(0);
    expect(start[1]).toBe(0);
    expect(start[2]).toBe(start[3]);
    expect(start[4]).toBe(start[5]);
    expect(start[5]).toBe(zones.count);
    expect(start[2] - start[1]).toBe(labelZones(levels.slice(12, 24), [4, 3, 1], false).count);
    expect(start[4] - start[3]).toBe(labelZones(levels.slice(36, 48), [4, 3, 1], false).count);
    expect(start[4] - start[3]).toBeGreaterThan(0);
  });

  test('a 300,000-voxel zone is labelled without recursion', () => {
    const shape: Vec3 = [100, 100, 30];
    const z = labelZones(new Int32Array(300_000).fill(1), shape, true);
    expect(z.count).toBe(1);
    expect(z.size[0]).toBe(300_000);
  });
});

describe('buildGlszm on the digital phantom (IBSI 1 manual, "Digital phantom texture matrices")', () => {
  // [grey level, zone size, count] per slice z = 0..3, as printed in the manual.
  const SLICES: [number, number, number][][] = [
    [[1, 3, 1], [1, 6, 1], [4, 2, 1], [4, 6, 1], [6, 3, 1]],
    [[1, 4, 1], [1, 8, 1], [3, 1, 1], [4, 2, 2], [6, 1, 2]],
    [[1, 14, 1], [4, 2, 1], [6, 1, 1]],
    [[1, 15, 1], [4, 2, 1], [6, 1, 1]],
  ];

  test.each([0, 1, 2, 3])('buildGlszm(slice %i, [5, 4, 1], 2D) equals the manual', (z) => {
    const m = buildGlszm(slice(z), [nx, ny, 1], false, present);
    expect(cells(m)).toEqual(SLICES[z]);
    expect(m.rowValues).toEqual(Int32Array.from([1, 3, 4, 6]));
  });

  test('buildGlszm(phantom, 3D) equals the manual: 1 x 50, 3 x 1, 4 x 2, 4 x 14, 6 x 7', () => {
    const m = buildGlszm(phantom.levels, PHANTOM_SHAPE, true, present);
    expect(cells(m)).toEqual([[1, 50, 1], [3, 1, 1], [4, 2, 1], [4, 14, 1], [6, 7, 1]]);
    expect(m.voxels).toBe(74);
    // Columns are the zone sizes that occur, not 1..N_z.
    expect(Array.from(m.colValues)).toEqual([1, 2, 7, 14, 50]);
  });

  test('buildGlszm(phantom, 2D) is the sum of the slice matrices (2.5D), with N_v summed', () => {
    const m = buildGlszm(phantom.levels, PHANTOM_SHAPE, false, present);
    const sum = new Map<string, number>();
    for (const z of [0, 1, 2, 3]) for (const [i, j, n] of cells(buildGlszm(slice(z), [nx, ny, 1], false, present))) sum.set(`${i},${j}`, (sum.get(`${i},${j}`) ?? 0) + n);
    expect(new Map(cells(m).map(([i, j, n]) => [`${i},${j}`, n]))).toEqual(sum);
    expect(m.voxels).toBe(74);
    expect(nz).toBe(4);
  });

  test('countMatrixStats of the 3D matrix matches the formulas written out', () => {
    const s = countMatrixStats(buildGlszm(phantom.levels, PHANTOM_SHAPE, true, present));
    expect(s).not.toBeNull();
    const st = s!;
    expect(st.total).toBe(5);
    expect(GLSZM_FEATURES.smallZoneEmphasis.compute(st)).toBeCloseTo((1 / 2500 + 1 + 1 / 4 + 1 / 196 + 1 / 49) / 5, 12);
    expect(GLSZM_FEATURES.largeZoneEmphasis.compute(st)).toBeCloseTo((2500 + 1 + 4 + 196 + 49) / 5, 12);
    expect(GLSZM_FEATURES.zonePercentage.compute(st)).toBeCloseTo(5 / 74, 12);
    expect(GLSZM_FEATURES.greyLevelNonUniformity.compute(st)).toBeCloseTo((1 + 1 + 4 + 1) / 5, 12);
    const p = 1 / 5;
    expect(GLSZM_FEATURES.zoneSizeEntropy.compute(st)).toBeCloseTo(-5 * p * Math.log2(p), 12);
  });
});

describe('glszmFamily.compute edge cases', () => {
  const all = { ...GLSZM_DEFAULTS, aggregations: ['2D', '2.5D', '3D'] as const };

  test('one voxel: one zone of size 1; every feature finite, no warning', () => {
    const levels = new Int32Array(27);
    levels[13] = 5;
    const out = glszmFamily.compute(inputOf(levels, [3, 3, 3]), all);
    expect(out.warnings).toEqual([]);
    expect(out.values).toHaveLength(48);
    for (const v of out.values) expect(Number.isFinite(v.value)).toBe(true);
    const get = (f: string, a: string) => out.values.find((v) => v.feature === f && v.aggregation === a)?.value;
    expect(get('smallZoneEmphasis', '3D')).toBe(1);
    expect(get('zonePercentage', '2D')).toBe(1);
    expect(get('highGreyLevelZoneEmphasis', '2.5D')).toBe(25);
    expect(get('zoneSizeVariance', '3D')).toBe(0);
    expect(get('zoneSizeEntropy', '3D')).toBe(0);
  });

  test('one grey level filling the box (touching every border): one zone per slice in 2D, one in 3D', () => {
    const shape: Vec3 = [4, 3, 2];
    const out = glszmFamily.compute(inputOf(new Int32Array(24).fill(2), shape), all);
    const get = (f: string, a: string) => out.values.find((v) => v.feature === f && v.aggregation === a)?.value;
    expect(get('largeZoneEmphasis', '3D')).toBe(576);
    expect(get('largeZoneEmphasis', '2D')).toBe(144);
    expect(get('zonePercentage', '2.5D')).toBe(2 / 24);
    expect(get('greyLevelVariance', '3D')).toBe(0);
    expect(out.warnings).toEqual([]);
  });

  test('a one-slice ROI gives the same values in 2D, 2.5D and 3D', () => {
    const shape: Vec3 = [6, 5, 1];
    const out = glszmFamily.compute(inputOf(randomLevels(shape, 3, 0.8, 11), shape), all);
    for (const key of Object.keys(GLSZM_FEATURES)) {
      const [a, b, c] = ['2D', '2.5D', '3D'].map((agg) => out.values.find((v) => v.feature === key && v.aggregation === agg)?.value);
      expect(b).toBeCloseTo(a as number, 12);
      expect(c).toBeCloseTo(a as number, 12);
    }
  });

  test('an empty ROI gives null values with UndefinedFeature warnings, never NaN', () => {
    const out = glszmFamily.compute(inputOf(new Int32Array(8), [2, 2, 2]), all);
    expect(out.values.every((v) => v.value === null)).toBe(true);
    expect(out.warnings).toHaveLength(48);
    expect(out.warnings.every((w) => w.code === 'UndefinedFeature')).toBe(true);
  });

  test('repeated aggregations are computed once, in the order asked', () => {
    const out = glszmFamily.compute(phantom, { ...GLSZM_DEFAULTS, aggregations: ['3D', '2D', '3D'] });
    expect(out.values.map((v) => v.aggregation)).toEqual([...Array(16).fill('3D'), ...Array(16).fill('2D')]);
  });

  test('a matrix over maxMatrixBytes throws MatrixTooLarge before allocating', () => {
    let err: unknown;
    try {
      glszmFamily.compute(phantom, { ...GLSZM_DEFAULTS, maxMatrixBytes: 64 });
    } catch (e) {
      err = e;
    }
    expect(isRadiomicsError(err, 'MatrixTooLarge')).toBe(true);
  });

  test('a 300,000-voxel ROI with 8 grey levels computes every aggregation without a null', () => {
    const shape: Vec3 = [100, 100, 30];
    const out = glszmFamily.compute(inputOf(randomLevels(shape, 8, 1, 5), shape), all);
    expect(out.values.filter((v) => !Number.isFinite(v.value))).toEqual([]);
    expect(out.warnings).toEqual([]);
  });
});

describe('buildGlszm(levels, shape, threeD, present, zSlice)', () => {
  test.each([0, 1, 2, 3])('buildGlszm(phantom, 2D, zSlice %i) equals the matrix of that slice alone', (z) => {
    expect(cells(buildGlszm(phantom.levels, PHANTOM_SHAPE, false, present, z))).toEqual(cells(buildGlszm(slice(z), [nx, ny, 1], false, present)));
    // Other slices count as outside the ROI, so 26-connectivity finds the same zones.
    expect(cells(buildGlszm(phantom.levels, PHANTOM_SHAPE, true, present, z))).toEqual(cells(buildGlszm(slice(z), [nx, ny, 1], false, present)));
  });

  test.each([-1, nz, 1.5])('buildGlszm(phantom, 2D, zSlice %s) throws InvalidArgument', (z) => {
    expect(() => buildGlszm(phantom.levels, PHANTOM_SHAPE, false, present, z)).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
  });
});
