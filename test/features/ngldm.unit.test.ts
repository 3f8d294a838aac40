/**
 * NGLDM (IBSI REK0): the matrix builder against the digital phantom's matrices printed in the IBSI 1
 * manual ("Digital phantom texture matrices", NGLDM 2D and 3D, distance 1, coarseness 0), against a
 * direct count of j_k for other distances and coarseness values, and the edge cases.
 */
import { describe, expect, test } from 'vitest';
import type { Vec3 } from '../../src/image/volume.js';
import { presentLevels } from '../../src/features/levels.js';
import { buildNgldm, NGLDM_DEFAULTS, NGLDM_FEATURES, ngldmFamily } from '../../src/features/ngldm.js';
import type { FamilyInput } from '../../src/features/types.js';
import type { CountMatrix } from '../../src/features/zones.js';
import { PHANTOM_SHAPE, phantomFamilyInput } from '../helpers/digital-phantom.js';
import { rng } from '../helpers/random.js';

/** Non-zero cells as [grey level, dependence j, count], sorted, like the manual's tables. */
function cells(m: CountMatrix): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let a = 0; a < m.rows; a++) for (let b = 0; b < m.cols; b++) if (m.counts[a * m.cols + b] !== 0) out.push([m.rowValues[a], m.colValues[b], m.counts[a * m.cols + b]]);
  return out;
}

function inputOf(levels: Int32Array, shape: Vec3): FamilyInput {
  return { levels, boxShape: shape } as unknown as FamilyInput;
}

/** The manual's formula written out: j_k = 1 + dependent ROI neighbours within Chebyshev distance d. */
function bruteCells(levels: Int32Array, shape: Vec3, d: number, alpha: number, threeD: boolean): [number, number, number][] {
  const [nx, ny, nz] = shape;
  const counts = new Map<string, number>();
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const g = levels[x + nx * (y + ny * z)];
        if (g === 0) continue;
        let j = 0;
        for (let zz = Math.max(0, threeD ? z - d : z); zz <= Math.min(nz - 1, threeD ? z + d : z); zz++)
          for (let yy = Math.max(0, y - d); yy <= Math.min(ny - 1, y + d); yy++)
            for (let xx = Math.max(0, x - d); xx <= Math.min(nx - 1, x + d); xx++) {
              const v = levels[xx + nx * (yy + ny * zz)];
              if (v > 0 && Math.abs(v - g) <= alpha) j++; // includes the centre itself
            }
        counts.set(`${g},${j}`, (counts.get(`${g},${j}`) ?? 0) + 1);
      }
  return [...counts.entries()].map(([key, n]) => [...key.split(',').map(Number), n] as [number, number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

const phantom = phantomFamilyInput();
const present = presentLevels(phantom.levels);
const [nx, ny] = PHANTOM_SHAPE;
const plane = nx * ny;
const sliceLevels = (z: number) => phantom.levels.subarray(z * plane, (z + 1) * plane);
const all = { ...NGLDM_DEFAULTS, aggregations: ['2D', '2.5D', '3D'] as const };
const get = (out: ReturnType<typeof ngldmFamily.compute>, f: string, a: string) => out.values.find((v) => v.feature === f && v.aggregation === a)?.value;

describe('buildNgldm on the digital phantom, distance 1, alpha 0 (IBSI 1 manual, "Digital phantom texture matrices")', () => {
  // [grey level, dependence, count] per slice z = 0..3, as printed in the manual.
  const SLICES: [number, number, number][][] = [
    [[1, 2, 3], [1, 3, 1], [1, 4, 3], [1, 5, 2], [4, 2, 2], [4, 3, 4], [4, 4, 2], [6, 2, 2], [6, 3, 1]],
    [[1, 3, 2], [1, 4, 6], [1, 6, 4], [3, 1, 1], [4, 2, 4], [6, 1, 2]],
    [[1, 3, 1], [1, 4, 5], [1, 5, 3], [1, 6, 3], [1, 7, 2], [4, 2, 2], [6, 1, 1]],
    [[1, 3, 1], [1, 4, 3], [1, 5, 3], [1, 6, 4], [1, 7, 1], [1, 8, 3], [4, 2, 2], [6, 1, 1]],
  ];

  test.each([0, 1, 2, 3])('buildNgldm(slice %i, [5, 4, 1], 1, 0, 2D) equals the manual', (z) => {
    expect(cells(buildNgldm(sliceLevels(z), [nx, ny, 1], 1, 0, false, present))).toEqual(SLICES[z]);
  });

  test('buildNgldm(phantom, 1, 0, 3D) equals the manual', () => {
    const m = buildNgldm(phantom.levels, PHANTOM_SHAPE, 1, 0, true, present);
    // prettier-ignore
    expect(cells(m)).toEqual([
      [1, 5, 2], [1, 6, 2], [1, 7, 1], [1, 8, 6], [1, 9, 4], [1, 10, 6], [1, 11, 5], [1, 12, 5], [1, 13, 3], [1, 14, 2],
      [1, 15, 5], [1, 16, 3], [1, 17, 3], [1, 18, 2], [1, 21, 1], [3, 1, 1], [4, 2, 2], [4, 4, 2], [4, 5, 6], [4, 6, 4],
      [4, 7, 2], [6, 2, 1], [6, 3, 4], [6, 4, 1], [6, 5, 1],
    ]);
    expect(m.voxels).toBe(74);
    // The dependence axis holds the values that occur (at most 27 in 3D), not the image's extent.
    expect(m.colValues[m.cols - 1]).toBe(21);
  });

  test.each([
    [2, 0, true],
    [2, 0, false],
    [1, 2, true],
    [3, 5, true],
    [1, 1, false],
  ])('buildNgldm(phantom, distance %i, alpha %i, 3D %s) equals the formula counted directly', (d, alpha, threeD) => {
    expect(cells(buildNgldm(phantom.levels, PHANTOM_SHAPE, d, alpha, threeD, present))).toEqual(bruteCells(phantom.levels, PHANTOM_SHAPE, d, alpha, threeD));
  });
});

describe('buildNgldm on random boxes with holes (ROI rows not contiguous)', () => {
  function randomLevels(shape: Vec3, nLevels: number, fill: number, seed: number): Int32Array {
    const r = rng(seed);
    return Int32Array.from({ length: shape[0] * shape[1] * shape[2] }, () => (r() < fill ? 1 + Math.floor(r() * nLevels) : 0));
  }
  test.each([
    [[9, 7, 6] as Vec3, 3, 0.8, 1, 0, true, 1],
    [[9, 7, 6] as Vec3, 3, 0.8, 1, 0, false, 2],
    [[11, 6, 5] as Vec3, 5, 0.6, 2, 1, true, 3],
    [[8, 10, 4] as Vec3, 4, 0.9, 2, 0, false, 4],
    [[6, 5, 7] as Vec3, 6, 0.7, 3, 2, true, 5],
    [[13, 1, 1] as Vec3, 2, 0.7, 1, 0, true, 6],
  ])('buildNgldm(random %j, %i levels, fill %d, distance %i, alpha %i, 3D %s, seed %i) equals the formula counted directly', (shape, nLevels, fill, d, alpha, threeD, seed) => {
    const levels = randomLevels(shape, nLevels, fill, seed);
    const p = presentLevels(levels);
    expect(cells(buildNgldm(levels, shape, d, alpha, threeD, p))).toEqual(bruteCells(levels, shape, d, alpha, threeD));
  });
});

describe('ngldmFamily.compute', () => {
  test('values carry their distance; dependence count percentage is 1', () => {
    const out = ngldmFamily.compute(phantom, { ...all, distance: 2, alpha: 1 });
    expect(out.values.every((v) => v.distance === 2)).toBe(true);
    for (const a of ['2D', '2.5D', '3D']) expect(get(out, 'dependenceCountPercentage', a)).toBe(1);
  });

  test('a large alpha makes every ROI neighbour dependent: j_k = 1 + W_k', () => {
    const out = ngldmFamily.compute(inputOf(new Int32Array(27).fill(1).map((_, k) => 1 + (k % 5)), [3, 3, 3]), { ...all, alpha: 10 });
    const uniform = ngldmFamily.compute(inputOf(new Int32Array(27).fill(3), [3, 3, 3]), all);
    for (const key of ['lowDependenceEmphasis', 'highDependenceEmphasis', 'dependenceCountVariance', 'dependenceCountNonUniformity'])
      for (const a of ['2D', '2.5D', '3D']) expect(get(out, key, a)).toBeCloseTo(get(uniform, key, a) as number, 12);
  });

  test('one voxel: j = 1; every feature finite, no warning', () => {
    const levels = new Int32Array(27);
    levels[13] = 2;
    const out = ngldmFamily.compute(inputOf(levels, [3, 3, 3]), all);
    expect(out.warnings).toEqual([]);
    expect(out.values).toHaveLength(51);
    expect(out.values.every((v) => Number.isFinite(v.value))).toBe(true);
    expect(get(out, 'lowDependenceEmphasis', '3D')).toBe(1);
    expect(get(out, 'highGreyLevelCountEmphasis', '2D')).toBe(4);
    expect(get(out, 'dependenceCountEnergy', '2.5D')).toBe(1);
  });

  test('one grey level filling the box (touching every face): dependence = 1 + neighbours inside the box', () => {
    const out = ngldmFamily.compute(inputOf(new Int32Array(27).fill(1), [3, 3, 3]), all);
    // 3 x 3 x 3: 8 corners j = 8, 12 edges j = 12, 6 faces j = 18, 1 centre j = 27.
    expect(get(out, 'highDependenceEmphasis', '3D')).toBeCloseTo((8 * 64 + 12 * 144 + 6 * 324 + 729) / 27, 12);
    // 2D per slice: 4 corners j = 4, 4 edges j = 6, 1 centre j = 9.
    expect(get(out, 'highDependenceEmphasis', '2D')).toBeCloseTo((4 * 16 + 4 * 36 + 81) / 9, 12);
    expect(get(out, 'greyLevelVariance', '3D')).toBe(0);
    expect(out.warnings).toEqual([]);
  });

  test('an empty ROI gives null values with UndefinedFeature warnings, never NaN', () => {
    const out = ngldmFamily.compute(inputOf(new Int32Array(8), [2, 2, 2]), all);
    expect(out.values.every((v) => v.value === null)).toBe(true);
    expect(out.warnings).toHaveLength(51);
  });

  test('distance and alpha are checked', () => {
    expect(() => ngldmFamily.compute(phantom, { ...all, distance: 0 })).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
    expect(() => ngldmFamily.compute(phantom, { ...all, alpha: -1 })).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
  });

  test('a 300,000-voxel ROI computes every aggregation without a null', () => {
    let seed = 3;
    const levels = Int32Array.from({ length: 300_000 }, () => ((seed = (seed * 16807) % 2147483647) % 6) + 1);
    const out = ngldmFamily.compute(inputOf(levels, [100, 100, 30]), all);
    expect(out.values.filter((v) => !Number.isFinite(v.value))).toEqual([]);
    expect(Object.keys(NGLDM_FEATURES)).toHaveLength(17);
  });
});

describe('buildNgldm(levels, shape, distance, alpha, threeD, present, zSlice)', () => {
  test.each([0, 1, 2, 3])('buildNgldm(phantom, 1, 0, 2D or 3D, zSlice %i) equals the matrix of that slice alone', (z) => {
    const alone = cells(buildNgldm(sliceLevels(z), [nx, ny, 1], 1, 0, false, present));
    expect(cells(buildNgldm(phantom.levels, PHANTOM_SHAPE, 1, 0, false, present, z))).toEqual(alone);
    // Other slices count as outside the ROI, so the 3D neighbourhood adds no dependent neighbour.
    expect(cells(buildNgldm(phantom.levels, PHANTOM_SHAPE, 1, 0, true, present, z))).toEqual(alone);
  });

  test('buildNgldm(phantom, 1, 0, 2D, zSlice 4) throws InvalidArgument', () => {
    expect(() => buildNgldm(phantom.levels, PHANTOM_SHAPE, 1, 0, false, present, 4)).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
  });
});
