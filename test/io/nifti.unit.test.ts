import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { caught } from '../helpers/errors.js';
import { indexToWorld, voxelData, type Vec3, type Volume } from '../../src/image/volume.js';
import { isNifti, readNifti } from '../../src/io/nifti.js';
import { DT_ARRAY, DTYPES, nifti1Bytes, nifti2Bytes, sampleValues, type NiftiSpec } from './nifti-bytes.js';

const values12 = Array.from({ length: 12 }, (_, i) => i * 3 - 7);
const base: NiftiSpec = { dim: [3, 3, 2, 2], dtype: 'int16', values: values12, pixdim: [1, 1, 1, 1, 1, 1, 1, 1] };

function data(v: Volume): number[] {
  return Array.from(voxelData(v));
}

/** Rodrigues: rotation by `angle` about the unit `axis`, row-major. */
function rotation(axis: Vec3, angle: number): number[] {
  const [x, y, z] = axis;
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const t = 1 - c;
  return [t * x * x + c, t * x * y - s * z, t * x * z + s * y, t * x * y + s * z, t * y * y + c, t * y * z - s * x, t * x * z - s * y, t * y * z + s * x, t * z * z + c];
}

function mulVec(m: readonly number[], v: readonly number[]): number[] {
  return [0, 1, 2].map((r) => m[3 * r] * v[0] + m[3 * r + 1] * v[1] + m[3 * r + 2] * v[2]);
}

function expectClose(actual: readonly number[], expected: readonly number[], tol = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i]), `entry ${i}: ${a} vs ${expected[i]}`).toBeLessThanOrEqual(tol));
}

describe('readNifti: datatypes and byte order', () => {
  const cases = DTYPES.flatMap((dtype) => [true, false].map((le) => [dtype, le ? 'little' : 'big', le] as const));
  test.each(cases)('readNifti(%s, %s-endian) gives the stored values in the stored type', (dtype, _name, littleEndian) => {
    const values = sampleValues(dtype);
    const v = readNifti(nifti1Bytes({ ...base, dtype, values, littleEndian }));
    expect(voxelData(v).constructor.name).toBe(DT_ARRAY[dtype]);
    expect(data(v)).toEqual(values);
    expect(v.shape).toEqual([3, 2, 2]);
  });

  test.each(cases)('readNifti(NIfTI-2 %s, %s-endian) gives the stored values', (dtype, _name, littleEndian) => {
    const values = sampleValues(dtype);
    const v = readNifti(nifti2Bytes({ ...base, dtype, values, littleEndian }));
    expect(voxelData(v).constructor.name).toBe(DT_ARRAY[dtype]);
    expect(data(v)).toEqual(values);
  });

  test('readNifti(ArrayBuffer) equals readNifti(Uint8Array)', () => {
    const bytes = nifti1Bytes(base);
    expect(data(readNifti(bytes.buffer as ArrayBuffer))).toEqual(values12);
  });

  test('readNifti copies the voxels unless the caller adopts the buffer; an adopted view needs alignment and native order', () => {
    const bytes = nifti1Bytes({ ...base, dtype: 'float32', values: sampleValues('float32') });
    const copied = voxelData(readNifti(bytes));
    expect(copied.buffer).not.toBe(bytes.buffer);
    const adopted = voxelData(readNifti(bytes, { adoptBuffer: true }));
    expect(adopted.buffer).toBe(bytes.buffer);
    expect(data(readNifti(bytes, { adoptBuffer: true }))).toEqual(sampleValues('float32'));
    // Misaligned (offset 1) or big-endian bytes are copied even when adopted.
    const padded = new Uint8Array(bytes.length + 1);
    padded.set(bytes, 1);
    expect(voxelData(readNifti(padded.subarray(1), { adoptBuffer: true })).buffer).not.toBe(padded.buffer);
    const big = nifti1Bytes({ ...base, dtype: 'float32', values: sampleValues('float32'), littleEndian: false });
    expect(voxelData(readNifti(big, { adoptBuffer: true })).buffer).not.toBe(big.buffer);
    expect(data(readNifti(big, { adoptBuffer: true }))).toEqual(sampleValues('float32'));
  });

  test('readNifti(subarray at an odd offset) reads the view, not the whole buffer', () => {
    const bytes = nifti1Bytes({ ...base, dtype: 'float64', values: sampleValues('float64') });
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes, 1);
    expect(data(readNifti(padded.subarray(1, 1 + bytes.length)))).toEqual(sampleValues('float64'));
  });

  test('the volume does not alias the input bytes', () => {
    const bytes = nifti1Bytes({ ...base, dtype: 'uint8', values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] });
    const v = readNifti(bytes);
    bytes.fill(0, 352);
    expect(data(v)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  test('vox_offset beyond 352 (extensions present) is honoured', () => {
    expect(data(readNifti(nifti1Bytes({ ...base, voxOffset: 400 })))).toEqual(values12);
  });

  test('isNifti recognises NIfTI-1 and NIfTI-2 magic only', () => {
    expect(isNifti(nifti1Bytes(base))).toBe(true);
    expect(isNifti(nifti2Bytes(base))).toBe(true);
    expect(isNifti(new Uint8Array(400))).toBe(false);
  });
});

describe('readNifti: scl_slope / scl_inter', () => {
  test('slope 2, inter -1 on int16 -> Float32Array of 2x - 1', () => {
    const v = readNifti(nifti1Bytes({ ...base, slope: 2, inter: -1 }));
    expect(voxelData(v)).toBeInstanceOf(Float32Array);
    expect(data(v)).toEqual(values12.map((x) => 2 * x - 1));
  });

  test.each([
    ['0', 0],
    ['NaN', NaN],
  ])('slope %s means no scaling (stored type kept)', (_n, slope) => {
    const v = readNifti(nifti1Bytes({ ...base, slope, inter: 5 }));
    expect(voxelData(v)).toBeInstanceOf(Int16Array);
    expect(data(v)).toEqual(values12);
  });

  test('slope 1, inter 0 is the identity and keeps the stored type', () => {
    const v = readNifti(nifti1Bytes({ ...base, dtype: 'uint8', values: sampleValues('uint8'), slope: 1, inter: 0 }));
    expect(voxelData(v)).toBeInstanceOf(Uint8Array);
  });

  test('slope 1, inter 1024 shifts (CT-style) into Float32Array', () => {
    const v = readNifti(nifti1Bytes({ ...base, dtype: 'uint16', values: sampleValues('uint16'), slope: 1, inter: -1024 }));
    expect(voxelData(v)).toBeInstanceOf(Float32Array);
    expect(data(v)).toEqual(sampleValues('uint16').map((x) => x - 1024));
  });

  test.each(['int32', 'uint32', 'float64'] as const)('%s with scaling -> Float64Array without float32 rounding', (dtype) => {
    const values = sampleValues(dtype);
    const v = readNifti(nifti1Bytes({ ...base, dtype, values, slope: 0.5, inter: 3 }));
    expect(voxelData(v)).toBeInstanceOf(Float64Array);
    expect(data(v)).toEqual(values.map((x) => 0.5 * x + 3));
  });

  test.each(['uint8', 'int8', 'int16', 'uint16', 'float32'] as const)('%s with scaling -> Float32Array', (dtype) => {
    const v = readNifti(nifti1Bytes({ ...base, dtype, values: sampleValues(dtype), slope: 0.25, inter: 0 }));
    expect(voxelData(v)).toBeInstanceOf(Float32Array);
    expect(data(v)).toEqual(sampleValues(dtype).map((x) => Math.fround(0.25 * x)));
  });

  test('big-endian NIfTI-2 float64 slope and intercept', () => {
    const v = readNifti(nifti2Bytes({ ...base, littleEndian: false, slope: 0.1, inter: 1e-3 }));
    expect(voxelData(v)).toBeInstanceOf(Float32Array);
    expect(data(v)).toEqual(values12.map((x) => Math.fround(0.1 * x + 1e-3)));
  });
});

describe('readNifti: gzip', () => {
  test('.nii.gz gives the same volume as .nii', () => {
    const plain = nifti1Bytes({ ...base, dtype: 'float32', values: sampleValues('float32'), littleEndian: false });
    const a = readNifti(plain);
    const b = readNifti(new Uint8Array(gzipSync(plain)));
    expect(data(b)).toEqual(data(a));
    expect(b.shape).toEqual(a.shape);
  });

  test('a multi-member gzip (two concatenated members) is read whole', () => {
    const plain = nifti1Bytes(base);
    const joined = new Uint8Array([...gzipSync(plain.subarray(0, 200)), ...gzipSync(plain.subarray(200))]);
    expect(data(readNifti(joined))).toEqual(values12);
  });
});

describe('readNifti: orientation', () => {
  test('sform (code > 0) wins over qform: spacing = column norms, LPS = diag(-1,-1,1) * RAS', () => {
    const R = rotation([0, 0, 1], Math.PI / 2); // i -> +y (anterior), j -> -x
    const s = [0.5, 0.75, 2.5];
    const t = [10, -20, 30];
    const srow = [0, 1, 2].flatMap((r) => [R[3 * r] * s[0], R[3 * r + 1] * s[1], R[3 * r + 2] * s[2], t[r]]);
    const v = readNifti(nifti1Bytes({ ...base, sformCode: 2, srow, qformCode: 1, quatern: [0, 0, 0, 99, 99, 99], pixdim: [1, 9, 9, 9, 1, 1, 1, 1] }));
    expectClose(v.spacing, s);
    expectClose(v.origin, [-10, 20, 30]);
    expectClose(v.direction, [0, 1, 0, -1, 0, 0, 0, 0, 1]);
    // world(i, j, k) = diag(-1,-1,1) * (srow * [i j k 1]) for a few voxels
    for (const ijk of [[0, 0, 0], [2, 1, 1], [1, 0, 1]] as Vec3[]) {
      const ras = [0, 1, 2].map((r) => srow[4 * r] * ijk[0] + srow[4 * r + 1] * ijk[1] + srow[4 * r + 2] * ijk[2] + srow[4 * r + 3]);
      expectClose(indexToWorld(v, ijk), [-ras[0], -ras[1], ras[2]]);
    }
  });

  test('sform with shear keeps the exact affine (direction columns need not be orthogonal)', () => {
    const srow = [2, 1, 0, 0, 0, 2, 0, 0, 0, 0, 3, 0];
    const v = readNifti(nifti1Bytes({ ...base, sformCode: 1, srow }));
    expectClose(v.spacing, [2, Math.sqrt(5), 3]);
    expectClose(indexToWorld(v, [1, 1, 1]), [-3, -2, 3]);
  });

  test('qform with an oblique rotation and qfac = -1 follows nifti1.h method 2', () => {
    const axis: Vec3 = [1 / 3, 2 / 3, 2 / 3];
    const angle = (40 * Math.PI) / 180;
    const [b, c, d] = axis.map((a) => Math.sin(angle / 2) * a);
    const q = [b, c, d, -12.5, 33.25, 7];
    const pixdim = [-1, 1.5, 2, 3, 1, 1, 1, 1];
    const v = readNifti(nifti1Bytes({ ...base, qformCode: 1, quatern: q, pixdim }));
    const R = rotation(axis, angle);
    // RAS direction = R * diag(1, 1, qfac); LPS rows 0 and 1 negated
    const ras = [R[0], R[1], -R[2], R[3], R[4], -R[5], R[6], R[7], -R[8]];
    expectClose(v.spacing, [1.5, 2, 3]);
    expectClose(v.origin, [12.5, -33.25, 7]);
    expectClose(v.direction, ras.map((x, i) => (i < 6 ? -x : x)));
    for (const ijk of [[2, 1, 1], [1, 0, 1]] as Vec3[]) {
      const w = mulVec(ras, [1.5 * ijk[0], 2 * ijk[1], 3 * ijk[2]]).map((x, r) => x + q[3 + r]);
      expectClose(indexToWorld(v, ijk), [-w[0], -w[1], w[2]]);
    }
  });

  test('qform with a 180-degree rotation (a = 0) about x', () => {
    const v = readNifti(nifti1Bytes({ ...base, qformCode: 2, quatern: [1, 0, 0, 0, 0, 0], pixdim: [1, 1, 1, 1, 1, 1, 1, 1] }));
    // RAS diag(1, -1, -1) -> LPS diag(-1, 1, -1)
    expectClose(v.direction, [-1, 0, 0, 0, 1, 0, 0, 0, -1]);
  });

  test('pixdim only (method 1): RAS = diag(pixdim) * ijk, so LPS direction diag(-1,-1,1), origin 0', () => {
    const v = readNifti(nifti1Bytes({ ...base, pixdim: [0, 0.8, 0.9, 5, 1, 1, 1, 1] }));
    expectClose(v.spacing, [0.8, 0.9, 5]);
    expect(v.origin).toEqual([0, 0, 0]);
    expect(v.direction).toEqual([-1, 0, 0, 0, -1, 0, 0, 0, 1]);
  });

  test('negative pixdim is read as its magnitude', () => {
    const v = readNifti(nifti1Bytes({ ...base, pixdim: [1, -0.8, 0.9, 5, 1, 1, 1, 1] }));
    expectClose(v.spacing, [0.8, 0.9, 5]);
  });

  test('NIfTI-2 sform in float64 keeps full precision', () => {
    const srow = [-0.1, 0, 0, 123.456789012345, 0, 0.3, 0, -1e-9, 0, 0, 1 / 3, 2 / 3];
    const v = readNifti(nifti2Bytes({ ...base, sformCode: 1, srow }));
    expect(v.spacing).toEqual([0.1, 0.3, 1 / 3]);
    expect(v.origin).toEqual([-123.456789012345, 1e-9, 2 / 3]);
    expect(v.direction).toEqual([1, 0, 0, 0, -1, 0, 0, 0, 1]);
  });
});

describe('readNifti: dimensions and 4D', () => {
  const fourD: NiftiSpec = { ...base, dim: [4, 2, 2, 2, 3], values: Array.from({ length: 24 }, (_, i) => 100 * Math.floor(i / 8) + (i % 8)) };

  test.each([0, 1, 2])('readNifti(4D, { volumeIndex: %i }) reads that volume', (t) => {
    const v = readNifti(nifti1Bytes(fourD), { volumeIndex: t });
    expect(v.shape).toEqual([2, 2, 2]);
    expect(data(v)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((x) => 100 * t + x));
  });

  test('readNifti(4D) reads volume 0 by default', () => {
    expect(data(readNifti(nifti1Bytes(fourD)))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  test('readNifti(NIfTI-2 4D big-endian, { volumeIndex: 2 })', () => {
    const v = readNifti(nifti2Bytes({ ...fourD, littleEndian: false }), { volumeIndex: 2 });
    expect(data(v)).toEqual([200, 201, 202, 203, 204, 205, 206, 207]);
  });

  test.each([3, -1, 0.5, NaN])('readNifti(4D, { volumeIndex: %s }) is InvalidArgument', (volumeIndex) => {
    const e = caught(() => readNifti(nifti1Bytes(fourD), { volumeIndex, file: 'fmri.nii' }));
    expect(e.code).toBe('InvalidArgument');
    expect(e.message).toMatch(/^fmri\.nii: volume index .* out of range: the file holds 3 volumes \(0\.\.2\)$/);
  });

  test('a 2D image (dim[0] = 2) reads as shape [nx, ny, 1]', () => {
    const v = readNifti(nifti1Bytes({ ...base, dim: [2, 4, 3, 0, 0], pixdim: [1, 1, 1, 0, 0, 0, 0, 0] }));
    expect(v.shape).toEqual([4, 3, 1]);
    expect(v.spacing).toEqual([1, 1, 1]);
  });

  test('dims above dim[0] are ignored (may hold 0 or garbage)', () => {
    const v = readNifti(nifti1Bytes({ ...base, dim: [3, 3, 2, 2, 0, -5, 7, 0] }));
    expect(v.shape).toEqual([3, 2, 2]);
  });
});

describe('readNifti: corrupt and unsupported input', () => {
  test('truncated voxel data -> CorruptFile naming the file and the sizes', () => {
    const bytes = nifti1Bytes({ ...base, dim: [3, 4, 4, 2] }).subarray(0, 352 + 24);
    const e = caught(() => readNifti(bytes, { file: 'brain.nii.gz' }));
    expect(e.code).toBe('CorruptFile');
    expect(e.message).toBe('brain.nii.gz: truncated: header says 64 voxel bytes from offset 352 but the file has 376');
    expect(e.detail.file).toBe('brain.nii.gz');
  });

  test('dims whose product exceeds the file size -> CorruptFile before any allocation', () => {
    const e = caught(() => readNifti(nifti1Bytes({ ...base, dim: [3, 1000, 1000, 100] }), { file: 'x.nii' }));
    expect(e.code).toBe('CorruptFile');
    expect(e.message).toBe('x.nii: truncated: header says 200000000 voxel bytes from offset 352 but the file has 376');
  });

  test('a file shorter than the header -> CorruptFile', () => {
    const e = caught(() => readNifti(nifti1Bytes(base).subarray(0, 200)));
    expect(e.code).toBe('CorruptFile');
    expect(e.message).toMatch(/^truncated: the NIfTI-1 header needs 348 bytes but the file has 200$/);
  });

  test('truncated gzip stream -> CorruptFile with the inflater error as cause', () => {
    const gz = new Uint8Array(gzipSync(nifti1Bytes(base)));
    const e = caught(() => readNifti(gz.subarray(0, gz.length >> 1), { file: 'cut.nii.gz' }));
    expect(e.code).toBe('CorruptFile');
    expect(e.message).toBe('cut.nii.gz: truncated or corrupt gzip stream: unexpected EOF');
    expect(e.cause).toBeInstanceOf(Error);
  });

  test('gzip stream cut just before the trailer -> CorruptFile (trailer length check)', () => {
    const gz = new Uint8Array(gzipSync(nifti1Bytes(base)));
    const e = caught(() => readNifti(gz.subarray(0, gz.length - 12), { file: 'cut.nii.gz' }));
    expect(e.code).toBe('CorruptFile');
    expect(e.message).toMatch(/^cut\.nii\.gz: truncated or corrupt gzip stream: /);
  });

  test('bad magic -> CorruptFile', () => {
    const e = caught(() => readNifti(nifti1Bytes({ ...base, magic: 'abc\0' }), { file: 'a.nii' }));
    expect(e.code).toBe('CorruptFile');
    expect(e.message).toBe('a.nii: bad NIfTI-1 magic "abc\\u0000" at byte 344, expected "n+1\\0" (Analyze 7.5 and other formats are not read)');
  });

  test('NIfTI-2 magic altered by a text-mode transfer -> CorruptFile', () => {
    const e = caught(() => readNifti(nifti2Bytes({ ...base, magic: 'n+2\0\n\n\x1a\n' })));
    expect(e.code).toBe('CorruptFile');
    expect(e.message).toMatch(/^bad NIfTI-2 magic/);
  });

  test('not NIfTI at all (sizeof_hdr wrong) -> CorruptFile', () => {
    const e = caught(() => readNifti(new TextEncoder().encode('NRRD0004\ntype: short\n'.repeat(30)), { file: 'scan.nrrd' }));
    expect(e.code).toBe('CorruptFile');
    expect(e.message).toMatch(/^scan\.nrrd: not a NIfTI file: sizeof_hdr is \d+ \(little-endian\) \/ \d+ \(big-endian\), expected 348 \(NIfTI-1\) or 540 \(NIfTI-2\)$/);
  });

  test('a .hdr of a .hdr/.img pair (magic ni1) -> UnsupportedFormat', () => {
    const e = caught(() => readNifti(nifti1Bytes({ ...base, magic: 'ni1\0' })));
    expect(e.code).toBe('UnsupportedFormat');
  });

  test('absurd dims (> 2^31 voxels per volume) -> CorruptFile', () => {
    const e = caught(() => readNifti(nifti1Bytes({ ...base, dim: [3, 32767, 32767, 32767] }), { file: 'big.nii' }));
    expect(e.code).toBe('CorruptFile');
    expect(e.message).toBe('big.nii: absurd dimensions [32767, 32767, 32767]: 35181150961663 voxels per volume (limit 2^31)');
  });

  test('absurd NIfTI-2 int64 dims -> CorruptFile', () => {
    const e = caught(() => readNifti(nifti2Bytes({ ...base, dim: [4, 2 ** 40, 2 ** 40, 2 ** 40, 2 ** 40] })));
    expect(e.code).toBe('CorruptFile');
    expect(e.message).toMatch(/^absurd dimensions/);
  });

  test.each([
    ['dim[0] = 0', [0, 3, 2, 2], /^dim\[0\] is 0; NIfTI allows 1 to 7 dimensions$/],
    ['dim[0] = 8', [8, 3, 2, 2], /^dim\[0\] is 8/],
    ['dim[2] = 0', [3, 3, 0, 2], /^dim\[2\] is 0; every used dimension must be at least 1/],
    ['dim[3] < 0', [3, 3, 2, -2], /^dim\[3\] is -2/],
  ])('%s -> CorruptFile', (_name, dim, message) => {
    const e = caught(() => readNifti(nifti1Bytes({ ...base, dim })));
    expect(e.code).toBe('CorruptFile');
    expect(e.message).toMatch(message);
  });

  test.each([
    [32, 'complex64'],
    [128, 'rgb24'],
    [1024, 'int64'],
    [1280, 'uint64'],
    [1536, 'float128'],
    [1792, 'complex128'],
    [2304, 'rgba32'],
    [1, 'binary'],
    [0, 'unknown'],
    [9999, 'not a NIfTI datatype code'],
  ])('datatype %i (%s) -> UnsupportedDatatype naming datatype and file', (code, name) => {
    const e = caught(() => readNifti(nifti1Bytes({ ...base, datatypeCode: code }), { file: 'scan.nii' }));
    expect(e.code).toBe('UnsupportedDatatype');
    expect(e.message.startsWith(`scan.nii: unsupported NIfTI datatype ${code} (${name}`)).toBe(true);
    expect(e.detail).toMatchObject({ datatype: code, file: 'scan.nii' });
  });

  test.each([
    ['below the header', 100],
    ['fractional', 352.5],
  ])('vox_offset %s -> CorruptFile', (_name, voxOffset) => {
    const e = caught(() => readNifti(nifti1Bytes({ ...base, voxOffset })));
    expect(e.code).toBe('CorruptFile');
    expect(e.message).toMatch(/^vox_offset is /);
  });

  test('sform with a zero column -> CorruptFile', () => {
    const e = caught(() => readNifti(nifti1Bytes({ ...base, sformCode: 1, srow: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0] })));
    expect(e.code).toBe('CorruptFile');
    expect(e.message).toMatch(/^sform \(sform_code 1\) column 2 has length 0/);
  });

  test('zero pixdim on a used axis (qform or method 1) -> CorruptFile', () => {
    const e = caught(() => readNifti(nifti1Bytes({ ...base, pixdim: [1, 1, 0, 1, 1, 1, 1, 1] })));
    expect(e.code).toBe('CorruptFile');
    expect(e.message).toMatch(/^pixdim\[2\] is 0/);
  });

  test('every error message is one line', () => {
    const inputs = [nifti1Bytes({ ...base, magic: 'xx\n\0' }), nifti1Bytes({ ...base, datatypeCode: 32 }), new Uint8Array(3)];
    for (const bytes of inputs) expect(caught(() => readNifti(bytes, { file: 'f.nii' })).message).not.toMatch(/\n/);
  });
});

describe('readNifti: geometry that cannot place voxels is CorruptFile naming the field (issue 19)', () => {
  test.each([
    ['sform offset NaN', { sformCode: 1, srow: [1, 0, 0, Number.NaN, 0, 1, 0, 0, 0, 0, 1, 0] }, /srow_x\[3\]\/srow_y\[3\]\/srow_z\[3\] \(sform offset\) gives origin \[NaN, -0|srow_x\[3\].*gives origin/],
    ['sform singular (two equal columns)', { sformCode: 1, srow: [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0] }, /srow_x\/srow_y\/srow_z \(sform, singular or not finite\) gives direction/],
    ['qform offset infinite', { qformCode: 1, quatern: [0, 0, 0, Infinity, 0, 0] }, /qoffset_x\/qoffset_y\/qoffset_z \(qform\) gives origin \[-Infinity/],
    ['qform quaternion NaN', { qformCode: 1, quatern: [Number.NaN, 0, 0, 0, 0, 0] }, /quatern_b\/quatern_c\/quatern_d \(qform, not finite\) gives direction/],
  ] as [string, Partial<NiftiSpec>, RegExp][])('%s', (_name, spec, message) => {
    const e = caught(() => readNifti(nifti1Bytes({ ...base, ...spec }), { file: 'bad.nii' }));
    expect(e?.code).toBe('CorruptFile');
    expect(e?.message).toMatch(/^bad\.nii: unusable geometry: /);
    expect(e?.message).toMatch(message);
  });
});

describe('readNifti(.nii.gz): inflation bounded by the header (issue 19)', () => {
  test('a 2 x 2 x 2 header followed by 64 MiB of zeros (a 64 kB "zip bomb") is CorruptFile after ~1 MiB, not 64 MiB', () => {
    const small = nifti1Bytes({ dim: [3, 2, 2, 2], dtype: 'int16', values: [1, 2, 3, 4, 5, 6, 7, 8] });
    const bomb = new Uint8Array(small.length + 64 * 2 ** 20);
    bomb.set(small);
    const gz = new Uint8Array(gzipSync(bomb));
    const before = process.memoryUsage().arrayBuffers;
    const e = caught(() => readNifti(gz, { file: 'bomb.nii.gz' }));
    const grew = process.memoryUsage().arrayBuffers - before;
    expect(e.code).toBe('CorruptFile');
    expect(e.message).toMatch(/^bomb\.nii\.gz: gzip stream inflates to more than the \d+ bytes the header allows/);
    expect(grew).toBeLessThan(16 * 2 ** 20);
  });

  test('a .nii.gz with a few bytes after its voxels still reads (the bound leaves 1 MiB of slack)', () => {
    const small = nifti1Bytes({ dim: [3, 2, 2, 2], dtype: 'int16', values: [1, 2, 3, 4, 5, 6, 7, 8] });
    const padded = new Uint8Array(small.length + 1000);
    padded.set(small);
    expect(readNifti(new Uint8Array(gzipSync(padded))).shape).toEqual([2, 2, 2]);
  });
});
