import { describe, expect, test } from 'vitest';
import { caught } from '../helpers/errors.js';
import { checkSameGeometry, DEFAULT_GEOMETRY_TOLERANCE, formatGeometry } from '../../src/image/geometry.js';
import type { Geometry, Mat3, Vec3 } from '../../src/image/volume.js';

const image: Geometry = {
  shape: [5, 4, 4],
  spacing: [0.977, 0.977, 3],
  origin: [-174.3945, -79.6255, -100.4],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
};

const v = (x: readonly number[]) => x as unknown as Vec3;
const m = (x: readonly number[]) => x as unknown as Mat3;

describe('checkSameGeometry', () => {
  test('checkSameGeometry(g, g) passes', () => {
    expect(() => checkSameGeometry(image, { ...image })).not.toThrow();
  });

  test('float32 rounding of every value (as in NIfTI headers) passes', () => {
    const f32: Geometry = {
      shape: image.shape,
      spacing: v(image.spacing.map(Math.fround)),
      origin: v(image.origin.map(Math.fround)),
      direction: m(image.direction.map(Math.fround)),
    };
    expect(() => checkSameGeometry(image, f32)).not.toThrow();
  });

  test('differences just inside the default tolerance pass', () => {
    const near: Geometry = {
      shape: image.shape,
      spacing: v(image.spacing.map((s) => s * (1 + 0.9e-4))),
      origin: v(image.origin.map((o) => o + 0.9e-3 * 0.977)), // limit 10 * 1e-4 * min spacing = 9.77e-4 mm
      direction: m(image.direction.map((d) => d + 0.9e-4)),
    };
    expect(() => checkSameGeometry(image, near)).not.toThrow();
  });

  test.each([
    ['shape', { shape: v([5, 4, 3]) }, 'shape [5, 4, 4] vs [5, 4, 3]'],
    ['spacing', { spacing: v([0.977, 0.977, 3.0006]) }, 'spacing (by 0.00019996001 relative, allowed 0.0001)'],
    ['origin', { origin: v([-174.3945, -79.6255, -100.399]) }, 'origin (by 0.001 mm, allowed 0.000977 mm)'],
    ['direction', { direction: m([1, 0, 0, 0, 0.9998, 0.02, 0, -0.02, 0.9998]) }, 'direction (by 0.02 in an entry, allowed 0.0001)'],
  ] as const)('a different %s -> GeometryMismatch naming it', (field, change, text) => {
    const e = caught(() => checkSameGeometry(image, { ...image, ...change }));
    expect(e.code).toBe('GeometryMismatch');
    expect(e.detail.differs).toEqual([field]);
    expect(e.message).toContain(`differs in ${text}.`);
  });

  test('the message prints both geometries and the file names, on one line', () => {
    const mask: Geometry = { ...image, spacing: v([1, 1, 3]), origin: v([0, 0, 0]) };
    const e = caught(() => checkSameGeometry(image, mask, { imageFile: 'ct.nii.gz', maskFile: 'gtv.nii.gz' }));
    expect(e.message).toBe(
      'mask gtv.nii.gz does not lie on the grid of the image ct.nii.gz: differs in spacing (by 0.023 relative, allowed 0.0001); ' +
        'origin (by 174.3945 mm, allowed 0.000977 mm). ' +
        'image ct.nii.gz: shape [5, 4, 4], spacing [0.977, 0.977, 3] mm, origin [-174.3945, -79.6255, -100.4] mm (LPS), direction [1, 0, 0; 0, 1, 0; 0, 0, 1]. ' +
        'mask gtv.nii.gz: shape [5, 4, 4], spacing [1, 1, 3] mm, origin [0, 0, 0] mm (LPS), direction [1, 0, 0; 0, 1, 0; 0, 0, 1]',
    );
    expect(e.detail).toMatchObject({ differs: ['spacing', 'origin'], imageFile: 'ct.nii.gz', maskFile: 'gtv.nii.gz', tolerance: DEFAULT_GEOMETRY_TOLERANCE });
    expect(e.detail.mask).toEqual({ shape: [5, 4, 4], spacing: [1, 1, 3], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] });
  });

  test('without file names the message says "image" and "mask"', () => {
    const e = caught(() => checkSameGeometry(image, { ...image, shape: v([1, 1, 1]) }));
    expect(e.message.startsWith('mask does not lie on the grid of the image: differs in shape')).toBe(true);
  });

  test('a NaN coordinate always differs', () => {
    const e = caught(() => checkSameGeometry(image, { ...image, origin: v([NaN, 0, 0]) }));
    expect(e.detail.differs).toEqual(['origin']);
  });

  test('{ tolerance: 0 } demands exact equality; { tolerance: 1e-2 } accepts a 0.5% spacing change', () => {
    const close: Geometry = { ...image, spacing: v([0.977, 0.977, 3.015]) };
    expect(caught(() => checkSameGeometry(image, { ...image, origin: v([-174.3945, -79.6255, -100.40000001]) }, { tolerance: 0 })).code).toBe('GeometryMismatch');
    expect(() => checkSameGeometry(image, close, { tolerance: 1e-2 })).not.toThrow();
    expect(caught(() => checkSameGeometry(image, close)).code).toBe('GeometryMismatch');
  });

  test.each([-1, NaN, Infinity])('{ tolerance: %s } -> InvalidArgument', (tolerance) => {
    expect(caught(() => checkSameGeometry(image, image, { tolerance })).code).toBe('InvalidArgument');
  });
});

describe('formatGeometry', () => {
  test('formatGeometry(g) is one line with 8 significant digits and no -0', () => {
    const g: Geometry = {
      shape: [256, 256, 25],
      spacing: [0.78124999999999989, 0.78125, 6.4999999999999982],
      origin: [-99.609375, 99.609375, -78],
      direction: [1, -0, 0, 0, -1, 0, 0, 0, 1],
    };
    expect(formatGeometry(g)).toBe('shape [256, 256, 25], spacing [0.78125, 0.78125, 6.5] mm, origin [-99.609375, 99.609375, -78] mm (LPS), direction [1, 0, 0; 0, -1, 0; 0, 0, 1]');
  });
});
