/**
 * PyRadiomics' 2D shape class (src/features/morphology/shape2d.ts) on small masks whose values follow
 * by hand from PyRadiomics' definitions (shape2D.py, cshape.c): the contour runs through the midpoints
 * of the pixel edges between ROI and background; on a 2 x 2 square of pixel centres with k ROI corners
 * it encloses 1/8 (one corner), 1/2 (two adjacent), 7/8 (three), 1 (four) or 2/8 (two on a diagonal,
 * kept apart) of the square's area, by segments of length sqrt(1/2) (cutting one corner) or 1 (across).
 */
import { describe, expect, test } from 'vitest';
import type { Vec3 } from '../../src/image/volume.js';
import { MORPHOLOGY_DEFAULTS, morphologyFamily, shape2dStats } from '../../src/features/morphology/index.js';
import { maskOf, morphologyInput } from '../helpers/morphology-input.js';

const SQRT2 = Math.SQRT2;

const SQUARE: Vec3[] = [
  [0, 0, 0],
  [1, 0, 0],
  [0, 1, 0],
  [1, 1, 0],
];
const L: Vec3[] = [
  [0, 0, 0],
  [1, 0, 0],
  [0, 1, 0],
];

describe('shape2dStats(mask, shape, spacing, axis)', () => {
  // 2 x 2 pixels: an octagon through (-1/2, 0), (0, -1/2), (1, -1/2), (3/2, 0), (3/2, 1), (1, 3/2),
  // (0, 3/2), (-1/2, 1). A: one full square + four two-corner squares (1/2) + four one-corner squares
  // (1/8) = 1 + 2 + 1/2. P = 4 straight sides of 1 + 4 corner cuts of sqrt(1/2) = 4 + 2 sqrt 2. Diameter: (-1/2, 0) to
  // (3/2, 1), sqrt(4 + 1) = sqrt 5. Pixel centres 0, 1 on each axis: variances 1/4 (divided by N = 4), no
  // covariance: lambda 1/4, 1/4, so both axes 4 sqrt(1/4) = 2, elongation 1.
  test('a 2 x 2 square: A 3.5, P 4 + 2 sqrt 2, diameter sqrt 5, pixel surface 4, lambda 1/4 and 1/4', () => {
    const s = shape2dStats(maskOf([2, 2, 1], SQUARE), [2, 2, 1], [1, 1, 1], 'z');
    expect(s.slices).toBe(1);
    expect(s.meshSurface).toBe(3.5);
    expect(s.perimeter).toBeCloseTo(4 + 2 * SQRT2, 14);
    expect(s.maximumDiameter).toBeCloseTo(Math.sqrt(5), 14);
    expect(s.pixelSurface).toBe(4);
    expect(s.lambdaMajor).toBeCloseTo(0.25, 15);
    expect(s.lambdaMinor).toBeCloseTo(0.25, 15);
  });

  // L tromino (0,0), (1,0), (0,1): one three-corner square (7/8), two two-corner squares (1/2) and five
  // one-corner squares (1/8): A = 7/8 + 1 + 5/8 = 2.5. P: five one-corner cuts and the three-corner cut,
  // sqrt(1/2) each, and two straight sides: 2 + 6 sqrt(1/2) = 2 + 3 sqrt 2. Diameter: (1, -1/2) to
  // (0, 3/2), sqrt 5. Centres mean (1/3, 1/3): variances 2/9, covariance -1/9, lambda 1/3 and 1/9.
  test('an L of 3 pixels: A 2.5, P 2 + 3 sqrt 2, diameter sqrt 5, lambda 1/3 and 1/9', () => {
    const s = shape2dStats(maskOf([2, 2, 1], L), [2, 2, 1], [1, 1, 1], 'z');
    expect(s.meshSurface).toBe(2.5);
    expect(s.perimeter).toBeCloseTo(2 + 3 * SQRT2, 14);
    expect(s.maximumDiameter).toBeCloseTo(Math.sqrt(5), 14);
    expect(s.pixelSurface).toBe(3);
    expect(s.lambdaMajor).toBeCloseTo(1 / 3, 15);
    expect(s.lambdaMinor).toBeCloseTo(1 / 9, 15);
  });

  // Spacing (2, 3): the octagon scaled; A = 3.5 x 6; sides 2 (top, bottom), 3 (left, right) and four cuts
  // of sqrt(1^2 + 1.5^2); the longest chord (0, -1/2)-(1, 3/2) is (2, 6) mm: sqrt 40; variances 1 and 9/4.
  test('the square at spacing (2, 3): A 21, P 10 + 4 sqrt(3.25), diameter sqrt 40, lambda 9/4 and 1', () => {
    const s = shape2dStats(maskOf([2, 2, 1], SQUARE), [2, 2, 1], [2, 3, 7], 'z');
    expect(s.meshSurface).toBe(21);
    expect(s.perimeter).toBeCloseTo(10 + 4 * Math.sqrt(3.25), 13);
    expect(s.maximumDiameter).toBeCloseTo(Math.sqrt(40), 14);
    expect(s.pixelSurface).toBe(24);
    expect(s.lambdaMajor).toBeCloseTo(2.25, 14);
    expect(s.lambdaMinor).toBeCloseTo(1, 14);
  });

  test('one pixel: a diamond, A 1/2, P 2 sqrt 2, diameter 1, both eigenvalues 0', () => {
    const s = shape2dStats(Uint8Array.of(1), [1, 1, 1], [1, 1, 1], 'z');
    expect(s).toMatchObject({ meshSurface: 0.5, maximumDiameter: 1, pixelSurface: 1, lambdaMajor: 0, lambdaMinor: 0 });
    expect(s.perimeter).toBeCloseTo(2 * SQRT2, 15);
  });

  test('two pixels on a diagonal are kept apart (as cshape.c\'s line table): two diamonds, A 1, P 4 sqrt 2', () => {
    const s = shape2dStats(maskOf([2, 2, 1], [[0, 0, 0], [1, 1, 0]]), [2, 2, 1], [1, 1, 1], 'z');
    expect(s.meshSurface).toBe(1);
    expect(s.perimeter).toBeCloseTo(4 * SQRT2, 14);
    expect(s.maximumDiameter).toBeCloseTo(Math.sqrt(5), 14);
  });

  test('a hole: the 3 x 3 square has A 8.5; without its centre pixel, 8 (the hole is a diamond of 1/2) and P grows by the hole\'s 2 sqrt 2', () => {
    const full: Vec3[] = [];
    for (let y = 0; y < 3; y++) for (let x = 0; x < 3; x++) full.push([x, y, 0]);
    const ring = full.filter(([x, y]) => x !== 1 || y !== 1);
    const a = shape2dStats(maskOf([3, 3, 1], full), [3, 3, 1], [1, 1, 1], 'z');
    const b = shape2dStats(maskOf([3, 3, 1], ring), [3, 3, 1], [1, 1, 1], 'z');
    // 3 x 3 square: four full squares, eight two-corner squares (1/2), four one-corner squares (1/8):
    // 4 + 4 + 1/2 = 8.5. Without the centre the four inner squares hold three corners (7/8, each cut by
    // a segment of sqrt(1/2)): 8.5 - 4/8 = 8, and the perimeter gains 4 sqrt(1/2) = 2 sqrt 2.
    expect(a.meshSurface).toBe(8.5);
    expect(b.meshSurface).toBe(8);
    expect(b.perimeter).toBeCloseTo(a.perimeter + 2 * SQRT2, 13);
  });

  test('the axis picks the plane: the square in an x-z plane with axis y, or a y-z plane with axis x, gives the x-y values', () => {
    const xy = shape2dStats(maskOf([2, 2, 1], SQUARE), [2, 2, 1], [2, 3, 7], 'z');
    const xz = shape2dStats(new Uint8Array(4).fill(1), [2, 1, 2], [2, 7, 3], 'y');
    const yz = shape2dStats(new Uint8Array(4).fill(1), [1, 2, 2], [7, 2, 3], 'x');
    for (const s of [xz, yz]) {
      expect(s.meshSurface).toBe(xy.meshSurface);
      expect(s.perimeter).toBeCloseTo(xy.perimeter, 13);
      expect(s.maximumDiameter).toBeCloseTo(xy.maximumDiameter, 14);
      expect(s.lambdaMajor).toBeCloseTo(xy.lambdaMajor, 14);
      expect(s.lambdaMinor).toBeCloseTo(xy.lambdaMinor, 14);
    }
  });

  test('an ROI two slices thick along the axis, or an empty one, gives NaN and says how many slices', () => {
    const thick = shape2dStats(new Uint8Array(8).fill(1), [2, 2, 2], [1, 1, 1], 'z');
    expect(thick.slices).toBe(2);
    expect(thick.meshSurface).toBeNaN();
    expect(shape2dStats(new Uint8Array(8).fill(1), [2, 2, 2], [1, 1, 1], 'x').slices).toBe(2);
    expect(shape2dStats(new Uint8Array(4), [2, 2, 1], [1, 1, 1], 'z').slices).toBe(0);
    // One slice thick along z but two along x: fine for z only.
    expect(shape2dStats(new Uint8Array(4).fill(1), [2, 2, 1], [1, 1, 1], 'x').slices).toBe(2);
  });

  test('the ROI may sit anywhere in the box and need not touch its border', () => {
    const shape: Vec3 = [6, 5, 3];
    const a = shape2dStats(maskOf(shape, L.map(([x, y]) => [x + 3, y + 2, 1] as Vec3)), shape, [1, 1, 1], 'z');
    expect(a.meshSurface).toBe(2.5);
    expect(a.lambdaMinor).toBeCloseTo(1 / 9, 15);
  });
});

describe('morphologyFamily.compute: shape2D features', () => {
  const input = morphologyInput;

  test('compat pyradiomics with shape2D z: the 10 features of PyRadiomics\' shape2D class on the L', () => {
    const out = morphologyFamily.compute(input(maskOf([2, 2, 1], L), [2, 2, 1]), { ...MORPHOLOGY_DEFAULTS, compat: 'pyradiomics', shape2D: 'z' });
    const v = Object.fromEntries(out.values.filter((x) => x.feature.startsWith('shape2d')).map((x) => [x.feature, x.value as number]));
    const [A, P] = [2.5, 2 + 3 * SQRT2];
    expect(Object.keys(v)).toHaveLength(10);
    expect(v.shape2dMeshSurface).toBe(A);
    expect(v.shape2dPixelSurface).toBe(3);
    expect(v.shape2dPerimeter).toBeCloseTo(P, 14);
    expect(v.shape2dPerimeterSurfaceRatio).toBeCloseTo(P / A, 14);
    expect(v.shape2dSphericity).toBeCloseTo((2 * Math.sqrt(Math.PI * A)) / P, 14);
    expect(v.shape2dSphericalDisproportion).toBeCloseTo(P / (2 * Math.sqrt(Math.PI * A)), 14);
    expect(v.shape2dMaximumDiameter).toBeCloseTo(Math.sqrt(5), 14);
    expect(v.shape2dMajorAxisLength).toBeCloseTo(4 / Math.sqrt(3), 14);
    expect(v.shape2dMinorAxisLength).toBeCloseTo(4 / 3, 14);
    expect(v.shape2dElongation).toBeCloseTo(1 / Math.sqrt(3), 14);
  });

  test('without shape2D (or in IBSI mode) none of them is computed', () => {
    const mask = maskOf([2, 2, 1], L);
    for (const params of [{ ...MORPHOLOGY_DEFAULTS, compat: 'pyradiomics' as const }, MORPHOLOGY_DEFAULTS, { ...MORPHOLOGY_DEFAULTS, shape2D: 'z' as const }]) {
      expect(morphologyFamily.compute(input(mask, [2, 2, 1]), params).values.filter((x) => x.feature.startsWith('shape2d'))).toEqual([]);
    }
  });

  test('an ROI thicker than one slice: null values, each with an UndefinedFeature warning naming PyRadiomics\' error', () => {
    const out = morphologyFamily.compute(input(new Uint8Array(8).fill(1), [2, 2, 2]), { ...MORPHOLOGY_DEFAULTS, compat: 'pyradiomics', shape2D: 'z' });
    const shape2d = out.values.filter((x) => x.feature.startsWith('shape2d'));
    expect(shape2d).toHaveLength(10);
    for (const f of shape2d) {
      expect(f.value, f.feature).toBeNull();
      expect(out.warnings.find((w) => w.feature === `morph.${f.feature}`)?.message).toMatch(/more than one slice thick.*ValueError/);
    }
  });

  test('one pixel: elongation null (0 / 0, PyRadiomics nan) with a warning; the other 9 defined', () => {
    const out = morphologyFamily.compute(input(Uint8Array.of(1), [1, 1, 1], [2, 2, 2]), { ...MORPHOLOGY_DEFAULTS, compat: 'pyradiomics', shape2D: 'z' });
    const v = Object.fromEntries(out.values.filter((x) => x.feature.startsWith('shape2d')).map((x) => [x.feature, x.value]));
    expect(v.shape2dElongation).toBeNull();
    expect(out.warnings.find((w) => w.feature === 'morph.shape2dElongation')?.message).toMatch(/one pixel/);
    expect(Object.values(v).filter((x) => x === null)).toHaveLength(1);
    expect(v.shape2dMeshSurface).toBe(2);
  });
});
