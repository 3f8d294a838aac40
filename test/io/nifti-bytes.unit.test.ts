/**
 * Checks the test helper nifti-bytes.ts with an independent parser (nifti-reader-js), so the reader's
 * tests rest on header bytes that a third party reads the same way.
 */
import * as nifti from 'nifti-reader-js';
import { describe, expect, test } from 'vitest';
import { nifti1Bytes, nifti2Bytes, type NiftiSpec } from './nifti-bytes.js';

const spec: NiftiSpec = {
  dim: [4, 3, 2, 2, 2],
  dtype: 'float32',
  values: Array.from({ length: 24 }, (_, i) => i / 4),
  pixdim: [-1, 0.5, 0.75, 2.5, 1, 1, 1, 1],
  slope: 2,
  inter: -3,
  qformCode: 1,
  quatern: [0.25, -0.5, 0.125, 10.5, -20.25, 30],
  sformCode: 2,
  srow: [0.5, 0, 0, 1.5, 0, 0.75, 0, -2.5, 0, 0, 2.5, 3.25],
};

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

describe('nifti-bytes helper agrees with nifti-reader-js', () => {
  test.each([
    ['NIfTI-1', true],
    ['NIfTI-1', false],
    ['NIfTI-2', true],
    ['NIfTI-2', false],
  ] as const)('%s littleEndian=%s header fields', (version, littleEndian) => {
    const bytes = (version === 'NIfTI-1' ? nifti1Bytes : nifti2Bytes)({ ...spec, littleEndian });
    const h = nifti.readHeader(toArrayBuffer(bytes));
    expect(h.littleEndian).toBe(littleEndian);
    expect(h.dims.map(Number)).toEqual([4, 3, 2, 2, 2, 1, 1, 1]);
    expect(h.datatypeCode).toBe(16);
    expect(h.pixDims).toEqual([-1, 0.5, 0.75, 2.5, 1, 1, 1, 1]);
    expect(Number(h.vox_offset)).toBe(version === 'NIfTI-1' ? 352 : 544);
    expect([h.scl_slope, h.scl_inter]).toEqual([2, -3]);
    expect([h.qform_code, h.sform_code]).toEqual([1, 2]);
    expect([h.quatern_b, h.quatern_c, h.quatern_d, h.qoffset_x, h.qoffset_y, h.qoffset_z]).toEqual([0.25, -0.5, 0.125, 10.5, -20.25, 30]);
    expect(h.affine.slice(0, 3).flat()).toEqual(spec.srow);
  });

  test('voxel bytes sit at vox_offset in the requested byte order', () => {
    const bytes = nifti1Bytes({ ...spec, littleEndian: false });
    const h = nifti.readHeader(toArrayBuffer(bytes));
    const image = new DataView(nifti.readImage(h, toArrayBuffer(bytes)));
    expect(Array.from({ length: 24 }, (_, i) => image.getFloat32(4 * i, false))).toEqual(spec.values);
  });
});
