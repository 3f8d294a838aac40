/**
 * The IBSI 1 digital phantom files (fixtures/ibsi1-digital-phantom, int16, sform and qform both set) read to
 * exactly the arrays written out in test/helpers/digital-phantom.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { voxelData } from '../../src/image/volume.js';
import { readNifti } from '../../src/io/nifti.js';
import { PHANTOM_MASK, PHANTOM_SHAPE, PHANTOM_SPACING, PHANTOM_VALUES } from '../helpers/digital-phantom.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/ibsi1-digital-phantom/${name}`, import.meta.url));

describe('IBSI 1 digital phantom', () => {
  test.each([
    ['phantom.nii.gz', PHANTOM_VALUES],
    ['mask.nii.gz', PHANTOM_MASK],
  ])('readNifti(%s) gives the reference array, shape 5x4x4, spacing 2 mm', (name, expected) => {
    const v = readNifti(fixture(name), { file: name });
    expect(v.shape).toEqual(PHANTOM_SHAPE);
    expect(v.spacing).toEqual(PHANTOM_SPACING);
    expect(Array.from(voxelData(v))).toEqual(expected);
    // srow RAS diag(-2, -2, 2) at 0 -> LPS identity direction, origin 0
    expect(v.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(v.origin).toEqual([0, 0, 0]);
  });
});
