import { describe, expect, test } from 'vitest';
import { planeDiameters } from '../../src/compat/diameters.js';
import { mulberry32 } from '../../src/util/random.js';
import type { Vec3 } from '../../src/image/volume.js';

/** The definition: every pair of points with the same plane coordinate, the largest distance in mm. */
function allPairs(points2: Int32Array, spacing: Vec3): [number, number, number] {
  const half = spacing.map((s) => s / 2);
  const count = points2.length / 3;
  return ([2, 1, 0] as const).map((axis) => {
    const [u, v] = axis === 2 ? [0, 1] : axis === 1 ? [0, 2] : [1, 2];
    let best = 0;
    for (let a = 0; a < count; a++) {
      for (let b = a + 1; b < count; b++) {
        if (points2[3 * a + axis] !== points2[3 * b + axis]) continue;
        const du = (points2[3 * a + u] - points2[3 * b + u]) * half[u];
        const dv = (points2[3 * a + v] - points2[3 * b + v]) * half[v];
        best = Math.max(best, du * du + dv * dv);
      }
    }
    return Math.sqrt(best);
  }) as [number, number, number];
}

/** Surface-like point sets: the doubled-index lattice points within a shell of a random ellipsoid. */
function shell(seed: number): Int32Array {
  const next = mulberry32(seed);
  const r = [4 + 20 * next(), 4 + 20 * next(), 2 + 10 * next()];
  const out: number[] = [];
  for (let z = -2 * r[2]; z <= 2 * r[2]; z++)
    for (let y = -2 * r[1]; y <= 2 * r[1]; y++)
      for (let x = -2 * r[0]; x <= 2 * r[0]; x++) {
        const q = (x / (2 * r[0])) ** 2 + (y / (2 * r[1])) ** 2 + (z / (2 * r[2])) ** 2;
        if (q <= 1 && q > 0.85 && next() < 0.7) out.push(Math.round(x) + 100, Math.round(y) - 7, Math.round(z) + 3);
      }
  return Int32Array.from(out);
}

describe('planeDiameters (hull vertices only) equals the all-pairs definition bit for bit', () => {
  test.each([1, 2, 3, 4, 5, 6])('planeDiameters(shell(seed %i), anisotropic spacing)', (seed) => {
    const points2 = shell(seed);
    for (const spacing of [[1, 1, 1], [0.9, 0.9, 1.5], [0.7, 1.3, 3.1]] as Vec3[]) {
      expect(planeDiameters(points2, spacing)).toEqual(allPairs(points2, spacing));
    }
  });

  test('planeDiameters(random points, collinear planes and single points)', () => {
    const next = mulberry32(7);
    const pts: number[] = [];
    for (let i = 0; i < 3000; i++) pts.push(Math.floor(next() * 30), Math.floor(next() * 9), Math.floor(next() * 5));
    // A plane whose points are collinear, and one with a single point.
    pts.push(500, 0, 0, 500, 4, 8, 500, 2, 4, 600, 1, 1);
    const points2 = Int32Array.from(pts);
    expect(planeDiameters(points2, [0.8, 1.1, 2.5])).toEqual(allPairs(points2, [0.8, 1.1, 2.5]));
  });

  test('planeDiameters(no pair) is [0, 0, 0]', () => {
    expect(planeDiameters(new Int32Array([1, 2, 3]), [1, 1, 1])).toEqual([0, 0, 0]);
    expect(planeDiameters(new Int32Array(0), [1, 1, 1])).toEqual([0, 0, 0]);
  });
});
