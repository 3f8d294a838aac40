/**
 * GLDZM (IBSI VMDZ): the border distance map against brute force and against the erosion procedure
 * of the IBSI 1 manual, the matrix builder against the digital phantom's matrices printed in the manual
 * ("Digital phantom texture matrices", GLDZM 2D and 3D), the use of the morphological mask, and the
 * edge cases.
 */
import { describe, expect, test } from 'vitest';
import type { Vec3 } from '../../src/image/volume.js';
import { borderDistanceMap, buildGldzm, GLDZM_DEFAULTS, GLDZM_FEATURES, gldzmFamily } from '../../src/features/gldzm.js';
import { presentLevels } from '../../src/features/levels.js';
import type { FamilyInput } from '../../src/features/types.js';
import type { CountMatrix } from '../../src/features/zones.js';
import { PHANTOM_SHAPE, phantomFamilyInput } from '../helpers/digital-phantom.js';
import { rng } from '../helpers/random.js';

/** Non-zero cells as [grey level, distance, count], sorted, like the manual's tables. */
function cells(m: CountMatrix): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let a = 0; a < m.rows; a++) for (let b = 0; b < m.cols; b++) if (m.counts[a * m.cols + b] !== 0) out.push([m.rowValues[a], m.colValues[b], m.counts[a * m.cols + b]]);
  return out;
}

function inputOf(levels: Int32Array, shape: Vec3, morphMask = Uint8Array.from(levels, (g) => (g > 0 ? 1 : 0))): FamilyInput {
  return { levels, boxShape: shape, morphMask, intensityMask: Uint8Array.from(levels, (g) => (g > 0 ? 1 : 0)) } as unknown as FamilyInput;
}

function randomMask(shape: Vec3, fill: number, seed: number): Uint8Array {
  const r = rng(seed);
  return Uint8Array.from({ length: shape[0] * shape[1] * shape[2] }, () => (r() < fill ? 1 : 0));
}

/** Smallest city-block distance to a voxel outside the mask, the box surrounded by outside voxels. */
function bruteDistance(mask: Uint8Array, shape: Vec3, threeD: boolean): Int32Array {
  const [nx, ny, nz] = shape;
  const out = new Int32Array(mask.length);
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const k = x + nx * (y + ny * z);
        if (!mask[k]) continue;
        let best = Math.min(x + 1, nx - x, y + 1, ny - y);
        if (threeD) best = Math.min(best, z + 1, nz - z);
        for (let zz = threeD ? 0 : z; zz <= (threeD ? nz - 1 : z); zz++)
          for (let yy = 0; yy < ny; yy++)
            for (let xx = 0; xx < nx; xx++) if (!mask[xx + nx * (yy + ny * zz)]) best = Math.min(best, Math.abs(xx - x) + Math.abs(yy - y) + Math.abs(zz - z));
        out[k] = best;
      }
  return out;
}

/** The manual's procedure: erode with the 6- (4-) connected element until empty, adding 1 per survival. */
function erosionDistance(mask: Uint8Array, shape: Vec3, threeD: boolean): Int32Array {
  const [nx, ny, nz] = shape;
  const out = Int32Array.from(mask);
  let cur = Uint8Array.from(mask);
  const at = (m: Uint8Array, x: number, y: number, z: number) => (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz ? 0 : m[x + nx * (y + ny * z)]);
  for (;;) {
    const next = new Uint8Array(mask.length);
    let any = false;
    for (let z = 0; z < nz; z++)
      for (let y = 0; y < ny; y++)
        for (let x = 0; x < nx; x++) {
          const k = x + nx * (y + ny * z);
          if (!cur[k]) continue;
          const keep = at(cur, x - 1, y, z) && at(cur, x + 1, y, z) && at(cur, x, y - 1, z) && at(cur, x, y + 1, z) && (!threeD || (at(cur, x, y, z - 1) && at(cur, x, y, z + 1)));
          if (keep) {
            next[k] = 1;
            out[k]++;
            any = true;
          }
        }
    if (!any) return out;
    cur = next;
  }
}

const phantom = phantomFamilyInput();
const present = presentLevels(phantom.levels);
const [nx, ny] = PHANTOM_SHAPE;
const plane = nx * ny;
const sliceLevels = (z: number) => phantom.levels.subarray(z * plane, (z + 1) * plane);
const sliceMask = (z: number) => phantom.morphMask.subarray(z * plane, (z + 1) * plane);

describe('borderDistanceMap(mask, shape, threeD)', () => {
  test.each([
    [[9, 8, 7] as Vec3, 0.9, 1, true],
    [[9, 8, 7] as Vec3, 0.9, 2, false],
    [[12, 11, 6] as Vec3, 0.97, 3, true],
    [[15, 13, 3] as Vec3, 0.97, 4, false],
    [[10, 10, 10] as Vec3, 1, 5, true],
  ])('equals the brute-force city-block distance and the manual erosion on a random %j mask, fill %d (seed %i, 3D %s)', (shape, fill, seed, threeD) => {
    const mask = randomMask(shape, fill, seed);
    const d = borderDistanceMap(mask, shape, threeD);
    expect(d).toEqual(bruteDistance(mask, shape, threeD));
    expect(d).toEqual(erosionDistance(mask, shape, threeD));
  });

  test('the edge of the box is a border: a full 5 x 5 plane has distances 1, 2, 3 from the edge in', () => {
    const d = borderDistanceMap(new Uint8Array(25).fill(1), [5, 5, 1], false);
    expect(Array.from(d.subarray(10, 15))).toEqual([1, 2, 3, 2, 1]);
    // In 3D a one-slice ROI is all border (its faces touch the outside above and below).
    expect(Array.from(borderDistanceMap(new Uint8Array(25).fill(1), [5, 5, 1], true))).toEqual(Array(25).fill(1));
  });
});

describe('buildGldzm on the digital phantom (IBSI 1 manual, "Digital phantom texture matrices")', () => {
  // [grey level, distance, count] per slice z = 0..3, as printed in the manual.
  const SLICES: [number, number, number][][] = [
    [[1, 1, 2], [4, 1, 2], [6, 1, 1]],
    [[1, 1, 2], [3, 2, 1], [4, 1, 2], [6, 1, 1], [6, 2, 1]],
    [[1, 1, 1], [4, 1, 1], [6, 1, 1]],
    [[1, 1, 1], [4, 1, 1], [6, 1, 1]],
  ];

  test.each([0, 1, 2, 3])('buildGldzm(slice %i, [5, 4, 1], 2D) equals the manual', (z) => {
    expect(cells(buildGldzm(sliceLevels(z), sliceMask(z), [nx, ny, 1], false, present))).toEqual(SLICES[z]);
  });

  test('buildGldzm(phantom, 3D) equals the manual: every zone at distance 1', () => {
    const m = buildGldzm(phantom.levels, phantom.morphMask, PHANTOM_SHAPE, true, present);
    expect(cells(m)).toEqual([[1, 1, 1], [3, 1, 1], [4, 1, 2], [6, 1, 1]]);
    expect(m.voxels).toBe(74);
  });
});

describe('gldzmFamily.compute', () => {
  const all = { ...GLDZM_DEFAULTS, aggregations: ['2D', '2.5D', '3D'] as const };
  const get = (out: ReturnType<typeof gldzmFamily.compute>, f: string, a: string) => out.values.find((v) => v.feature === f && v.aggregation === a)?.value;

  test('distances come from the morphological mask, not the intensity mask', () => {
    // A 5 x 5 plane of level 1 with its centre re-segmented away: the centre is outside the
    // intensity mask but inside the morphological mask, so the ring around it stays at distance 2.
    const levels = new Int32Array(25).fill(1);
    levels[12] = 0;
    const morph = new Uint8Array(25).fill(1);
    const shape: Vec3 = [5, 5, 1];
    const withMorph = gldzmFamily.compute(inputOf(levels, shape, morph), all);
    // One zone (the 24 voxels), at distance 1: the zone touches the box edge.
    expect(get(withMorph, 'largeDistanceEmphasis', '2D')).toBe(1);
    // Two levels: the inner ring (level 2) has distance 2 on the morphological mask, 1 on the intensity mask.
    const ring = Int32Array.from(levels, (g, k) => (g > 0 && [6, 7, 8, 11, 13, 16, 17, 18].includes(k) ? 2 : g));
    expect(get(gldzmFamily.compute(inputOf(ring, shape, morph), all), 'largeDistanceEmphasis', '2D')).toBe((1 + 4) / 2);
    expect(get(gldzmFamily.compute(inputOf(ring, shape), all), 'largeDistanceEmphasis', '2D')).toBe(1);
  });

  test('one voxel: one zone at distance 1; every feature finite, no warning', () => {
    const levels = new Int32Array(27);
    levels[13] = 3;
    const out = gldzmFamily.compute(inputOf(levels, [3, 3, 3]), all);
    expect(out.warnings).toEqual([]);
    expect(out.values).toHaveLength(48);
    for (const v of out.values) expect(Number.isFinite(v.value)).toBe(true);
    expect(get(out, 'smallDistanceEmphasis', '3D')).toBe(1);
    expect(get(out, 'zoneDistanceVariance', '2D')).toBe(0);
    expect(get(out, 'lowGreyLevelZoneEmphasis', '2.5D')).toBe(1 / 9);
  });

  test('one grey level filling a 5 x 5 x 5 box: one 3D zone at distance 1 (it touches the box edge)', () => {
    const out = gldzmFamily.compute(inputOf(new Int32Array(125).fill(1), [5, 5, 5]), all);
    expect(get(out, 'largeDistanceEmphasis', '3D')).toBe(1);
    expect(get(out, 'zonePercentage', '3D')).toBe(1 / 125);
    expect(get(out, 'zoneDistanceEntropy', '2D')).toBe(0);
    expect(out.warnings).toEqual([]);
  });

  test('a one-slice ROI: 3D distances are all 1 (the slice faces the outside), 2D ones may exceed 1', () => {
    const out = gldzmFamily.compute(inputOf(Int32Array.from({ length: 25 }, (_, k) => (k === 12 ? 2 : 1)), [5, 5, 1]), all);
    expect(get(out, 'largeDistanceEmphasis', '3D')).toBe(1);
    expect(get(out, 'largeDistanceEmphasis', '2D')).toBe((1 + 9) / 2);
  });

  test('an empty ROI gives null values with UndefinedFeature warnings, never NaN', () => {
    const out = gldzmFamily.compute(inputOf(new Int32Array(8), [2, 2, 2]), all);
    expect(out.values.every((v) => v.value === null)).toBe(true);
    expect(out.warnings.every((w) => w.code === 'UndefinedFeature')).toBe(true);
  });

  test('a matrix over maxMatrixBytes throws MatrixTooLarge', () => {
    expect(() => gldzmFamily.compute(phantom, { ...GLDZM_DEFAULTS, maxMatrixBytes: 16 })).toThrow(expect.objectContaining({ code: 'MatrixTooLarge' }));
  });

  test('a 300,000-voxel ROI computes every aggregation without a null', () => {
    const shape: Vec3 = [100, 100, 30];
    const r = rng(9);
    const levels = Int32Array.from({ length: 300_000 }, (_, k) => {
      const x = k % 100;
      const y = Math.floor(k / 100) % 100;
      return (x - 50) ** 2 + (y - 50) ** 2 < 45 ** 2 ? 1 + Math.floor(r() * 4) : 0;
    });
    const out = gldzmFamily.compute(inputOf(levels, shape), all);
    expect(out.values.filter((v) => !Number.isFinite(v.value))).toEqual([]);
    expect(Object.keys(GLDZM_FEATURES)).toHaveLength(16);
  });
});

describe('buildGldzm(levels, morphMask, shape, threeD, present, zSlice)', () => {
  test.each([0, 1, 2, 3])('buildGldzm(phantom, 2D, zSlice %i) equals the matrix of that slice alone', (z) => {
    expect(cells(buildGldzm(phantom.levels, phantom.morphMask, PHANTOM_SHAPE, false, present, z))).toEqual(cells(buildGldzm(sliceLevels(z), sliceMask(z), [nx, ny, 1], false, present)));
  });

  test('buildGldzm(phantom, 3D, zSlice 1): a one-slice box in 3D puts every voxel on the border (distance 1)', () => {
    const m = buildGldzm(phantom.levels, phantom.morphMask, PHANTOM_SHAPE, true, present, 1);
    expect(Array.from(m.colValues)).toEqual([1]);
  });

  test('buildGldzm(phantom, 2D, zSlice 4) throws InvalidArgument', () => {
    expect(() => buildGldzm(phantom.levels, phantom.morphMask, PHANTOM_SHAPE, false, present, 4)).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
  });
});
