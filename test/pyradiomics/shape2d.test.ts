/**
 * PyRadiomics' shape2D class through a parameter file, as a user runs it: featureClass and force2D /
 * force2Ddimension -> config shape2D, then extract() and withPyradiomicsNames give the columns
 * original_shape2D_<Feature>. Values derived by hand (see test/features/morphology.shape2d.unit.test.ts).
 */
import { describe, expect, test } from 'vitest';
import { createVolume, extract, parsePyradiomicsParams, resolveConfig, withPyradiomicsNames, type Vec3 } from '../../src/index.js';

const keys = (list: readonly { key: string }[]) => list.map((i) => i.key);

describe('parsePyradiomicsParams: shape2D', () => {
  test('featureClass shape2D with force2D -> shape2D z (force2Ddimension 0, the default), computed by morph, with a note', () => {
    const p = parsePyradiomicsParams({ featureClass: { shape2D: null }, setting: { force2D: true } });
    expect(p.config.shape2D).toBe('z');
    expect(p.config.families).toEqual(['morph']);
    expect(p.unsupported).toEqual([]);
    expect(keys(p.notes)).toContain('featureClass.shape2D');
  });

  test('force2Ddimension 1 and 2 -> y and x; another value is InvalidConfig', () => {
    expect(parsePyradiomicsParams({ featureClass: { shape2D: null }, setting: { force2D: true, force2Ddimension: 1 } }).config.shape2D).toBe('y');
    expect(parsePyradiomicsParams({ featureClass: { shape2D: null }, setting: { force2D: true, force2Ddimension: 2 } }).config.shape2D).toBe('x');
    expect(() => parsePyradiomicsParams({ featureClass: { shape2D: null }, setting: { force2D: true, force2Ddimension: 3 } })).toThrow(expect.objectContaining({ code: 'InvalidConfig' }));
  });

  test('no featureClass enables every class, shape2D included (as PyRadiomics): shape2D z with force2D', () => {
    expect(parsePyradiomicsParams({ setting: { force2D: true } }).config.shape2D).toBe('z');
    expect(parsePyradiomicsParams('').config.shape2D).toBeNull();
  });

  test('without force2D, or with featureClass not listing shape2D: none (a note when shape2D is listed)', () => {
    const p = parsePyradiomicsParams({ featureClass: { shape2D: null } });
    expect(p.config.shape2D).toBeNull();
    expect(p.notes.find((n) => n.key === 'featureClass.shape2D')?.reason).toMatch(/without force2D/);
    expect(parsePyradiomicsParams({ featureClass: { shape: null }, setting: { force2D: true } }).config.shape2D).toBeNull();
  });
});

test('resolveConfig: shape2D needs compat pyradiomics and an axis x, y or z', () => {
  expect(resolveConfig({ compat: 'pyradiomics', shape2D: 'y' }).shape2D).toBe('y');
  expect(resolveConfig({}).shape2D).toBeNull();
  expect(() => resolveConfig({ shape2D: 'z' })).toThrow(expect.objectContaining({ code: 'InvalidConfig' }));
  expect(() => resolveConfig({ compat: 'pyradiomics', shape2D: 'w' })).toThrow(expect.objectContaining({ code: 'InvalidConfig' }));
});

describe('extract() with a shape2D parameter file', () => {
  /** An L of 3 pixels in slice z = 1 of a 4 x 3 x 3 image, spacing (0.5, 0.5, 3) mm. */
  function lCase(): { image: ReturnType<typeof createVolume>; mask: { volume: ReturnType<typeof createVolume>; label: number } } {
    const shape: Vec3 = [4, 3, 3];
    const spacing: Vec3 = [0.5, 0.5, 3];
    const m = new Uint8Array(36);
    for (const [x, y] of [
      [1, 1],
      [2, 1],
      [1, 2],
    ]) m[x + 4 * (y + 3 * 1)] = 1;
    const image = createVolume({ data: Float32Array.from({ length: 36 }, (_, i) => 100 + (i % 5)), shape, spacing });
    return { image, mask: { volume: createVolume({ data: m, shape, spacing }), label: 1 } };
  }

  /** The original_shape2D_* columns of the L with this featureClass (force2D), by PyRadiomics name. */
  function shape2dColumns(featureClass: Record<string, unknown>): Record<string, number> {
    const { image, mask } = lCase();
    const p = parsePyradiomicsParams({ featureClass, setting: { force2D: true } });
    const result = withPyradiomicsNames(extract(image, mask, p.config), p.naming);
    return Object.fromEntries(result.features.filter((f) => f.id.startsWith('original_shape2D_')).map((f) => [f.id.slice('original_shape2D_'.length), f.value as number]));
  }
  const SHAPE2D_NAMES = ['Elongation', 'MajorAxisLength', 'MaximumDiameter', 'MeshSurface', 'MinorAxisLength', 'Perimeter', 'PerimeterSurfaceRatio', 'PixelSurface', 'SphericalDisproportion', 'Sphericity'];

  test('the class with no names gives the 9 columns PyRadiomics enables by default (not the deprecated SphericalDisproportion)', () => {
    expect(Object.keys(shape2dColumns({ shape2D: null })).sort()).toEqual(SHAPE2D_NAMES.filter((n) => n !== 'SphericalDisproportion'));
  });

  test('all 10 listed give the 10 original_shape2D_* columns: the L at 0.5 mm pixels (A 2.5 / 4, P (2 + 3 sqrt 2) / 2, diameter sqrt 5 / 2, lambda 1/12 and 1/36)', () => {
    const v = shape2dColumns({ shape2D: SHAPE2D_NAMES });
    const [A, P] = [2.5 / 4, (2 + 3 * Math.SQRT2) / 2];
    expect(Object.keys(v).sort()).toEqual(SHAPE2D_NAMES);
    expect(v.MeshSurface).toBe(A);
    expect(v.PixelSurface).toBe(0.75);
    expect(v.Perimeter).toBeCloseTo(P, 14);
    expect(v.PerimeterSurfaceRatio).toBeCloseTo(P / A, 13);
    expect(v.Sphericity).toBeCloseTo((2 * Math.sqrt(Math.PI * A)) / P, 14);
    expect(v.SphericalDisproportion).toBeCloseTo(P / (2 * Math.sqrt(Math.PI * A)), 14);
    expect(v.MaximumDiameter).toBeCloseTo(Math.sqrt(5) / 2, 14);
    expect(v.MajorAxisLength).toBeCloseTo(4 * Math.sqrt(1 / 12), 14);
    expect(v.MinorAxisLength).toBeCloseTo(4 * Math.sqrt(1 / 36), 14);
    expect(v.Elongation).toBeCloseTo(1 / Math.sqrt(3), 14);
  });

  test('force2Ddimension 1 on the same (axial) L: the ROI spans 2 slices along y, so null values with warnings', () => {
    const { image, mask } = lCase();
    const p = parsePyradiomicsParams({ featureClass: { shape2D: null }, setting: { force2D: true, force2Ddimension: 1 } });
    const result = extract(image, mask, p.config);
    const shape2d = result.features.filter((f) => f.id.startsWith('morph.shape2d'));
    // 9: PyRadiomics' deprecated SphericalDisproportion only when listed.
    expect(shape2d).toHaveLength(9);
    expect(shape2d.every((f) => f.value === null && f.ibsi === null)).toBe(true);
    expect(result.warnings.filter((w) => w.feature?.startsWith('morph.shape2d'))).toHaveLength(9);
  });
});
