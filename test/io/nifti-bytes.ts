/**
 * Test helper: writes NIfTI-1 / NIfTI-2 files byte by byte from the nifti1.h / nifti2.h field offsets,
 * independently of src/io/nifti.ts, so the reader is not tested against its own writer. Any field can be
 * set to a wrong value to build corrupt inputs. test/io/nifti-bytes.unit.test.ts checks these bytes with
 * the third-party parser nifti-reader-js.
 */

export const DTYPES = ['uint8', 'int8', 'int16', 'uint16', 'int32', 'uint32', 'float32', 'float64'] as const;
export type Dtype = (typeof DTYPES)[number];

/** nifti1.h DT_* codes. */
export const DT_CODE: Record<Dtype, number> = { uint8: 2, int16: 4, int32: 8, float32: 16, float64: 64, int8: 256, uint16: 512, uint32: 768 };
export const DT_BYTES: Record<Dtype, number> = { uint8: 1, int8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, float32: 4, float64: 8 };
export const DT_ARRAY: Record<Dtype, string> = {
  uint8: 'Uint8Array',
  int8: 'Int8Array',
  int16: 'Int16Array',
  uint16: 'Uint16Array',
  int32: 'Int32Array',
  uint32: 'Uint32Array',
  float32: 'Float32Array',
  float64: 'Float64Array',
};

export interface NiftiSpec {
  /** dim[0..]: [ndim, nx, ny, nz, nt, ...]; missing entries are written as 1. */
  readonly dim: readonly number[];
  readonly dtype?: Dtype;
  /** Written into the datatype field instead of DT_CODE[dtype] (for unsupported codes). */
  readonly datatypeCode?: number;
  /** Voxel values in storage order (x fastest), encoded as `dtype`. */
  readonly values: readonly number[];
  readonly littleEndian?: boolean;
  /** pixdim[0..7]; default [1, 1, 1, 1, 1, 1, 1, 1]. */
  readonly pixdim?: readonly number[];
  readonly voxOffset?: number;
  readonly slope?: number;
  readonly inter?: number;
  readonly qformCode?: number;
  /** quatern_b, c, d, qoffset_x, y, z. */
  readonly quatern?: readonly number[];
  readonly sformCode?: number;
  /** srow_x, srow_y, srow_z (12 values). */
  readonly srow?: readonly number[];
  /** Overrides the magic string (4 bytes for NIfTI-1, 8 for NIfTI-2). */
  readonly magic?: string;
  /** Overrides sizeof_hdr. */
  readonly sizeofHdr?: number;
}

function writeValue(view: DataView, at: number, dtype: Dtype, v: number, le: boolean): void {
  switch (dtype) {
    case 'uint8': return view.setUint8(at, v);
    case 'int8': return view.setInt8(at, v);
    case 'int16': return view.setInt16(at, v, le);
    case 'uint16': return view.setUint16(at, v, le);
    case 'int32': return view.setInt32(at, v, le);
    case 'uint32': return view.setUint32(at, v, le);
    case 'float32': return view.setFloat32(at, v, le);
    case 'float64': return view.setFloat64(at, v, le);
  }
}

function putString(bytes: Uint8Array, at: number, s: string): void {
  for (let i = 0; i < s.length; i++) bytes[at + i] = s.charCodeAt(i);
}

function allocate(spec: NiftiSpec, headerBytes: number): { bytes: Uint8Array; view: DataView; le: boolean; dtype: Dtype; voxOffset: number } {
  const dtype = spec.dtype ?? 'int16';
  const voxOffset = spec.voxOffset ?? headerBytes + 4;
  const dataStart = Math.max(voxOffset, headerBytes + 4);
  const bytes = new Uint8Array(Math.floor(dataStart) + spec.values.length * DT_BYTES[dtype]);
  const view = new DataView(bytes.buffer);
  const le = spec.littleEndian ?? true;
  spec.values.forEach((v, i) => writeValue(view, Math.floor(dataStart) + i * DT_BYTES[dtype], dtype, v, le));
  return { bytes, view, le, dtype, voxOffset };
}

/** A single-file NIfTI-1 (.nii) image: 348-byte header, 4 zero extension bytes, voxels. */
export function nifti1Bytes(spec: NiftiSpec): Uint8Array {
  const { bytes, view, le, dtype, voxOffset } = allocate(spec, 348);
  view.setInt32(0, spec.sizeofHdr ?? 348, le);
  for (let k = 0; k < 8; k++) view.setInt16(40 + 2 * k, spec.dim[k] ?? 1, le);
  view.setInt16(70, spec.datatypeCode ?? DT_CODE[dtype], le);
  view.setInt16(72, DT_BYTES[dtype] * 8, le);
  const pixdim = spec.pixdim ?? [1, 1, 1, 1, 1, 1, 1, 1];
  for (let k = 0; k < 8; k++) view.setFloat32(76 + 4 * k, pixdim[k] ?? 1, le);
  view.setFloat32(108, voxOffset, le);
  view.setFloat32(112, spec.slope ?? 0, le);
  view.setFloat32(116, spec.inter ?? 0, le);
  view.setInt16(252, spec.qformCode ?? 0, le);
  view.setInt16(254, spec.sformCode ?? 0, le);
  (spec.quatern ?? [0, 0, 0, 0, 0, 0]).forEach((v, k) => view.setFloat32(256 + 4 * k, v, le));
  (spec.srow ?? [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]).forEach((v, k) => view.setFloat32(280 + 4 * k, v, le));
  putString(bytes, 344, spec.magic ?? 'n+1\0');
  return bytes;
}

/** A single-file NIfTI-2 image: 540-byte header (int64 dims, float64 geometry), 4 extension bytes, voxels. */
export function nifti2Bytes(spec: NiftiSpec): Uint8Array {
  const { bytes, view, le, dtype, voxOffset } = allocate(spec, 540);
  view.setInt32(0, spec.sizeofHdr ?? 540, le);
  putString(bytes, 4, spec.magic ?? 'n+2\0\r\n\x1a\n');
  view.setInt16(12, spec.datatypeCode ?? DT_CODE[dtype], le);
  view.setInt16(14, DT_BYTES[dtype] * 8, le);
  for (let k = 0; k < 8; k++) view.setBigInt64(16 + 8 * k, BigInt(spec.dim[k] ?? 1), le);
  const pixdim = spec.pixdim ?? [1, 1, 1, 1, 1, 1, 1, 1];
  for (let k = 0; k < 8; k++) view.setFloat64(104 + 8 * k, pixdim[k] ?? 1, le);
  view.setBigInt64(168, BigInt(voxOffset), le);
  view.setFloat64(176, spec.slope ?? 0, le);
  view.setFloat64(184, spec.inter ?? 0, le);
  view.setInt32(344, spec.qformCode ?? 0, le);
  view.setInt32(348, spec.sformCode ?? 0, le);
  (spec.quatern ?? [0, 0, 0, 0, 0, 0]).forEach((v, k) => view.setFloat64(352 + 8 * k, v, le));
  (spec.srow ?? [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]).forEach((v, k) => view.setFloat64(400 + 8 * k, v, le));
  return bytes;
}

/** Values that exercise each type's range (extremes, zero, negatives where allowed), 12 of them. */
export function sampleValues(dtype: Dtype): number[] {
  const base: Record<Dtype, number[]> = {
    uint8: [0, 1, 2, 127, 128, 254, 255],
    int8: [-128, -1, 0, 1, 2, 126, 127],
    int16: [-32768, -1234, -1, 0, 1, 4321, 32767],
    uint16: [0, 1, 2, 300, 32768, 65534, 65535],
    int32: [-(2 ** 31), -123456789, -1, 0, 1, 987654321, 2 ** 31 - 1],
    uint32: [0, 1, 2, 65536, 2 ** 31, 4000000000, 2 ** 32 - 1],
    float32: [-3.5, -0.25, 0, 1.5, 1e-3, 3.4028234663852886e38, Math.fround(Math.PI)],
    float64: [-1e300, -Math.E, 0, 1e-310, Math.PI, 0.1, 1e300],
  };
  const b = base[dtype];
  const v = Array.from({ length: 12 }, (_, i) => b[i % b.length]);
  return dtype === 'float32' ? v.map(Math.fround) : v;
}
