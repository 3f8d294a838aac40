import { describe, expect, test } from 'vitest';
import { createVolume, type Vec3, type Volume } from '../../src/image/volume.js';
import {
  localIntensityFamily,
  localIntensityStats,
  LOCAL_INTENSITY_DEFAULTS,
  LOCAL_INTENSITY_FEATURES,
  PEAK_RADIUS_MM,
  sphereChordCount,
  sphereChords,
  sphereMeans,
} from '../../src/features/localIntensity.js';
import type { FamilyInput } from '../../src/features/types.js';
import { phantomFamilyInput } from '../helpers/digital-phantom.js';

/**
 * FamilyInput for an image and a full-grid mask (x fastest), with the box cut to `box` (offset and
 * shape in the image grid; default the whole grid). The local intensity family reads image, spacing,
 * boxOffset, boxShape and intensityMask.
 */
function inputOf(image: Volume, mask: number[], box?: { offset: Vec3; shape: Vec3 }): FamilyInput {
  const [nx, ny] = image.shape;
  const offset = box?.offset ?? [0, 0, 0];
  const shape = box?.shape ?? image.shape;
  const boxMask = new Uint8Array(shape[0] * shape[1] * shape[2]);
  for (let z = 0, k = 0; z < shape[2]; z++)
    for (let y = 0; y < shape[1]; y++)
      for (let x = 0; x < shape[0]; x++, k++) boxMask[k] = mask[x + offset[0] + (y + offset[1]) * nx + (z + offset[2]) * nx * ny];
  return { ...phantomFamilyInput(), image, spacing: image.spacing, boxOffset: offset, boxShape: shape, intensityMask: boxMask };
}

/** Direct definition: mean over every image voxel whose centre is within r of the centre voxel's. */
function naiveSphereMean(image: Volume, c: Vec3, r = PEAK_RADIUS_MM): number {
  const [nx, ny, nz] = image.shape;
  const [sx, sy, sz] = image.spacing;
  let sum = 0;
  let n = 0;
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        if (((x - c[0]) * sx) ** 2 + ((y - c[1]) * sy) ** 2 + ((z - c[2]) * sz) ** 2 <= r * r) {
          sum += image.voxels.get(x, y, z);
          n++;
        }
      }
  return sum / n;
}

/** Deterministic pseudo-random numbers (LCG) so failures reproduce. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const voxelCount = (spacing: Vec3) => sphereChords(spacing).reduce((a, c) => a + 2 * c.hx + 1, 0);

/** Lattice points (dx, dy, dz) with (dx sx)^2 + (dy sy)^2 + (dz sz)^2 <= r^2, counted directly. */
function bruteCount(spacing: Vec3, r = PEAK_RADIUS_MM): number {
  const [sx, sy, sz] = spacing;
  const e = Math.ceil(r / Math.min(sx, sy, sz)) + 1;
  let n = 0;
  for (let z = -e; z <= e; z++) for (let y = -e; y <= e; y++) for (let x = -e; x <= e; x++) if ((x * sx) ** 2 + (y * sy) ** 2 + (z * sz) ** 2 <= r * r) n++;
  return n;
}

describe('sphereChords', () => {
  test('PEAK_RADIUS_MM is the radius of a 1 cm^3 sphere, 6.2035 mm', () => {
    expect(PEAK_RADIUS_MM).toBeCloseTo(6.2035, 4);
    expect((4 / 3) * Math.PI * PEAK_RADIUS_MM ** 3).toBeCloseTo(1000, 9);
  });

  // At 2 mm spacing r = 3.10 voxels, r^2 = 9.62: the lattice points with dx^2 + dy^2 + dz^2 <= 9 are
  // 1 (0) + 6 (1) + 12 (2) + 8 (3) + 6 (4) + 24 (5) + 24 (6) + 12 (8) + 30 (9: 6 of (3,0,0), 24 of (2,2,1)) = 123.
  test('sphereChords([2, 2, 2]) covers the 123 voxels within 6.2035 mm', () => {
    expect(voxelCount([2, 2, 2])).toBe(123);
  });

  test.each([
    [[1, 1, 1]],
    [[0.8, 1.1, 3]],
    [[0.4883, 0.4883, 2.5]],
    [[5, 5, 5]],
  ] as [Vec3][])('sphereChords(%j) holds exactly the voxels of a direct distance test', (spacing) => {
    expect(voxelCount(spacing)).toBe(bruteCount(spacing));
  });

  test('sphereChords([1, 1, 1]) has about pi r^2 ~ 121 chords for about 1000 voxels', () => {
    const chords = sphereChords([1, 1, 1]);
    expect(chords.length).toBeGreaterThan(100);
    expect(chords.length).toBeLessThan(140);
    expect(Math.abs(voxelCount([1, 1, 1]) - 1000)).toBeLessThan(50);
  });

  test('sphereChords([10, 10, 10]) is the centre voxel alone (spacing wider than the radius)', () => {
    expect(sphereChords([10, 10, 10])).toEqual([{ dy: 0, dz: 0, hx: 0 }]);
  });
});

describe('sphereMeans', () => {
  // 5 x 1 x 1 image at 5 mm: neighbours at 5 mm are inside r = 6.2 mm, at 10 mm outside.
  // Values [0, 8, 0, 7, 7]: means x0 (0 + 8)/2 = 4; x1 (0 + 8 + 0)/3 = 8/3; x2 (8 + 0 + 7)/3 = 5;
  // x3 (0 + 7 + 7)/3 = 14/3; x4 (7 + 7)/2 = 7 (cut by the image border: mean of the voxels that exist).
  test('sphereMeans(row [0, 8, 0, 7, 7] at 5 mm) averages each voxel with its in-image neighbours', () => {
    const image = createVolume({ data: Float32Array.from([0, 8, 0, 7, 7]), shape: [5, 1, 1], spacing: [5, 5, 5] });
    const means = sphereMeans(image, image.spacing, Int32Array.from([0, 0, 0, 1, 0, 0, 2, 0, 0, 3, 0, 0, 4, 0, 0]));
    expect(Array.from(means)).toEqual([4, 8 / 3, 5, 14 / 3, 7]);
  });

  test('sphereMeans(random anisotropic image, every voxel) equals the direct definition', () => {
    const rnd = lcg(7);
    const shape: Vec3 = [13, 11, 7];
    const data = Float32Array.from({ length: 13 * 11 * 7 }, () => Math.round(rnd() * 2000 - 1000));
    const image = createVolume({ data, shape, spacing: [0.9, 1.3, 2.5] });
    const centres: number[] = [];
    for (let z = shape[2] - 1; z >= 0; z--) for (let y = 0; y < shape[1]; y++) for (let x = 0; x < shape[0]; x++) centres.push(x, y, z); // z descending: order must not matter
    const means = sphereMeans(image, image.spacing, Int32Array.from(centres));
    for (let c = 0; c < means.length; c++) {
      const p: Vec3 = [centres[3 * c], centres[3 * c + 1], centres[3 * c + 2]];
      expect(means[c]).toBeCloseTo(naiveSphereMean(image, p), 9);
    }
  });

  // Centres away from the origin: the prefix region starts at x0, y0, z0 > 0 and the plane ring
  // buffer (2 hz + 1 = 9 planes at 1.5 mm) wraps several times.
  test('sphereMeans(interior block of centres in a larger image) equals the direct definition', () => {
    const rnd = lcg(19);
    const shape: Vec3 = [24, 22, 30];
    const image = createVolume({ data: Float32Array.from({ length: 24 * 22 * 30 }, () => rnd() * 50), shape, spacing: [1, 1.2, 1.5] });
    const centres: Vec3[] = [];
    for (let z = 9; z < 24; z++) for (let y = 8; y < 12; y++) for (let x = 10; x < 14; x++) if (rnd() < 0.5) centres.push([x, y, z]);
    const means = sphereMeans(image, image.spacing, Int32Array.from(centres.flat()));
    centres.forEach((p, k) => expect(means[k]).toBeCloseTo(naiveSphereMean(image, p), 10));
  });

  // Rows of 1 to 13 consecutive centres exercise the 8-wide, 4-wide and single paths and their mix.
  test('sphereMeans(rows of 1 to 13 neighbouring centres) gives each centre the sum of one-centre calls, bit for bit', () => {
    const rnd = lcg(23);
    const shape: Vec3 = [40, 18, 16];
    const image = createVolume({ data: Float32Array.from({ length: 40 * 18 * 16 }, () => rnd() * 1000 - 300), shape, spacing: [0.9, 0.9, 1.5] });
    const centres: number[] = [];
    for (let z = 4; z < 12; z++) for (let y = 7; y < 11; y++) for (let x = 7, len = 1 + ((y + z) % 13); x < 7 + len; x++) centres.push(x, y, z);
    // Centres near the border (cut spheres) inside a run, too.
    for (let x = 0; x < 12; x++) centres.push(x, 9, 8);
    const all = sphereMeans(image, image.spacing, Int32Array.from(centres));
    const one = Array.from({ length: all.length }, (_, c) => sphereMeans(image, image.spacing, Int32Array.from(centres.slice(3 * c, 3 * c + 3)))[0]);
    expect(Array.from(all)).toEqual(one);
  });

  test('sphereMeans(strided ndarray view) reads the view, not the raw buffer order', () => {
    const rnd = lcg(3);
    const base = createVolume({ data: Float64Array.from({ length: 6 * 5 * 4 }, () => rnd()), shape: [6, 5, 4], spacing: [2, 2, 2] });
    // A volume whose ndarray is a transposed view with a non-zero offset (x reversed).
    const view = { ...base, voxels: base.voxels.step(-1, 1, 1) };
    const c: Vec3 = [1, 2, 3];
    const got = sphereMeans(view, base.spacing, Int32Array.from(c))[0];
    expect(got).toBeCloseTo(naiveSphereMean(view, c), 12);
  });
});

describe('localIntensityStats', () => {
  // Row [9, 0, 9, 9] at 5 mm: means x0 (9 + 0)/2 = 4.5; x1 (9 + 0 + 9)/3 = 6; x2 (0 + 9 + 9)/3 = 6;
  // x3 (9 + 9)/2 = 9. ROI {0, 1, 2}: the maximum 9 sits at x0 and x2 -> local peak max(4.5, 6) = 6;
  // global peak max(4.5, 6, 6) = 6. Voxel x3 is outside the ROI but inside x2's sphere.
  test('localIntensityStats(row [9, 0, 9, 9], ROI {0, 1, 2}) takes the highest mean among tied maxima, using voxels outside the ROI', () => {
    const image = createVolume({ data: Float32Array.from([9, 0, 9, 9]), shape: [4, 1, 1], spacing: [5, 5, 5] });
    const s = localIntensityStats(inputOf(image, [1, 1, 1, 0]));
    expect([s.n, s.maxIntensity, s.localPeak, s.globalPeak]).toEqual([3, 9, 6, 6]);
  });

  // Row [0, 8, 0, 7, 7] (means above): maximum 8 at x1 -> local peak 8/3; global peak 7 (at x4).
  test('localIntensityStats(row [0, 8, 0, 7, 7]) has local peak 8/3 and global peak 7', () => {
    const image = createVolume({ data: Float32Array.from([0, 8, 0, 7, 7]), shape: [5, 1, 1], spacing: [5, 5, 5] });
    const s = localIntensityStats(inputOf(image, [1, 1, 1, 1, 1]));
    expect(s.localPeak).toBe(8 / 3);
    expect(s.globalPeak).toBe(7);
  });

  test('localIntensityStats(one-voxel ROI) gives equal local and global peaks', () => {
    const image = createVolume({ data: Float32Array.from([0, 8, 0, 7, 7]), shape: [5, 1, 1], spacing: [5, 5, 5] });
    const s = localIntensityStats(inputOf(image, [0, 0, 1, 0, 0]));
    expect([s.localPeak, s.globalPeak]).toEqual([5, 5]);
  });

  test('localIntensityStats(box smaller than the image) maps box voxels to the image grid', () => {
    const rnd = lcg(11);
    const shape: Vec3 = [9, 8, 6];
    const image = createVolume({ data: Float32Array.from({ length: 9 * 8 * 6 }, () => rnd() * 100), shape, spacing: [1.5, 1.5, 3] });
    const mask = new Array(9 * 8 * 6).fill(0);
    const roi: Vec3[] = [[3, 2, 1], [4, 2, 1], [4, 3, 2], [5, 4, 3]];
    for (const [x, y, z] of roi) mask[x + y * 9 + z * 72] = 1;
    const s = localIntensityStats(inputOf(image, mask, { offset: [3, 2, 1], shape: [3, 3, 3] }));
    const means = roi.map((p) => naiveSphereMean(image, p));
    const values = roi.map(([x, y, z]) => image.voxels.get(x, y, z));
    expect(s.globalPeak).toBeCloseTo(Math.max(...means), 10);
    expect(s.localPeak).toBeCloseTo(means[values.indexOf(Math.max(...values))], 10);
  });

  test('localIntensityStats(phantom) gives local peak 2.6 and global peak 3.10', () => {
    const s = localIntensityStats(phantomFamilyInput());
    expect(s.localPeak).toBeCloseTo(2.6, 12);
    expect(s.globalPeak).toBeCloseTo(3.1, 2);
  });

  // 67^3 = 300,763 ROI voxels in an 81^3 image at 1 mm: ~121 chords per voxel instead of ~1000 voxels.
  test('localIntensityStats(300,763-voxel ROI at 1 mm) is fast and agrees with the direct definition', () => {
    const rnd = lcg(5);
    const n = 81;
    const image = createVolume({ data: Float32Array.from({ length: n ** 3 }, () => Math.round(rnd() * 400 - 100)), shape: [n, n, n], spacing: [1, 1, 1] });
    const mask = new Array(n ** 3).fill(0);
    for (let z = 7; z < 74; z++) for (let y = 7; y < 74; y++) for (let x = 7; x < 74; x++) mask[x + y * n + z * n * n] = 1;
    const input = inputOf(image, mask, { offset: [7, 7, 7], shape: [67, 67, 67] });
    const t0 = performance.now();
    const s = localIntensityStats(input);
    const ms = performance.now() - t0;
    expect(s.n).toBe(300_763);
    expect(ms).toBeLessThan(5000);
    // Spot checks on random ROI voxels: the fast mean equals the direct one and never exceeds the peak.
    const spots: Vec3[] = Array.from({ length: 20 }, () => [7 + Math.floor(rnd() * 67), 7 + Math.floor(rnd() * 67), 7 + Math.floor(rnd() * 67)] as Vec3);
    const fast = sphereMeans(image, image.spacing, Int32Array.from(spots.flat()));
    spots.forEach((p, k) => {
      const direct = naiveSphereMean(image, p);
      expect(fast[k]).toBeCloseTo(direct, 9);
      expect(direct).toBeLessThanOrEqual(s.globalPeak + 1e-9);
    });
  });
});

describe('localIntensityFamily', () => {
  test('localIntensityFamily is "li" (9ST6) with local peak VJGA and global peak 0F91', () => {
    expect([localIntensityFamily.name, localIntensityFamily.title, localIntensityFamily.ibsi]).toEqual(['li', 'Local intensity features', '9ST6']);
    expect(Object.entries(LOCAL_INTENSITY_FEATURES).map(([k, d]) => [k, d.ibsi, d.name])).toEqual([
      ['localPeak', 'VJGA', 'Local intensity peak'],
      ['globalPeak', '0F91', 'Global intensity peak'],
    ]);
  });

  test('localIntensityFamily.compute(empty ROI) reports both peaks as null with warnings', () => {
    const image = createVolume({ data: Float32Array.from([1, 2]), shape: [2, 1, 1], spacing: [1, 1, 1] });
    const out = localIntensityFamily.compute(inputOf(image, [0, 0]), LOCAL_INTENSITY_DEFAULTS);
    expect(out.values.map((v) => v.value)).toEqual([null, null]);
    expect(out.warnings.map((w) => w.feature)).toEqual(['li.localPeak', 'li.globalPeak']);
  });
});

describe('hostile spacing (issue 19)', () => {
  test.each([
    [[1, 1, 1]],
    [[0.7, 0.9, 2.5]],
    [[0.1, 0.1, 0.3]],
  ] as [Vec3][])('sphereChords(%j, r, reach) is the unclipped sphere cut to the reach', (spacing) => {
    const reach: Vec3 = [4, 3, 2];
    const cut = sphereChords(spacing)
      .filter((c) => Math.abs(c.dy) <= reach[1] && Math.abs(c.dz) <= reach[2])
      .map((c) => ({ ...c, hx: Math.min(c.hx, reach[0]) }));
    expect(sphereChords(spacing, PEAK_RADIUS_MM, reach)).toEqual(cut);
    expect(sphereChordCount(spacing, PEAK_RADIUS_MM, reach)).toBe(cut.length);
    expect(sphereChordCount(spacing)).toBe(sphereChords(spacing).length);
  });

  test('sphereMeans on a 1e-5 mm grid is the whole-image mean, fast (the sphere is clipped to the image)', () => {
    const data = Float32Array.from({ length: 6 * 5 * 4 }, (_, i) => (i * 7) % 11);
    const image = createVolume({ data, shape: [6, 5, 4], spacing: [1e-5, 1e-5, 1e-5] });
    const mean = data.reduce((a, b) => a + b, 0) / data.length;
    const means = sphereMeans(image, image.spacing, Int32Array.of(0, 0, 0, 5, 4, 3, 2, 2, 1));
    for (const m of means) expect(m).toBeCloseTo(mean, 12);
  });

  test('localIntensityStats over limits.maxWork is WorkTooLarge before any work', () => {
    const image = createVolume({ data: new Float32Array(8 * 8 * 8), shape: [8, 8, 8], spacing: [1e-5, 1e-5, 1e-5] });
    const input = inputOf(image, Array.from({ length: 512 }, () => 1));
    expect(() => localIntensityStats(input, 1000)).toThrow(expect.objectContaining({ code: 'WorkTooLarge' }));
    expect(localIntensityStats(input, LOCAL_INTENSITY_DEFAULTS.maxWork).globalPeak).toBe(0);
  });
});
