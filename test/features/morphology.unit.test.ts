/**
 * Morphology building blocks on shapes with known answers: marching-cubes table and mesh (closed,
 * oriented, analytic box, one voxel, border padding, anisotropic spacing, voxelised spheres), convex
 * hull (random and lattice point sets vs brute force), OMBB and MVEE (boxes, rotated boxes,
 * ellipsoids), the ellipsoid area series, 3 x 3 eigen-decomposition, FFT, Moran / Geary (analytic
 * pairs; direct vs FFT), and family-level edge cases (one voxel, two voxels, never NaN, determinism).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { mcCasesSource } from '../../scripts/mc-cases.js';
import type { Vec3 } from '../../src/image/volume.js';
import type { FamilyInput } from '../../src/features/types.js';
import {
  buildCaseTable,
  closedMeshMeasures,
  convexHull,
  ellipsoidSurfaceArea,
  fft,
  fftPlan,
  gearyC,
  marchingCubes,
  maxPairDistance,
  meshHull,
  meshMeasures,
  meshVertexSet2,
  minAreaRectangle,
  minimumVolumeEnclosingEllipsoid,
  moranI,
  MORPHOLOGY_DEFAULTS,
  morphologyFamily,
  nextSmooth,
  orientedMinimumBoundingBox,
  principalAxes,
  shapeStats,
  spatialSums,
  spatialSumsPart,
  combineSpatialParts,
  symmetricEigen3,
} from '../../src/features/morphology/index.js';
import { fixedKey } from '../../src/features/morphology/ombb.js';
import { allPairsDistance, mapVertexSet2, objectHull, scanMvee, scanOmbb } from '../helpers/morphologyReference.js';
import { rng } from '../helpers/random.js';

/** Mask of voxels whose centre (index x spacing, centred in the box) satisfies `inside`. */
function voxelise(shape: Vec3, spacing: Vec3, inside: (x: number, y: number, z: number) => boolean): Uint8Array {
  const [nx, ny, nz] = shape;
  const m = new Uint8Array(nx * ny * nz);
  for (let z = 0, i = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        if (inside((x - (nx - 1) / 2) * spacing[0], (y - (ny - 1) / 2) * spacing[1], (z - (nz - 1) / 2) * spacing[2])) m[i] = 1;
      }
    }
  }
  return m;
}

function sphereMask(r: number, spacing: Vec3): { mask: Uint8Array; shape: Vec3 } {
  const shape = spacing.map((s) => 2 * Math.ceil(r / s) + 3) as unknown as Vec3;
  return { mask: voxelise(shape, spacing, (x, y, z) => x * x + y * y + z * z <= r * r), shape };
}

/** Each directed edge of a closed, consistently oriented mesh appears once, and its reverse once. */
function orientationDefects(faces: ArrayLike<number>): number {
  const directed = new Map<string, number>();
  for (let t = 0; t < faces.length; t += 3) {
    for (let e = 0; e < 3; e++) {
      const k = `${faces[t + e]},${faces[t + ((e + 1) % 3)]}`;
      directed.set(k, (directed.get(k) ?? 0) + 1);
    }
  }
  let bad = 0;
  for (const [k, c] of directed) {
    const [a, b] = k.split(',');
    if (c !== 1 || directed.get(`${b},${a}`) !== 1) bad++;
  }
  return bad;
}

/**
 * Analytic marching-cubes volume and area of a solid n1 x n2 x n3 block of voxels: per dual cell,
 * interior cells are whole, face cells cut in half, edge cells keep a prism of 1/8, corner cells a
 * tetrahedron of 1/48 (iso 0.5 through edge midpoints).
 */
function blockMesh(n: Vec3, s: Vec3): { volume: number; area: number } {
  const [a, b, c] = n.map((k) => k - 1);
  const [sx, sy, sz] = s;
  const volume = (a * b * c + (a * b + a * c + b * c) + (a + b + c) / 2 + 8 / 48) * sx * sy * sz;
  const area =
    2 * (b * c * sy * sz + a * c * sx * sz + a * b * sx * sy) +
    4 * (a * sx * 0.5 * Math.hypot(sy, sz) + b * sy * 0.5 * Math.hypot(sx, sz) + c * sz * 0.5 * Math.hypot(sx, sy)) +
    Math.sqrt(sy * sy * sz * sz + sx * sx * sz * sz + sx * sx * sy * sy);
  return { volume, area };
}

function familyInput(morph: Uint8Array, shape: Vec3, spacing: Vec3, values?: Float64Array, intensityMask?: Uint8Array): FamilyInput {
  const n = morph.length;
  return {
    image: undefined as never,
    boxOffset: [0, 0, 0],
    boxShape: shape,
    spacing,
    intensityMask: intensityMask ?? morph,
    morphMask: morph,
    intensities: values ?? Float64Array.from({ length: n }, (_, i) => 1 + (i % 7)),
    roiValues: new Float64Array(0),
    levels: new Int32Array(n),
    nBins: 0,
    ivh: { values: new Float64Array(0), rangeMin: 0, rangeMax: 0, step: 1 },
  };
}

describe('marching-cubes case table (mcTable.ts)', () => {
  const table = buildCaseTable();

  test('has 256 cases; the empty and full cubes have no triangles, every other at least one', () => {
    expect(table).toHaveLength(256);
    expect(table[0].triangles).toHaveLength(0);
    expect(table[255].triangles).toHaveLength(0);
    for (let p = 1; p < 255; p++) expect(table[p].triangles.length).toBeGreaterThan(0);
  });

  test('each case triangulates its loops: a loop of k vertices gets k - 2 triangles', () => {
    for (const c of table) expect(c.triangles.length).toBe(c.loops.reduce((s, l) => s + l.length - 2, 0));
  });

  test('the classic 15 configurations up to symmetry appear with the classic triangle counts (one corner: 1, two adjacent: 2, four on a face: 2)', () => {
    expect(table[0b00000001].triangles).toHaveLength(1);
    expect(table[0b00000011].triangles).toHaveLength(2);
    expect(table[0b00001111].triangles).toHaveLength(2);
    // Two corners on a face diagonal (an ambiguous face): kept apart, two separate triangles.
    expect(table[0b00000110].loops).toHaveLength(2);
  });

  test('src/features/morphology/mcCases.ts, the table as data, is the derivation\'s (else run npm run generate:mc)', () => {
    expect(readFileSync(new URL('../../src/features/morphology/mcCases.ts', import.meta.url), 'utf8')).toBe(mcCasesSource());
  });
});

describe('marchingCubes(mask, shape, spacing)', () => {
  test('one voxel gives an octahedron: 6 vertices, 8 faces, volume sx sy sz / 6', () => {
    const mesh = marchingCubes(Uint8Array.of(1), [1, 1, 1], [2, 3, 4]);
    expect(mesh.vertices.length / 3).toBe(6);
    expect(mesh.faces.length / 3).toBe(8);
    expect(orientationDefects(mesh.faces)).toBe(0);
    const m = closedMeshMeasures(mesh.vertices, mesh.faces);
    expect(m.volume).toBeCloseTo(24 / 6, 12);
    expect(meshMeasures(Uint8Array.of(1), [1, 1, 1], [2, 3, 4]).volume).toBeCloseTo(4, 12);
    expect(meshMeasures(Uint8Array.of(1), [1, 1, 1], [1, 1, 1]).area).toBeCloseTo(Math.sqrt(3), 12);
  });

  test.each([
    [[1, 1, 1] as Vec3, [1, 1, 1] as Vec3],
    [[3, 4, 5] as Vec3, [1, 1, 1] as Vec3],
    [[3, 4, 5] as Vec3, [0.5, 1.25, 3] as Vec3],
    [[7, 2, 1] as Vec3, [2, 2, 2] as Vec3],
  ])('a solid block %j at spacing %j (touching every box border) matches the analytic volume and area', (n, s) => {
    const mask = new Uint8Array(n[0] * n[1] * n[2]).fill(1);
    const expected = blockMesh(n, s);
    const fast = meshMeasures(mask, n, s);
    expect(fast.volume).toBeCloseTo(expected.volume, 9);
    expect(fast.area).toBeCloseTo(expected.area, 9);
    const mesh = marchingCubes(mask, n, s);
    expect(orientationDefects(mesh.faces)).toBe(0);
    const slow = closedMeshMeasures(mesh.vertices, mesh.faces);
    expect(slow.volume).toBeCloseTo(expected.volume, 9);
    expect(slow.area).toBeCloseTo(expected.area, 9);
  });

  test('padding: an ROI touching the box border measures the same as the ROI inside a larger empty box', () => {
    const r = rng(7);
    const shape: Vec3 = [6, 5, 4];
    const mask = Uint8Array.from({ length: 120 }, () => (r() < 0.6 ? 1 : 0));
    const big: Vec3 = [10, 9, 8];
    const embedded = new Uint8Array(big[0] * big[1] * big[2]);
    for (let z = 0; z < 4; z++) for (let y = 0; y < 5; y++) for (let x = 0; x < 6; x++) embedded[x + 2 + 10 * (y + 2 + 9 * (z + 2))] = mask[x + 6 * (y + 5 * z)];
    const a = meshMeasures(mask, shape, [1, 2, 3]);
    const b = meshMeasures(embedded, big, [1, 2, 3]);
    expect(a.volume).toBeCloseTo(b.volume, 9);
    expect(a.area).toBeCloseTo(b.area, 9);
  });

  test.each([1, 2, 3, 4, 5])('random mask (seed %i, many ambiguous faces): the mesh is closed and consistently oriented, and the fast measures agree with it', (seed) => {
    const r = rng(seed);
    const shape: Vec3 = [9, 8, 7];
    const mask = Uint8Array.from({ length: 9 * 8 * 7 }, () => (r() < 0.45 ? 1 : 0));
    const spacing: Vec3 = [0.8, 1.1, 2.5];
    const mesh = marchingCubes(mask, shape, spacing);
    expect(orientationDefects(mesh.faces)).toBe(0);
    const slow = closedMeshMeasures(mesh.vertices, mesh.faces);
    const fast = meshMeasures(mask, shape, spacing);
    expect(fast.volume).toBeGreaterThan(0);
    expect(Math.abs(fast.volume - slow.volume) / slow.volume).toBeLessThan(1e-12);
    expect(Math.abs(fast.area - slow.area) / slow.area).toBeLessThan(1e-12);
    // Signed volume positive: normals point out of the ROI.
    let signed = 0;
    const v = mesh.vertices;
    const f = mesh.faces;
    for (let t = 0; t < f.length; t += 3) {
      const [a, b, c] = [f[t], f[t + 1], f[t + 2]];
      signed += v[3 * a] * (v[3 * b + 1] * v[3 * c + 2] - v[3 * b + 2] * v[3 * c + 1]) - v[3 * a + 1] * (v[3 * b] * v[3 * c + 2] - v[3 * b + 2] * v[3 * c]) + v[3 * a + 2] * (v[3 * b] * v[3 * c + 1] - v[3 * b + 1] * v[3 * c]);
    }
    expect(signed / 6).toBeCloseTo(slow.volume, 6);
  });

  // Marching cubes on a binary mask has a known bias: volume converges to the true volume, but the
  // staircase surface over-estimates the area by ~8-9 % on isotropic grids and more on anisotropic
  // ones (Lindblad, Image Vis Comput 2005); so sphericity tends to ~0.92, not 1.
  test.each([
    [10, [1, 1, 1] as Vec3],
    [20, [1, 1, 1] as Vec3],
    [20, [0.5, 0.5, 0.5] as Vec3],
    [20, [0.7, 0.9, 1.3] as Vec3],
    [30, [1, 1, 2] as Vec3],
  ])('voxelised sphere r = %i mm at spacing %j: volume within 1.5 % of 4/3 pi r^3, area 6-13 % above 4 pi r^2', (r, spacing) => {
    const { mask, shape } = sphereMask(r, spacing);
    const m = meshMeasures(mask, shape, spacing);
    expect(Math.abs(m.volume / ((4 / 3) * Math.PI * r ** 3) - 1)).toBeLessThan(0.015);
    const areaRatio = m.area / (4 * Math.PI * r * r);
    expect(areaRatio).toBeGreaterThan(1.06);
    expect(areaRatio).toBeLessThan(1.13);
  });

  test('sphericity of voxelised spheres rises with the radius towards ~0.92 (isotropic grid)', () => {
    const sph = [3, 5, 10, 20].map((r) => {
      const { mask, shape } = sphereMask(r, [1, 1, 1]);
      const m = meshMeasures(mask, shape, [1, 1, 1]);
      return Math.cbrt(36 * Math.PI * m.volume ** 2) / m.area;
    });
    for (let i = 1; i < sph.length; i++) expect(sph[i]).toBeGreaterThan(sph[i - 1]);
    expect(sph[3]).toBeGreaterThan(0.91);
    expect(sph[3]).toBeLessThan(0.93);
  });
});

describe('convexHull(points)', () => {
  function bruteDiameter(p: ArrayLike<number>): number {
    let best = 0;
    const n = p.length / 3;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) best = Math.max(best, Math.hypot(p[3 * i] - p[3 * j], p[3 * i + 1] - p[3 * j + 1], p[3 * i + 2] - p[3 * j + 2]));
    return best;
  }

  /** Largest signed distance of any input point outside any hull face (<= 0 when all are inside). */
  function worstOutside(p: ArrayLike<number>, faces: ArrayLike<number>): number {
    let worst = -Infinity;
    for (let t = 0; t < faces.length; t += 3) {
      const [a, b, c] = [faces[t], faces[t + 1], faces[t + 2]];
      const u = [p[3 * b] - p[3 * a], p[3 * b + 1] - p[3 * a + 1], p[3 * b + 2] - p[3 * a + 2]];
      const v = [p[3 * c] - p[3 * a], p[3 * c + 1] - p[3 * a + 1], p[3 * c + 2] - p[3 * a + 2]];
      const n = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
      const len = Math.hypot(n[0], n[1], n[2]);
      for (let i = 0; i < p.length / 3; i++) {
        const d = ((p[3 * i] - p[3 * a]) * n[0] + (p[3 * i + 1] - p[3 * a + 1]) * n[1] + (p[3 * i + 2] - p[3 * a + 2]) * n[2]) / len;
        worst = Math.max(worst, d);
      }
    }
    return worst;
  }

  test.each([11, 12, 13])('random points in a ball (seed %i): closed, oriented, every point inside, diameter = brute force', (seed) => {
    const r = rng(seed);
    const pts: number[] = [];
    while (pts.length < 3 * 400) {
      const q = [2 * r() - 1, 2 * r() - 1, 2 * r() - 1];
      if (q[0] ** 2 + q[1] ** 2 + q[2] ** 2 <= 1) pts.push(5 * q[0], 3 * q[1], 2 * q[2]);
    }
    const hull = convexHull(pts);
    expect(orientationDefects(hull.faces)).toBe(0);
    expect(worstOutside(pts, hull.faces)).toBeLessThan(1e-9);
    expect(maxPairDistance(pts, hull.vertices)).toBeCloseTo(bruteDiameter(pts), 12);
    const m = closedMeshMeasures(pts, hull.faces);
    expect(m.volume).toBeLessThan((4 / 3) * Math.PI * 30);
    expect(m.volume).toBeGreaterThan(0.7 * (4 / 3) * Math.PI * 30);
  });

  test('a random subset of an integer lattice (many coplanar points): exact predicates give a valid hull', () => {
    const r = rng(99);
    const pts: number[] = [];
    for (let z = 0; z < 8; z++) for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) if (r() < 0.3 || (x % 7 === 0 && y % 7 === 0 && z % 7 === 0)) pts.push(x, y, z);
    const hull = convexHull(pts);
    expect(orientationDefects(hull.faces)).toBe(0);
    expect(worstOutside(pts, hull.faces)).toBeLessThanOrEqual(0);
    // The 8 cube corners are in the set, so the hull is the cube 7^3.
    expect(closedMeshMeasures(pts, hull.faces).volume).toBeCloseTo(343, 9);
    expect(closedMeshMeasures(pts, hull.faces).area).toBeCloseTo(6 * 49, 9);
    expect(maxPairDistance(pts, hull.vertices)).toBeCloseTo(7 * Math.sqrt(3), 12);
  });

  test('coplanar input is rejected with InvalidArgument', () => {
    expect(() => convexHull([0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0])).toThrow(/coplanar/);
  });

  test('meshHull: hull of a voxelised sphere; diameter equals the all-pairs diameter of the mesh vertices', () => {
    const spacing: Vec3 = [1, 1.5, 2];
    const { mask, shape } = sphereMask(7, spacing);
    const h = meshHull(mask, shape, spacing);
    expect(h).not.toBeNull();
    const mesh = marchingCubes(mask, shape, spacing);
    expect(h?.maxDiameter).toBeCloseTo(bruteDiameter(mesh.vertices), 10);
    // The hull encloses the mesh: hull volume >= mesh volume, and both are near 4/3 pi 7^3.
    const v = meshMeasures(mask, shape, spacing).volume;
    expect(h?.volume).toBeGreaterThan(v);
    expect((h?.volume ?? 0) / ((4 / 3) * Math.PI * 343)).toBeLessThan(1.1);
  });
});

describe('orientedMinimumBoundingBox(hull points, faces)', () => {
  function boxPoints(half: Vec3, rot: number[][], extra: number, seed: number): number[] {
    const r = rng(seed);
    const local: number[][] = [];
    for (const sx of [-1, 1]) for (const sy of [-1, 1]) for (const sz of [-1, 1]) local.push([sx * half[0], sy * half[1], sz * half[2]]);
    for (let i = 0; i < extra; i++) local.push(half.map((h) => (2 * r() - 1) * h));
    return local.flatMap((p) => [0, 1, 2].map((k) => rot[k][0] * p[0] + rot[k][1] * p[1] + rot[k][2] * p[2] + 10 * k));
  }

  function rotation(ax: number, ay: number, az: number): number[][] {
    const [ca, sa, cb, sb, cc, sc] = [Math.cos(ax), Math.sin(ax), Math.cos(ay), Math.sin(ay), Math.cos(az), Math.sin(az)];
    const rx = [[1, 0, 0], [0, ca, -sa], [0, sa, ca]];
    const ry = [[cb, 0, sb], [0, 1, 0], [-sb, 0, cb]];
    const rz = [[cc, -sc, 0], [sc, cc, 0], [0, 0, 1]];
    const mul = (a: number[][], b: number[][]) => a.map((row) => [0, 1, 2].map((j) => row[0] * b[0][j] + row[1] * b[1][j] + row[2] * b[2][j]));
    return mul(rz, mul(ry, rx));
  }

  test.each([
    [[0, 0, 0]],
    [[0.3, 0, 0]],
    [[0.4, -0.7, 1.1]],
    [[Math.PI / 4, Math.PI / 5, Math.PI / 7]],
  ])('a box 8 x 5 x 2 rotated by %j with interior points: the OMBB is the box', (angles) => {
    const pts = boxPoints([4, 2.5, 1], rotation(angles[0], angles[1], angles[2]), 200, 5);
    const hull = convexHull(pts);
    const box = orientedMinimumBoundingBox(pts, hull.faces);
    expect(box.volume).toBeCloseTo(80, 9);
    expect(box.area).toBeCloseTo(2 * (40 + 16 + 10), 9);
    expect(box.dims[0]).toBeCloseTo(8, 9);
    expect(box.dims[1]).toBeCloseTo(5, 9);
    expect(box.dims[2]).toBeCloseTo(2, 9);
  });

  test('a voxelised box rotated 30 degrees about z: the OMBB follows the box, the AABB does not', () => {
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    const shape: Vec3 = [40, 40, 12];
    const mask = voxelise(shape, [1, 1, 1], (x, y, z) => Math.abs(c * x + s * y) <= 12 && Math.abs(-s * x + c * y) <= 6 && Math.abs(z) <= 4);
    const h = meshHull(mask, shape, [1, 1, 1]);
    if (h === null) throw new Error('empty');
    const box = orientedMinimumBoundingBox(h.points, h.faces);
    // Voxel centres span about 24 x 12 mm in-plane (plus about one voxel of surface) and 8 voxels in z.
    expect(box.dims[0]).toBeGreaterThan(24);
    expect(box.dims[0]).toBeLessThan(26.5);
    expect(box.dims[1]).toBeGreaterThan(12);
    expect(box.dims[1]).toBeLessThan(14.5);
    expect(box.dims[2]).toBeCloseTo(8, 9);
    const v = meshMeasures(mask, shape, [1, 1, 1]).volume;
    expect(v / box.volume).toBeGreaterThan(0.85);
    expect(box.volume).toBeLessThan(0.75 * 31 * 25 * 8);
  });

  test('minAreaRectangle: rotating calipers equal brute force over hull edges on random point sets', () => {
    const r = rng(3);
    for (let trial = 0; trial < 30; trial++) {
      const n = 5 + Math.floor(r() * 60);
      const xs = Float64Array.from({ length: n }, () => r() * 10);
      const ys = Float64Array.from({ length: n }, () => r() * 4 + xs[0] * 0.3);
      const got = minAreaRectangle(xs, ys, new Uint32Array(n), n);
      // Brute force: for each pair direction (covers every hull edge), the aligned bounding rectangle.
      let best = Infinity;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          if (i === j) continue;
          const len = Math.hypot(xs[j] - xs[i], ys[j] - ys[i]);
          const e = [(xs[j] - xs[i]) / len, (ys[j] - ys[i]) / len];
          let [a0, a1, b0, b1] = [Infinity, -Infinity, Infinity, -Infinity];
          for (let k = 0; k < n; k++) {
            const a = xs[k] * e[0] + ys[k] * e[1];
            const b = -xs[k] * e[1] + ys[k] * e[0];
            [a0, a1, b0, b1] = [Math.min(a0, a), Math.max(a1, a), Math.min(b0, b), Math.max(b1, b)];
          }
          best = Math.min(best, (a1 - a0) * (b1 - b0));
        }
      }
      expect(got.area).toBeCloseTo(best, 9);
    }
  });
});

describe('orientedMinimumBoundingBox: the cone and group bounds change nothing', () => {
  /** Every number of the box, exactly (String round-trips a double; -0 kept apart from 0). */
  const exact = (b: { dims: number[]; volume: number; area: number; normal: number[] }) => [...b.dims, b.volume, b.area, ...b.normal].map((x) => (Object.is(x, -0) ? '-0' : String(x)));
  const axes: [number, number, number][] = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];

  test.each([1, 2, 3, 4, 5])('random points in a ball (seed %i): the same box, bit for bit, as scanning every vertex and face', (seed) => {
    const r = rng(seed);
    const pts: number[] = [];
    while (pts.length < 3 * (50 + 150 * seed)) {
      const q = [2 * r() - 1, 2 * r() - 1, 2 * r() - 1];
      if (q[0] ** 2 + q[1] ** 2 + q[2] ** 2 <= 1) pts.push(7 * q[0] + 3, 4 * q[1] - 1, 2 * q[2]);
    }
    const hull = convexHull(pts);
    const extra: [number, number, number][] = [...axes, [0.6, 0.8, 0], [0.48, -0.6, 0.64]];
    expect(exact(orientedMinimumBoundingBox(pts, hull.faces, extra))).toEqual(exact(scanOmbb(pts, hull.faces, extra)));
  });

  test.each([7, 8, 9])('random subsets of an integer lattice (seed %i; many coplanar faces and faces parallel to a direction): the same box, bit for bit', (seed) => {
    const r = rng(seed);
    const pts: number[] = [];
    for (let z = 0; z < 9; z++) for (let y = 0; y < 7; y++) for (let x = 0; x < 11; x++) if (r() < 0.05) pts.push(x, y, z);
    const hull = convexHull(pts);
    expect(exact(orientedMinimumBoundingBox(pts, hull.faces, axes))).toEqual(exact(scanOmbb(pts, hull.faces, axes)));
  });

  test.each([
    ['a sphere', [1, 1, 1], (x: number, y: number, z: number) => x * x + y * y + z * z <= 49],
    ['an ellipsoid, anisotropic', [0.9, 0.9, 1.5], (x: number, y: number, z: number) => (x / 11) ** 2 + (y / 8) ** 2 + (z / 6) ** 2 <= 1],
    ['a box rotated 30 degrees', [1, 1, 2], (x: number, y: number, z: number) => Math.abs(0.866 * x + 0.5 * y) <= 9 && Math.abs(-0.5 * x + 0.866 * y) <= 5 && Math.abs(z) <= 6],
    ['a tilted cylinder', [0.7, 0.8, 1.2], (x: number, y: number, z: number) => (x - 0.3 * z) ** 2 + y * y <= 30 && Math.abs(z) <= 8],
  ] as const)('meshHull of %s with principal and grid axes as extra directions: the same box, bit for bit', (_name, spacing, inside) => {
    const sp = spacing as unknown as Vec3;
    const shape = sp.map((s) => 2 * Math.ceil(14 / s) + 3) as unknown as Vec3;
    const mask = voxelise(shape, sp, inside);
    const h = meshHull(mask, shape, sp);
    if (h === null) throw new Error('empty');
    const pca = principalAxes(mask, shape, sp);
    const extra = [...pca.vectors, ...axes] as [number, number, number][];
    expect(exact(orientedMinimumBoundingBox(h.points, h.faces, extra))).toEqual(exact(scanOmbb(h.points, h.faces, extra)));
  });

  test('without faces every point counts: the same box as the scan', () => {
    const r = rng(17);
    const pts = Array.from({ length: 60 }, () => 10 * r());
    expect(exact(orientedMinimumBoundingBox(pts, [], axes))).toEqual(exact(scanOmbb(pts, [], axes)));
  });

  test('fixedKey(c) is c.toFixed(10) as a number: equal keys exactly when the strings are equal', () => {
    const fromString = (s: string) => (s.startsWith('-') ? -Number(s.slice(1).replace('.', '')) - 0.5 : Number(s.replace('.', '')));
    const r = rng(5);
    const values: number[] = [0, -0, 1, -1, 1e-12, -1e-12, 0.5e-10, -0.5e-10, 1.5e-10, NaN];
    for (let i = 0; i < 20000; i++) values.push(2 * r() - 1);
    // Within a few ulps of (k + 1/2) / 1e10, where rounding |c| 1e10 could go either way.
    for (let i = 0; i < 20000; i++) {
      const half = (Math.floor(r() * 1e10) + 0.5) / 1e10;
      const c = half + ((i % 7) - 3) * 2 ** (Math.floor(Math.log2(half)) - 52);
      values.push(i % 3 ? c : -c);
    }
    expect(values.filter((c) => fixedKey(c) !== (c !== c ? -1 : fromString(c.toFixed(10))))).toEqual([]);
  });
});

describe('minimumVolumeEnclosingEllipsoid(points)', () => {
  test('points on an ellipsoid surface (semi-axes 5, 3, 2, rotated and shifted): the MVEE is that ellipsoid', () => {
    const r = rng(21);
    const pts: number[] = [];
    const [ca, sa] = [Math.cos(0.5), Math.sin(0.5)];
    for (let i = 0; i < 500; i++) {
      const g = [r() - 0.5, r() - 0.5, r() - 0.5];
      const l = Math.hypot(g[0], g[1], g[2]);
      const p = [(5 * g[0]) / l, (3 * g[1]) / l, (2 * g[2]) / l];
      pts.push(ca * p[0] - sa * p[1] + 1, sa * p[0] + ca * p[1] - 2, p[2] + 3);
    }
    // Tight tolerance: the true ellipsoid (the points lie on it and span it).
    const tight = minimumVolumeEnclosingEllipsoid(pts, { tolerance: 1e-8 });
    expect(tight.semiAxes[0]).toBeCloseTo(5, 4);
    expect(tight.semiAxes[1]).toBeCloseTo(3, 4);
    expect(tight.semiAxes[2]).toBeCloseTo(2, 4);
    expect(tight.centre[0]).toBeCloseTo(1, 4);
    expect(tight.centre[1]).toBeCloseTo(-2, 4);
    expect(tight.centre[2]).toBeCloseTo(3, 4);
    // Default tau = 0.001: enclosing, volume within (1 + tau)^2 of the minimum 4/3 pi 30.
    const e = minimumVolumeEnclosingEllipsoid(pts);
    const vol = e.semiAxes[0] * e.semiAxes[1] * e.semiAxes[2];
    expect(vol).toBeGreaterThanOrEqual(30 * (1 - 1e-9));
    expect(vol).toBeLessThan(30 * 1.002);
  });

  test('the corners of a box with half-sides a, b, c: semi-axes sqrt(3) (a, b, c)', () => {
    const pts: number[] = [];
    for (const sx of [-1, 1]) for (const sy of [-1, 1]) for (const sz of [-1, 1]) pts.push(4 * sx, 2 * sy, 1 * sz);
    const e = minimumVolumeEnclosingEllipsoid(pts, { tolerance: 1e-7 });
    expect(e.semiAxes[0]).toBeCloseTo(4 * Math.sqrt(3), 5);
    expect(e.semiAxes[1]).toBeCloseTo(2 * Math.sqrt(3), 5);
    expect(e.semiAxes[2]).toBeCloseTo(Math.sqrt(3), 5);
  });

  test('encloses every point of the hull of a voxelised ellipsoid', () => {
    const spacing: Vec3 = [1, 1, 2];
    const shape: Vec3 = [25, 19, 9];
    const mask = voxelise(shape, spacing, (x, y, z) => (x / 11) ** 2 + (y / 8) ** 2 + (z / 7) ** 2 <= 1);
    const h = meshHull(mask, shape, spacing);
    if (h === null) throw new Error('empty');
    const e = minimumVolumeEnclosingEllipsoid(h.points);
    for (let i = 0; i < h.points.length / 3; i++) {
      const d = [0, 1, 2].map((k) => h.points[3 * i + k] - e.centre[k]);
      const q = e.axes.reduce((s, ax, k) => s + ((d[0] * ax[0] + d[1] * ax[1] + d[2] * ax[2]) / e.semiAxes[k]) ** 2, 0);
      expect(q).toBeLessThanOrEqual(1 + 1e-9);
    }
    // Semi-axes near those of the voxelised surface (11.5, 8.5, 8 mm with half a voxel of surface).
    expect(e.semiAxes[0]).toBeGreaterThan(11);
    expect(e.semiAxes[0]).toBeLessThan(13);
  });
});

describe('the faster hull and ellipsoid paths give the reference results bit for bit', () => {
  const ballPoints = (seed: number, count: number, semi: Vec3): number[] => {
    const r = rng(seed);
    const pts: number[] = [];
    while (pts.length < 3 * count) {
      const q = [2 * r() - 1, 2 * r() - 1, 2 * r() - 1];
      if (q[0] ** 2 + q[1] ** 2 + q[2] ** 2 <= 1) pts.push(semi[0] * q[0] + 1, semi[1] * q[1] - 2, semi[2] * q[2] + 0.5);
    }
    return pts;
  };
  const exactEllipsoid = (e: { centre: number[]; semiAxes: number[]; axes: number[][]; iterations: number }) => [...e.centre, ...e.semiAxes, ...e.axes.flat(), e.iterations].map(String);

  test.each([
    ['random points in a ball, tau = 1e-3', () => ballPoints(31, 300, [5, 3, 2]), 1e-3, 100_000],
    ['random points in a ball, tau = 1e-7 (thousands of iterations, away steps that drop points)', () => ballPoints(32, 200, [4, 4, 1]), 1e-7, 100_000],
    ['random points, stopped by maxIterations = 57 (not a multiple of the refresh period)', () => ballPoints(33, 150, [2, 3, 5]), 1e-9, 57],
    ['the corners of a box', () => [-1, 1].flatMap((a) => [-1, 1].flatMap((b) => [-1, 1].flatMap((c) => [4 * a, 2 * b, c]))), 1e-7, 100_000],
    ['the hull of a voxelised ellipsoid', () => {
      const sp: Vec3 = [0.9, 0.9, 1.5];
      const shape: Vec3 = [27, 21, 11];
      const mask = voxelise(shape, sp, (x, y, z) => (x / 11) ** 2 + (y / 8) ** 2 + (z / 7) ** 2 <= 1);
      return Array.from(meshHull(mask, shape, sp)?.points ?? []);
    }, 1e-3, 100_000],
  ] as const)('minimumVolumeEnclosingEllipsoid: %s', (_name, points, tolerance, maxIterations) => {
    const pts = points();
    expect(exactEllipsoid(minimumVolumeEnclosingEllipsoid(pts, { tolerance, maxIterations }))).toEqual(exactEllipsoid(scanMvee(pts, { tolerance, maxIterations })));
  });

  test.each([
    ['an elongated ellipsoid (most points excluded by the bound)', ballPoints(41, 2000, [20, 3, 2]), [1, 1, 1]],
    ['a round ball (few points excluded)', ballPoints(42, 800, [3, 3, 3]), [1, 1, 1]],
    ['a flat disc, anisotropic scale', ballPoints(43, 800, [5, 5, 0.1]), [0.45, 0.45, 0.75]],
    ['two points', [0, 0, 0, 3, 4, 12], [1, 1, 1]],
    ['one point', [1, 2, 3], [1, 1, 1]],
  ] as const)('maxPairDistance: %s, all pairs measured or not, the same maximum', (_name, pts, scale) => {
    const n = pts.length / 3;
    const subset = Array.from({ length: n }, (_, i) => i);
    expect(maxPairDistance(pts, subset, scale as Vec3)).toBe(allPairsDistance(pts, subset, scale as Vec3));
    const hull = n >= 4 ? convexHull(pts).vertices : subset;
    expect(maxPairDistance(pts, hull, scale as Vec3)).toBe(allPairsDistance(pts, hull, scale as Vec3));
  });

  test.each([
    ['random points in a ball', () => ballPoints(51, 600, [5, 3, 2])],
    ['a random lattice subset (coplanar points, exact predicates)', () => {
      const r = rng(52);
      const pts: number[] = [];
      for (let z = 0; z < 9; z++) for (let y = 0; y < 8; y++) for (let x = 0; x < 11; x++) if (r() < 0.2) pts.push(x, y, z);
      return pts;
    }],
    ['the mesh vertex set of a voxelised ellipsoid', () => {
      const sp: Vec3 = [1, 1, 1];
      const shape: Vec3 = [27, 21, 17];
      return Array.from(meshVertexSet2(voxelise(shape, sp, (x, y, z) => (x / 12) ** 2 + (y / 9) ** 2 + (z / 7) ** 2 <= 1), shape));
    }],
  ] as const)('convexHull: %s gives the same faces in the same order as the object-based quickhull', (_name, points) => {
    const pts = points();
    const got = convexHull(pts);
    const want = objectHull(pts);
    expect(Array.from(got.faces)).toEqual(Array.from(want.faces));
    expect(Array.from(got.vertices)).toEqual(Array.from(want.vertices));
  });

  test.each([1, 2, 3])('meshVertexSet2: random masks (seed %i, touching the box border) give the same points in the same order as Map-keyed lines', (seed) => {
    const r = rng(seed);
    const shape: Vec3 = [13, 9, 7];
    const mask = Uint8Array.from({ length: 13 * 9 * 7 }, () => (r() < 0.3 ? 1 : 0));
    expect(Array.from(meshVertexSet2(mask, shape))).toEqual(Array.from(mapVertexSet2(mask, shape)));
    const { mask: sphere, shape: sphereShape } = sphereMask(6 + seed, [1, 1.2, 2]);
    expect(Array.from(meshVertexSet2(sphere, sphereShape))).toEqual(Array.from(mapVertexSet2(sphere, sphereShape)));
    expect(Array.from(meshVertexSet2(new Uint8Array(8), [2, 2, 2]))).toEqual([]);
  });
});

describe('ellipsoidSurfaceArea(a, b, c) (IBSI Legendre series, nu <= 20)', () => {
  test('sphere: 4 pi r^2 exactly', () => {
    expect(ellipsoidSurfaceArea(3, 3, 3)).toBeCloseTo(36 * Math.PI, 12);
  });

  test("prolate spheroid a = 2, b = c = 1.5: 'exact' gives 2 pi b^2 (1 + a arcsin(e) / (b e)); the manual's series gives 31.60", () => {
    const [a, b] = [2, 1.5];
    const e = Math.sqrt(1 - (b * b) / (a * a));
    expect(ellipsoidSurfaceArea(a, b, b, 20, 'exact')).toBeCloseTo(2 * Math.PI * b * b * (1 + (a * Math.asin(e)) / (b * e)), 6);
    expect(ellipsoidSurfaceArea(a, b, b)).toBeCloseTo(31.5993, 4);
  });

  test("oblate spheroid a = b = 2, c = 1.5: 'exact' gives 2 pi a^2 (1 + (1 - e^2) artanh(e) / e)", () => {
    const [a, c] = [2, 1.5];
    const e = Math.sqrt(1 - (c * c) / (a * a));
    expect(ellipsoidSurfaceArea(a, a, c, 20, 'exact')).toBeCloseTo(2 * Math.PI * a * a * (1 + ((1 - e * e) * Math.atanh(e)) / e), 6);
  });

  test("triaxial 5.70, 4.65, 4.27 (the digital phantom's AEE): 'exact' agrees with numerical integration", () => {
    // Reference 297.51888 from a 2000 x 4000 midpoint rule over the parametrised surface.
    expect(ellipsoidSurfaceArea(11.402387266727747 / 2, 9.308010776621934 / 2, 8.535981219598836 / 2, 20, 'exact')).toBeCloseTo(297.5189, 3);
  });
});

describe('symmetricEigen3', () => {
  test('random symmetric matrices: A v = lambda v, orthonormal vectors, descending values', () => {
    const r = rng(5);
    for (let t = 0; t < 50; t++) {
      const m = Array.from({ length: 6 }, () => 10 * r() - 5);
      const A = [
        [m[0], m[1], m[2]],
        [m[1], m[3], m[4]],
        [m[2], m[4], m[5]],
      ];
      const { values, vectors } = symmetricEigen3(m[0], m[1], m[2], m[3], m[4], m[5]);
      expect(values[0]).toBeGreaterThanOrEqual(values[1]);
      expect(values[1]).toBeGreaterThanOrEqual(values[2]);
      for (let k = 0; k < 3; k++) {
        const v = vectors[k];
        for (let i = 0; i < 3; i++) expect(A[i][0] * v[0] + A[i][1] * v[1] + A[i][2] * v[2]).toBeCloseTo(values[k] * v[i], 10);
        for (let j = 0; j < 3; j++) expect(v[0] * vectors[j][0] + v[1] * vectors[j][1] + v[2] * vectors[j][2]).toBeCloseTo(k === j ? 1 : 0, 12);
      }
    }
  });

  test('a diagonal matrix and a zero matrix', () => {
    expect(symmetricEigen3(1, 0, 0, 3, 0, 2).values).toEqual([3, 2, 1]);
    expect(symmetricEigen3(0, 0, 0, 0, 0, 0).values).toEqual([0, 0, 0]);
  });
});

describe('fft', () => {
  test.each([1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 30, 49, 60, 64, 90, 97])('length %i matches the naive DFT and round-trips', (n) => {
    const r = rng(n);
    const re = Float64Array.from({ length: n }, () => r() - 0.5);
    const im = Float64Array.from({ length: n }, () => r() - 0.5);
    const [fr, fi] = [re.slice(), im.slice()];
    const plan = fftPlan(n);
    fft(plan, fr, fi);
    for (let k = 0; k < n; k++) {
      let [ar, ai] = [0, 0];
      for (let j = 0; j < n; j++) {
        const ang = (-2 * Math.PI * ((j * k) % n)) / n;
        ar += re[j] * Math.cos(ang) - im[j] * Math.sin(ang);
        ai += re[j] * Math.sin(ang) + im[j] * Math.cos(ang);
      }
      expect(fr[k]).toBeCloseTo(ar, 11);
      expect(fi[k]).toBeCloseTo(ai, 11);
    }
    fft(plan, fr, fi, true);
    for (let j = 0; j < n; j++) {
      expect(fr[j] / n).toBeCloseTo(re[j], 13);
      expect(fi[j] / n).toBeCloseTo(im[j], 13);
    }
  });

  test('nextSmooth gives the least 2-3-5-smooth length >= n', () => {
    expect([1, 7, 11, 13, 17, 97, 101, 253].map(nextSmooth)).toEqual([1, 8, 12, 15, 18, 100, 108, 256]);
  });
});

describe("Moran's I and Geary's C (spatialSums)", () => {
  test('two voxels 1 mm apart with values 1 and 3: I = -1, C = 1', () => {
    const s = spatialSums(Uint8Array.of(1, 1), Float64Array.of(1, 3), [2, 1, 1], [1, 1, 1], 1000);
    expect(moranI(s)).toBeCloseTo(-1, 14);
    expect(gearyC(s)).toBeCloseTo(1, 14);
  });

  test('three collinear voxels 2 mm apart, values 0, 1, 2: I and C by hand', () => {
    // z = -1, 0, 1; pairs (1,2) and (2,3) at 2 mm (w = 1/2), (1,3) at 4 mm (w = 1/4); ordered sums double.
    // W = 2 (1/2 + 1/2 + 1/4) = 2.5; S_I = 2 (1/4)(-1)(1) = -0.5; S_C = 2 (1/2 + 1/2 + 1/4 * 4) = 4; sum z^2 = 2.
    const s = spatialSums(Uint8Array.of(1, 1, 1), Float64Array.of(0, 1, 2), [3, 1, 1], [2, 1, 1], 1000);
    expect(moranI(s)).toBeCloseTo(((3 / 2.5) * -0.5) / 2, 14);
    expect(gearyC(s)).toBeCloseTo(((2 / 5) * 4) / 2, 14);
  });

  test.each([
    [31, [1, 1, 1] as Vec3],
    [32, [0.7, 0.7, 2.5] as Vec3],
    [33, [1, 2, 3] as Vec3],
  ])('random blob (seed %i, spacing %j): the FFT sums equal the direct sums (|dI|, |dC| < 1e-12)', (seed, spacing) => {
    const r = rng(seed);
    const shape: Vec3 = [13, 11, 9];
    const mask = voxelise(shape, [1, 1, 1], (x, y, z) => x * x / 36 + y * y / 25 + z * z / 16 <= 1 && r() < 0.9);
    const values = Float64Array.from({ length: mask.length }, (_, i) => Math.sin(i / 5) * 50 + r() * 20);
    const direct = spatialSums(mask, values, shape, spacing, Infinity);
    const viaFft = spatialSums(mask, values, shape, spacing, 0);
    expect(direct.method).toBe('direct');
    expect(viaFft.method).toBe('fft');
    expect(Math.abs(moranI(direct) - moranI(viaFft))).toBeLessThan(1e-12);
    expect(Math.abs(gearyC(direct) - gearyC(viaFft))).toBeLessThan(1e-12);
    expect(Math.abs(direct.w - viaFft.w) / direct.w).toBeLessThan(1e-12);
  });

  test.each([
    [41, [0.9, 0.9, 1.5] as Vec3, [31, 24, 13] as Vec3],
    [42, [1, 1, 1] as Vec3, [20, 29, 17] as Vec3],
  ])('ellipsoid of a few thousand voxels (seed %i, spacing %j, box %j): FFT sums equal the direct sums to ~1e-15', (seed, spacing, shape) => {
    // Odd and even padded lengths; intensities of order 1000 (z^2 ~ 1e5 shares its transforms with m).
    const r = rng(seed);
    const c = shape.map((n) => (n - 1) / 2);
    const mask = voxelise(shape, [1, 1, 1], (x, y, z) => (x / c[0]) ** 2 + (y / c[1]) ** 2 + (z / c[2]) ** 2 <= 1);
    const values = Float64Array.from({ length: mask.length }, (_, i) => 600 + 300 * Math.sin(i / 11) + 100 * r());
    const direct = spatialSums(mask, values, shape, spacing, Infinity);
    const viaFft = spatialSums(mask, values, shape, spacing, 0);
    expect(viaFft.method).toBe('fft');
    expect(direct.n).toBeGreaterThan(2000);
    expect(Math.abs(moranI(direct) - moranI(viaFft))).toBeLessThan(1e-13);
    expect(Math.abs(gearyC(direct) - gearyC(viaFft))).toBeLessThan(1e-13);
    expect(Math.abs(direct.w - viaFft.w) / direct.w).toBeLessThan(1e-13);
  });

  // Error of the sampled approximation, measured against the exact value on a smooth-plus-noise field
  // in an ellipsoid of ~31,000 voxels (1 x 1 x 1.5 mm), with the default 2^24 samples. Observed:
  // I = 0.0716, |dI| = 6.7e-5; C = 0.925, |dC| = 1.5e-4. On the CT phantom (configuration A, ~110,000
  // voxels): |dI| = 2.1e-4, |dC| = 2.4e-4.
  test('sampled approximation: |dI|, |dC| < 1e-3 against the exact FFT sums on a 31,000-voxel ellipsoid', () => {
    const spacing: Vec3 = [1, 1, 1.5];
    const shape: Vec3 = [61, 49, 27];
    const mask = voxelise(shape, spacing, (x, y, z) => (x / 28.5) ** 2 + (y / 22.8) ** 2 + (z / 17.1) ** 2 <= 1);
    const r = rng(77);
    const values = Float64Array.from({ length: mask.length }, (_, i) => 100 * Math.sin((i % 61) / 7) * Math.cos((Math.floor(i / 61) % 49) / 5) + 20 * r());
    const exact = spatialSums(mask, values, shape, spacing, 0);
    const approx = spatialSums(mask, values, shape, spacing, 0, 0);
    expect(approx.method).toBe('sampled');
    expect(Math.abs(moranI(approx) - moranI(exact))).toBeLessThan(1e-3);
    expect(Math.abs(gearyC(approx) - gearyC(exact))).toBeLessThan(1e-3);
  });

  test.each([
    ['FFT', [37, 29, 17] as Vec3, 0],
    ['direct', [9, 7, 5] as Vec3, Infinity],
    ['FFT, fewer chunks than parts', [3, 3, 2] as Vec3, 0],
  ])('spatialSumsPart (%s, box %j): parts 1 to 4, each part structured-cloned, combine to the bits of spatialSums', (_method, shape, maxDirect) => {
    // Threads get the parts (extractParallel); every split must give the same bits, in any thread.
    const r = rng(5);
    const mask = voxelise(shape, [1, 1, 1], (x, y, z) => (x / (shape[0] / 2)) ** 2 + (y / (shape[1] / 2)) ** 2 + (z / (shape[2] / 2)) ** 2 <= 1);
    const values = Float64Array.from({ length: mask.length }, (_, i) => 800 + 250 * Math.cos(i / 7) + 90 * r());
    const spacing: Vec3 = [0.9, 0.9, 1.5];
    const whole = spatialSums(mask, values, shape, spacing, maxDirect);
    expect(whole.method).toBe(maxDirect === 0 ? 'fft' : 'direct');
    for (let parts = 1; parts <= 4; parts++) {
      const split = Array.from({ length: parts }, (_, k) => structuredClone(spatialSumsPart(mask, values, shape, spacing, maxDirect, Infinity, 2 ** 24, k, parts)));
      const joined = combineSpatialParts(split);
      expect([joined.w, joined.moranNumerator, joined.gearyNumerator, joined.sumSquares, joined.n, joined.method]).toEqual([whole.w, whole.moranNumerator, whole.gearyNumerator, whole.sumSquares, whole.n, whole.method]);
      for (const k of [0, 1, 2] as const) expect(Object.is([joined.w, joined.moranNumerator, joined.gearyNumerator][k], [whole.w, whole.moranNumerator, whole.gearyNumerator][k])).toBe(true);
    }
  });

  test('constant intensities: both undefined (0 / 0), reported as NaN by the formulas', () => {
    const s = spatialSums(new Uint8Array(8).fill(1), new Float64Array(8).fill(5), [2, 2, 2], [1, 1, 1], 1000);
    expect(s.sumSquares).toBe(0);
    expect(moranI(s)).toBeNaN();
    expect(gearyC(s)).toBeNaN();
  });
});

describe('morphologyFamily.compute: edge cases', () => {
  const allFinite = (vals: readonly { value: number | null }[]) => vals.every((v) => v.value === null || Number.isFinite(v.value));

  test('one-voxel ROI: mesh volume sx sy sz / 6; axis lengths 0; elongation, flatness and the AEE densities null with warnings; no NaN', () => {
    const out = morphologyFamily.compute(familyInput(Uint8Array.of(1), [1, 1, 1], [2, 2, 2]), MORPHOLOGY_DEFAULTS);
    const v = Object.fromEntries(out.values.map((x) => [x.feature, x.value]));
    expect(v.volume).toBeCloseTo(8 / 6, 12);
    expect(v.approximateVolume).toBe(8);
    expect(v.majorAxisLength).toBe(0);
    expect(v.leastAxisLength).toBe(0);
    for (const k of ['elongation', 'flatness', 'volumeDensityAee', 'areaDensityAee', 'moransI', 'gearysC']) {
      expect(v[k], k).toBeNull();
      expect(out.warnings.some((w) => w.code === 'UndefinedFeature' && w.feature === `morph.${k}`), k).toBe(true);
    }
    expect(v.maximum3dDiameter).toBeCloseTo(2, 12);
    expect(v.volumeDensityConvexHull).toBeCloseTo(1, 12);
    expect(allFinite(out.values)).toBe(true);
  });

  test('two-voxel ROI: elongation 0, flatness 0, finite everywhere', () => {
    const out = morphologyFamily.compute(familyInput(Uint8Array.of(1, 1), [2, 1, 1], [1, 1, 1], Float64Array.of(1, 2)), MORPHOLOGY_DEFAULTS);
    const v = Object.fromEntries(out.values.map((x) => [x.feature, x.value]));
    expect(v.elongation).toBe(0);
    expect(v.flatness).toBe(0);
    expect(allFinite(out.values)).toBe(true);
  });

  test('empty morphological mask: every shape feature null, never NaN', () => {
    const out = morphologyFamily.compute(familyInput(new Uint8Array(8), [2, 2, 2], [1, 1, 1]), MORPHOLOGY_DEFAULTS);
    expect(out.values.find((x) => x.feature === 'volume')?.value).toBeNull();
    expect(allFinite(out.values)).toBe(true);
  });

  test('intensity features read the intensity mask, shape features the morphological mask', () => {
    const shape: Vec3 = [4, 4, 4];
    const morph = new Uint8Array(64).fill(1);
    const intensity = new Uint8Array(64);
    for (let i = 0; i < 32; i++) intensity[i] = 1;
    const values = Float64Array.from({ length: 64 }, (_, i) => (i < 32 ? 10 : 1000));
    const out = morphologyFamily.compute(familyInput(morph, shape, [1, 1, 1], values, intensity), MORPHOLOGY_DEFAULTS);
    const v = Object.fromEntries(out.values.map((x) => [x.feature, x.value]));
    expect(v.approximateVolume).toBe(64);
    // Mean over the intensity mask is 10 (the 1000s are outside it).
    expect(v.integratedIntensity).toBeCloseTo((v.volume as number) * 10, 9);
    // Intensity-weighted centre of the lower half (z in 0..1, centre 0.5) vs the geometric centre (z 1.5).
    expect(v.centreOfMassShift).toBeCloseTo(1, 12);
  });

  test('deterministic: the same input gives bit-identical output (direct, FFT and sampled paths)', () => {
    const shape: Vec3 = [12, 10, 8];
    const mask = voxelise(shape, [1, 1, 1], (x, y, z) => x * x / 30 + y * y / 20 + z * z / 12 <= 1);
    const values = Float64Array.from({ length: mask.length }, (_, i) => Math.cos(i));
    const settings = [
      { directSpatialMaxVoxels: 1e9 },
      { directSpatialMaxVoxels: 0 },
      { directSpatialMaxVoxels: 0, maxSpatialFftBytes: 0, spatialSamples: 2 ** 16 },
    ];
    for (const p of settings) {
      const a = morphologyFamily.compute(familyInput(mask, shape, [0.9, 1.1, 2], values), { ...MORPHOLOGY_DEFAULTS, ...p });
      const b = morphologyFamily.compute(familyInput(mask, shape, [0.9, 1.1, 2], values), { ...MORPHOLOGY_DEFAULTS, ...p });
      expect(a).toEqual(b);
      for (let i = 0; i < a.values.length; i++) expect(Object.is(a.values[i].value, b.values[i].value)).toBe(true);
    }
  });

  test('the sampled approximation (FFT over its memory limit) is flagged with ApproximateFeature warnings; exact paths are not', () => {
    const shape: Vec3 = [12, 10, 8];
    const mask = voxelise(shape, [1, 1, 1], (x, y, z) => x * x / 30 + y * y / 20 + z * z / 12 <= 1);
    const exact = morphologyFamily.compute(familyInput(mask, shape, [1, 1, 1]), { ...MORPHOLOGY_DEFAULTS, directSpatialMaxVoxels: 0 });
    expect(exact.warnings.filter((w) => w.code === 'ApproximateFeature')).toEqual([]);
    const approx = morphologyFamily.compute(familyInput(mask, shape, [1, 1, 1]), { ...MORPHOLOGY_DEFAULTS, directSpatialMaxVoxels: 0, maxSpatialFftBytes: 0, spatialSamples: 2 ** 16 });
    expect(approx.warnings.filter((w) => w.code === 'ApproximateFeature').map((w) => w.feature)).toEqual(['morph.moransI', 'morph.gearysC']);
  });

  test('shapeStats(scattered voxels, empty rows, voxels at row ends): the AABB spans the outermost voxel centres plus one voxel', () => {
    const r = rng(61);
    const shape: Vec3 = [9, 7, 6];
    const mask = new Uint8Array(9 * 7 * 6);
    for (let i = 0; i < mask.length; i++) if (r() < 0.04) mask[i] = 1;
    mask[0 + 9 * (3 + 7 * 2)] = 1; // x = 0 (row start)
    mask[8 + 9 * (4 + 7 * 3)] = 1; // x = 8 (row end)
    const lo = [Infinity, Infinity, Infinity];
    const hi = [-Infinity, -Infinity, -Infinity];
    for (let i = 0; i < mask.length; i++) {
      if (!mask[i]) continue;
      const c = [i % 9, Math.floor(i / 9) % 7, Math.floor(i / 63)];
      for (let a = 0; a < 3; a++) [lo[a], hi[a]] = [Math.min(lo[a], c[a]), Math.max(hi[a], c[a])];
    }
    const sp: Vec3 = [0.5, 1, 2];
    const dims = [0, 1, 2].map((a) => (hi[a] - lo[a] + 1) * sp[a]);
    const s = shapeStats(mask, mask, new Float64Array(mask.length).fill(1), shape, sp, MORPHOLOGY_DEFAULTS);
    expect(s.aabbVolume).toBe(dims[0] * dims[1] * dims[2]);
    expect(s.aabbArea).toBe(2 * (dims[0] * dims[1] + dims[0] * dims[2] + dims[1] * dims[2]));
  });

  test('a convex ROI (solid block): hull densities 1, OMBB equals the AABB', () => {
    const out = morphologyFamily.compute(familyInput(new Uint8Array(60).fill(1), [3, 4, 5], [1, 1, 2]), MORPHOLOGY_DEFAULTS);
    const v = Object.fromEntries(out.values.map((x) => [x.feature, x.value]));
    expect(v.volumeDensityConvexHull).toBeCloseTo(1, 12);
    expect(v.areaDensityConvexHull).toBeCloseTo(1, 12);
    expect(v.volumeDensityOmbb).toBeCloseTo(v.volumeDensityAabb as number, 12);
    expect(v.areaDensityOmbb).toBeCloseTo(v.areaDensityAabb as number, 12);
    // Corners are cut by the mesh: the farthest vertices are (0, 0, -0.5) and (2, 3, 4.5) voxels apart.
    expect(v.maximum3dDiameter).toBeCloseTo(Math.hypot(2, 3, 10), 12);
  });
});
