import ndarray from 'ndarray';
import * as nifti from 'nifti-reader-js';
import { gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { VERSION } from '../../src/version.js';
import { createVolume, voxelData, type Mat3, type Vec3, type Volume, type VoxelData } from '../../src/image/volume.js';
import { readNifti, writeNifti } from '../../src/io/nifti.js';
import { DT_CODE, DTYPES, sampleValues, type Dtype } from './nifti-bytes.js';

const ARRAYS: Record<Dtype, { from(values: number[]): VoxelData }> = {
  uint8: Uint8Array,
  int8: Int8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  float32: Float32Array,
  float64: Float64Array,
};

/** Rotation by 30 degrees about z, then 20 about x: an oblique, proper LPS direction. */
const c30 = Math.cos(Math.PI / 6);
const s30 = Math.sin(Math.PI / 6);
const c20 = Math.cos(Math.PI / 9);
const s20 = Math.sin(Math.PI / 9);
const RZ = [c30, -s30, 0, s30, c30, 0, 0, 0, 1];
const RX = [1, 0, 0, 0, c20, -s20, 0, s20, c20];
const OBLIQUE = mul(RX, RZ) as unknown as Mat3;
const SPACING: Vec3 = [0.5, 0.75, 2.5];
const ORIGIN: Vec3 = [-10.25, 20.5, 3];

function mul(a: readonly number[], b: readonly number[]): number[] {
  return [0, 1, 2].flatMap((r) => [0, 1, 2].map((k) => a[3 * r] * b[k] + a[3 * r + 1] * b[3 + k] + a[3 * r + 2] * b[6 + k]));
}

function expectClose(actual: readonly number[], expected: readonly number[], tol = 1e-5): void {
  actual.forEach((a, i) => expect(Math.abs(a - expected[i]), `entry ${i}: ${a} vs ${expected[i]}`).toBeLessThanOrEqual(tol));
}

function volumeOf(dtype: Dtype, direction: Mat3 = OBLIQUE): Volume {
  return createVolume({ data: ARRAYS[dtype].from(sampleValues(dtype)), shape: [3, 2, 2], spacing: SPACING, origin: ORIGIN, direction });
}

function expectSameGeometry(back: Volume, v: Volume): void {
  expect(back.shape).toEqual(v.shape);
  expectClose(back.spacing, v.spacing, 1e-6);
  expectClose(back.origin, v.origin, 1e-5);
  expectClose(back.direction, v.direction, 1e-6);
}

/** The header with one int16 field overwritten (little-endian). */
function withInt16(bytes: Uint8Array, offset: number, value: number): Uint8Array {
  const copy = bytes.slice();
  new DataView(copy.buffer).setInt16(offset, value, true);
  return copy;
}

describe('writeNifti -> readNifti round trip', () => {
  test.each(DTYPES)('%s: data, type, spacing, origin and direction survive', (dtype) => {
    const v = volumeOf(dtype);
    const back = readNifti(writeNifti(v));
    expect(voxelData(back).constructor).toBe(voxelData(v).constructor);
    expect(Array.from(voxelData(back))).toEqual(sampleValues(dtype));
    expectSameGeometry(back, v);
  });

  test.each([
    ['identity', [1, 0, 0, 0, 1, 0, 0, 0, 1]],
    ['brain-like diag(1, -1, 1)', [1, 0, 0, 0, -1, 0, 0, 0, 1]],
    ['left-handed diag(1, 1, -1) (qfac -1)', [1, 0, 0, 0, 1, 0, 0, 0, -1]],
    ['axis permutation (sagittal)', [0, 0, -1, 1, 0, 0, 0, -1, 0]],
    ['oblique', OBLIQUE],
    ['oblique, left-handed', OBLIQUE.map((x, i) => (i % 3 === 2 ? -x : x))],
  ] as const)('direction %s: the qform alone and the sform alone each give the geometry back', (_name, direction) => {
    const v = volumeOf('int16', direction as unknown as Mat3);
    const bytes = writeNifti(v);
    expectSameGeometry(readNifti(bytes), v);
    expectSameGeometry(readNifti(withInt16(bytes, 254, 0)), v); // sform_code 0 -> qform
    expectSameGeometry(readNifti(withInt16(bytes, 252, 0)), v); // qform_code 0 -> sform
  });

  test('gzip: true writes a gzip stream of the same .nii bytes', () => {
    const v = volumeOf('float32');
    const plain = writeNifti(v);
    const gz = writeNifti(v, { gzip: true });
    expect([gz[0], gz[1]]).toEqual([0x1f, 0x8b]);
    expect(new Uint8Array(gunzipSync(gz))).toEqual(plain);
    expect(Array.from(voxelData(readNifti(gz)))).toEqual(sampleValues('float32'));
  });

  test('a dimension above 32767 (NIfTI-1 int16 dim) -> InvalidArgument', () => {
    const wide = createVolume({ data: new Uint8Array(40000), shape: [40000, 1, 1] });
    expect(() => writeNifti(wide)).toThrow(expect.objectContaining({ code: 'InvalidArgument', message: 'cannot write shape [40000, 1, 1] to NIfTI-1: its dim fields are int16 (at most 32767)' }));
  });

  test('a strided ndarray view is written in x-fastest order', () => {
    // 2 x 3 x 1 view onto a transposed buffer: value at (x, y) is 10 * x + y.
    const buffer = Int16Array.from([0, 1, 2, 10, 11, 12]);
    const v: Volume = { ...createVolume({ data: new Int16Array(6), shape: [2, 3, 1] }), voxels: ndarray(buffer, [2, 3, 1], [3, 1, 6]) };
    expect(Array.from(voxelData(readNifti(writeNifti(v))))).toEqual([0, 10, 1, 11, 2, 12]);
  });
});

describe('writeNifti header, read by nifti-reader-js', () => {
  const v = volumeOf('int16');
  const bytes = writeNifti(v, { description: 'unit test' });
  const h = nifti.readHeader(bytes.buffer.slice(0) as ArrayBuffer);
  // RAS affine = diag(-1, -1, 1) * [direction * diag(spacing) | origin]
  const flip = [-1, -1, 1];
  const expected = [0, 1, 2].map((r) => [...[0, 1, 2].map((k) => flip[r] * OBLIQUE[3 * r + k] * SPACING[k]), flip[r] * ORIGIN[r]]);

  test('fields: NIfTI-1 single file, little-endian, int16, vox_offset 352, mm, unscaled', () => {
    expect(h.littleEndian).toBe(true);
    expect(h.magic).toBe('n+1');
    expect(h.dims).toEqual([3, 3, 2, 2, 1, 1, 1, 1]);
    expect(h.datatypeCode).toBe(DT_CODE.int16);
    expect(h.numBitsPerVoxel).toBe(16);
    expect(h.vox_offset).toBe(352);
    expect([h.scl_slope, h.scl_inter]).toEqual([1, 0]);
    expect(h.xyzt_units).toBe(2);
    expect([h.qform_code, h.sform_code]).toEqual([1, 1]);
    expect(h.description).toBe('unit test');
  });

  test('sform is the RAS affine', () => {
    h.affine.slice(0, 3).forEach((row, r) => expectClose(row, expected[r], 1e-5));
  });

  test("qform (nifti-reader-js's quaternion decoding) equals the same affine", () => {
    const q = h.getQformMat();
    q.slice(0, 3).forEach((row, r) => expectClose(row, expected[r], 1e-5));
  });

  test('default description names the library version', () => {
    const d = nifti.readHeader(writeNifti(v).buffer.slice(0) as ArrayBuffer);
    expect(d.description).toBe(`radiomics ${VERSION}`);
  });

  test('a sheared direction cannot be a quaternion: qform_code 0, sform exact', () => {
    const shear = [1, 0.5 / Math.hypot(1, 0.5), 0, 0, 1 / Math.hypot(1, 0.5), 0, 0, 0, 1] as unknown as Mat3;
    const sheared = createVolume({ data: new Uint8Array(12), shape: [3, 2, 2], spacing: SPACING, origin: ORIGIN, direction: shear });
    const out = writeNifti(sheared);
    const sh = nifti.readHeader(out.buffer.slice(0) as ArrayBuffer);
    expect([sh.qform_code, sh.sform_code]).toEqual([0, 1]);
    expectSameGeometry(readNifti(out), sheared);
  });
});
