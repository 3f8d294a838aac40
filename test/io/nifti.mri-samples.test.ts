/**
 * Real MR files (/work/shared/mri-samples, NIfTI-1 converted from PyRadiomics' NRRD test cases; geometry
 * per its README.md). Skipped only when that folder is absent.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { voxelData } from '../../src/image/volume.js';
import { readNifti } from '../../src/io/nifti.js';

const DIR = fileURLToPath(new URL('../../fixtures/mri-samples/nifti/', import.meta.url));
const read = (name: string) => readNifti(readFileSync(DIR + name), { file: name });

describe('MRI samples (NIfTI from PyRadiomics brain1)', () => {
  test('brain1_image.nii.gz: int16 256x256x25, spacing 0.78125 x 0.78125 x 6.5, LPS origin and direction', () => {
    const v = read('brain1_image.nii.gz');
    expect(voxelData(v)).toBeInstanceOf(Int16Array);
    expect(v.shape).toEqual([256, 256, 25]);
    expect(v.spacing).toEqual([0.78125, 0.78125, 6.5]);
    expect(v.origin).toEqual([-99.609375, 99.609375, -78.0]);
    expect(v.direction).toEqual([1, 0, 0, 0, -1, 0, 0, 0, 1]);
    let [min, max] = [Infinity, -Infinity];
    for (const x of voxelData(v)) [min, max] = [Math.min(min, x), Math.max(max, x)];
    expect([min, max]).toEqual([0, 3057]);
  });

  test('brain1_label.nii.gz: int32 on the same grid, 4137 voxels of label 1', () => {
    const v = read('brain1_label.nii.gz');
    expect(voxelData(v)).toBeInstanceOf(Int32Array);
    expect(v.shape).toEqual([256, 256, 25]);
    expect(v.origin).toEqual([-99.609375, 99.609375, -78.0]);
    let count = 0;
    for (const x of voxelData(v)) if (x === 1) count++;
    expect(count).toBe(4137);
  });
});
