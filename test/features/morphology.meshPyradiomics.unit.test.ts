/**
 * PyRadiomics' mesh (compat mode pyradiomics; src/features/morphology/meshPyradiomics.ts and
 * buildPyradiomicsCaseTable in mcTable.ts): the table's rules, shapes without an ambiguous face (same
 * as our mesh), and two-voxel masks with one ambiguous face whose values are derived by hand below.
 * test/pyradiomics checks the real thing: PyRadiomics 3.1's MeshVolume and SurfaceArea on the MRI samples.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { mcCasesPyradiomicsSource } from '../../scripts/mc-cases.js';
import type { Vec3 } from '../../src/image/volume.js';
import { buildCaseTable, buildPyradiomicsCaseTable, meshMeasures, MORPHOLOGY_DEFAULTS, morphologyFamily, pyradiomicsMeshMeasures } from '../../src/features/morphology/index.js';
import { PYRADIOMICS_FLIP_CORNER } from '../../src/features/morphology/mcTable.js';
import { rng } from '../helpers/random.js';
import { maskOf, morphologyInput } from '../helpers/morphology-input.js';

const SQRT3 = Math.sqrt(3);

/** The same loop up to the starting vertex. */
const sameCycle = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.some((_, s) => b.every((e, i) => e === a[(s + i) % a.length]));

describe('PyRadiomics case table (buildPyradiomicsCaseTable)', () => {
  const ours = buildCaseTable();
  const pyr = buildPyradiomicsCaseTable();

  test('src/features/morphology/mcCasesPyradiomics.ts, the table as data, is the derivation\'s (else run npm run generate:mc)', () => {
    expect(readFileSync(new URL('../../src/features/morphology/mcCasesPyradiomics.ts', import.meta.url), 'utf8')).toBe(mcCasesPyradiomicsSource());
  });

  test('corner (x 0, y 1, z 1) outside: our loops (inside corners of an ambiguous face kept apart), our triangles for loops of up to 6 vertices', () => {
    expect(PYRADIOMICS_FLIP_CORNER).toBe(0b110);
    for (let p = 0; p < 256; p++) {
      if ((p >> PYRADIOMICS_FLIP_CORNER) & 1) continue;
      expect(pyr[p].loops, `pattern ${p}`).toEqual(ours[p].loops);
      if (ours[p].loops.every((l) => l.length < 7)) expect(pyr[p].triangles, `pattern ${p}`).toEqual(ours[p].triangles);
    }
  });

  test('corner (x 0, y 1, z 1) inside: the complement pattern\'s loops, reversed (outside corners kept apart)', () => {
    for (let p = 0; p < 256; p++) {
      if (!((p >> PYRADIOMICS_FLIP_CORNER) & 1)) continue;
      const complement = ours[p ^ 0xff].loops;
      expect(pyr[p].loops.length, `pattern ${p}`).toBe(complement.length);
      for (const loop of pyr[p].loops) expect(complement.some((c) => sameCycle([...c].reverse(), loop)), `pattern ${p}`).toBe(true);
    }
  });

  test('a 7-vertex loop is closed by a fan (5 triangles sharing one vertex), every other loop of k vertices by k - 2 triangles', () => {
    let sevens = 0;
    for (const c of pyr) {
      expect(c.triangles.length).toBe(c.loops.reduce((s, l) => s + l.length - 2, 0));
      for (const loop of c.loops.filter((l) => l.length === 7)) {
        sevens++;
        const fan = c.triangles.filter((t) => t.every((e) => loop.includes(e)));
        expect(fan).toHaveLength(5);
        expect(loop.filter((e) => fan.every((t) => t.includes(e)))).toHaveLength(1);
      }
    }
    expect(sevens).toBe(18);
  });
});

describe('pyradiomicsMeshMeasures(mask, shape, spacing)', () => {
  test('shapes without an ambiguous face give our mesh: one voxel (octahedron, volume sx sy sz / 6) and solid blocks', () => {
    expect(pyradiomicsMeshMeasures(Uint8Array.of(1), [1, 1, 1], [2, 3, 4]).volume).toBeCloseTo(4, 12);
    expect(pyradiomicsMeshMeasures(Uint8Array.of(1), [1, 1, 1], [1, 1, 1]).area).toBeCloseTo(SQRT3, 12);
    for (const [n, s] of [
      [[3, 4, 5], [1, 1, 1]],
      [[3, 4, 5], [0.5, 1.25, 3]],
      [[7, 2, 1], [2, 2, 2]],
    ] as [Vec3, Vec3][]) {
      const mask = new Uint8Array(n[0] * n[1] * n[2]).fill(1);
      const a = pyradiomicsMeshMeasures(mask, n, s);
      const b = meshMeasures(mask, n, s);
      expect(a.volume).toBeCloseTo(b.volume, 9);
      expect(a.area).toBeCloseTo(b.area, 9);
    }
  });

  test('an empty mask gives 0 and 0', () => {
    expect(pyradiomicsMeshMeasures(new Uint8Array(8), [2, 2, 2], [1, 1, 1])).toEqual({ volume: 0, area: 0 });
  });

  // Two voxels touching along a z edge, unit spacing. The dual cubes holding both share one face, on
  // which their corners alternate (an ambiguous face). Everywhere else the mesh is two octahedra
  // (volume 1/6, area sqrt 3 each).
  test('voxels (0,0,0) and (1,1,0): the cube below the face has corner (x 0, y 1, z 1) outside, so both cubes keep the voxels apart: two octahedra, volume 1/3, area 2 sqrt 3', () => {
    const m = pyradiomicsMeshMeasures(maskOf([2, 2, 1], [[0, 0, 0], [1, 1, 0]]), [2, 2, 1], [1, 1, 1]);
    expect(m.volume).toBeCloseTo(1 / 3, 14);
    expect(m.area).toBeCloseTo(2 * SQRT3, 13);
  });

  // Mirrored: voxels (1,0,0) and (0,1,0). In the cube below the face (padded low corner (1,1,0)) corner
  // (x 0, y 1, z 1) is voxel (0,1,0): inside, so that cube joins the voxels; the cube above keeps them
  // apart. Below: the loop around both voxels is a hexagon m51 m57 m67 m62 m64 m54 (cube-local edge
  // midpoints (1,0,.5) (1,.5,1) (.5,1,1) (0,1,.5) (0,.5,1) (.5,0,1)), two planar trapezoids folded along
  // (1,0,.5)-(0,1,.5): z = x + y - 1/2 and z = 3/2 - x - y. Each trapezoid has parallel sides sqrt 2 and
  // sqrt(1/2) at distance sqrt(3/8): area 3 sqrt 3 / 8. It replaces two corner triangles (sqrt 3 / 8 each),
  // so A = 2 sqrt 3 - sqrt 3 / 4 + 3 sqrt 3 / 4 = 5 sqrt 3 / 2.
  // Volume: the two cubes draw different segments on the face, leaving its midpoint square (area 1/2)
  // open. Closed by that square, the mesh would hold 1/3 plus the wedge between the hexagon and the
  // corner triangles: the region z >= max(x + y - 1/2, 3/2 - x - y) of the cube, 2 * int_{1/2}^{1}
  // (s - 1/2) s ds = 5/24, less the two corner tetrahedra (1/48 each): 1/6. The open square instead
  // subtracts the cone from the origin over it: (1/3)(1/2) h with h its height above the origin
  // (PyRadiomics' origin: one voxel below the ROI's bounding box).
  test('voxels (1,0,0) and (0,1,0): joined below the face, apart above: area 5 sqrt 3 / 2, volume 1/3 + 1/6 - (1/3)(1/2)(1) = 1/3', () => {
    const m = pyradiomicsMeshMeasures(maskOf([2, 2, 1], [[1, 0, 0], [0, 1, 0]]), [2, 2, 1], [1, 1, 1]);
    expect(m.area).toBeCloseTo((5 * SQRT3) / 2, 13);
    expect(m.volume).toBeCloseTo(1 / 3, 14);
    // Our closed mesh keeps them apart: two octahedra.
    expect(meshMeasures(maskOf([2, 2, 1], [[1, 0, 0], [0, 1, 0]]), [2, 2, 1], [1, 1, 1]).area).toBeCloseTo(2 * SQRT3, 13);
  });

  test('the same pair one slice higher, with a lone voxel at (3,0,0) setting the origin: the hole is 2 above it, volume 1/6 + 1/3 + 1/6 - (1/3)(1/2)(2) = 1/3 (ours: 1/2), area 7 sqrt 3 / 2; spacing scales them', () => {
    const shape: Vec3 = [4, 2, 2];
    const mask = maskOf(shape, [[1, 0, 1], [0, 1, 1], [3, 0, 0]]);
    const m = pyradiomicsMeshMeasures(mask, shape, [1, 1, 1]);
    expect(m.volume).toBeCloseTo(1 / 3, 14);
    expect(m.area).toBeCloseTo((7 * SQRT3) / 2, 13);
    expect(meshMeasures(mask, shape, [1, 1, 1]).volume).toBeCloseTo(1 / 2, 14);
    expect(pyradiomicsMeshMeasures(mask, shape, [0.5, 2, 3]).volume).toBeCloseTo(1, 13);
  });

  test('the origin is the ROI\'s bounding box, not the box given: the same ROI embedded in a larger box measures the same', () => {
    const r = rng(11);
    const shape: Vec3 = [6, 5, 4];
    const mask = Uint8Array.from({ length: 120 }, () => (r() < 0.5 ? 1 : 0));
    const big: Vec3 = [10, 9, 8];
    const embedded = new Uint8Array(10 * 9 * 8);
    for (let z = 0; z < 4; z++) for (let y = 0; y < 5; y++) for (let x = 0; x < 6; x++) embedded[x + 3 + 10 * (y + 1 + 9 * (z + 2))] = mask[x + 6 * (y + 5 * z)];
    const a = pyradiomicsMeshMeasures(mask, shape, [0.7, 1, 2.5]);
    const b = pyradiomicsMeshMeasures(embedded, big, [0.7, 1, 2.5]);
    expect(b.volume).toBe(a.volume);
    expect(b.area).toBeCloseTo(a.area, 12);
  });
});

describe('morphologyFamily.compute with compat pyradiomics', () => {
  const input = morphologyInput;
  const shape: Vec3 = [4, 2, 2];
  const mask = maskOf(shape, [[1, 0, 1], [0, 1, 1], [3, 0, 0]]);

  test('adds the mesh features on PyRadiomics\' mesh (ibsi null); the IBSI ones keep our mesh', () => {
    const out = morphologyFamily.compute(input(mask, shape), { ...MORPHOLOGY_DEFAULTS, compat: 'pyradiomics' });
    const v = Object.fromEntries(out.values.map((x) => [x.feature, x.value as number]));
    const [V, A] = [1 / 3, (7 * SQRT3) / 2];
    expect(v.volumePyradiomics).toBeCloseTo(V, 14);
    expect(v.surfaceAreaPyradiomics).toBeCloseTo(A, 13);
    expect(v.surfaceToVolumeRatioPyradiomics).toBeCloseTo(A / V, 12);
    expect(v.sphericityPyradiomics).toBeCloseTo(Math.cbrt(36 * Math.PI * V * V) / A, 13);
    expect(v.sphericalDisproportionPyradiomics).toBeCloseTo(A / Math.cbrt(36 * Math.PI * V * V), 13);
    expect(v.compactness1Pyradiomics).toBeCloseTo(V / (Math.sqrt(Math.PI) * A ** 1.5), 13);
    expect(v.compactness2Pyradiomics).toBeCloseTo((36 * Math.PI * V * V) / A ** 3, 13);
    expect(v.volume).toBeCloseTo(1 / 2, 14);
    for (const k of Object.keys(morphologyFamily.features).filter((k) => k.endsWith('Pyradiomics') && !k.includes('AxisLength'))) {
      expect(morphologyFamily.features[k as keyof typeof morphologyFamily.features].ibsi, k).toBeNull();
    }
  });

  test('in IBSI mode none of them is computed', () => {
    const out = morphologyFamily.compute(input(mask, shape), MORPHOLOGY_DEFAULTS);
    expect(out.values.filter((x) => x.feature.endsWith('Pyradiomics'))).toEqual([]);
  });
});
