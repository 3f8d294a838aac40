/**
 * NIfTI-1 / NIfTI-2 reader and NIfTI-1 writer: bytes in, Volume out (and back). No file system, so it
 * runs in the browser; src/node.ts adds paths. Header layouts follow nifti1.h and nifti2.h
 * (https://nifti.nimh.nih.gov/). Parsed with DataView so both byte orders and NIfTI-2's int64/float64
 * fields take the same path (nifti-reader-js parses big-endian headers but hands back unswapped voxels).
 *
 * Frames: NIfTI world coordinates are RAS+; our Volume is LPS (src/image/volume.ts). The one conversion,
 * both ways, is LPS = diag(-1, -1, 1) * RAS (applied to the direction rows and the origin).
 */
import { RadiomicsError, withFile } from '../errors.js';
import { unusableGeometry } from '../image/geometry.js';
import { createVolume, type Mat3, type Vec3, type Volume, type VoxelData } from '../image/volume.js';
import { VERSION } from '../version.js';
import { PLATFORM_LITTLE_ENDIAN, swapBytes } from './bytes.js';
import { gunzip, gunzipPrefix, gzip, isGzip } from './gzip.js';

export interface ReadNiftiOptions {
  /** File name used in error messages (and error `detail.file`). Default: none. */
  readonly file?: string;
  /**
   * Which volume of a 4D (or higher) file to read, 0-based. Dimensions 4..7 are flattened in storage
   * order (t fastest), as NIfTI lays them out. Default 0; out of range is an 'InvalidArgument' error.
   */
  readonly volumeIndex?: number;
  /**
   * The caller hands `bytes` over and will not change them: the voxels may then be a view on them instead
   * of a copy, when the data are aligned, in native byte order and the file holds one volume.
   * Saves a copy of the whole image (time and peak memory). Default false: the volume never aliases the
   * caller's bytes. A gzipped file's inflated bytes are always ours, so they are never copied again.
   */
  readonly adoptBuffer?: boolean;
}

export interface WriteNiftiOptions {
  /** gzip the whole file (.nii.gz). Default false. Costs CPU time (fflate level 6), saves disk. */
  readonly gzip?: boolean;
  /** Text for the 80-byte `descrip` field, ASCII, cut at 79 characters. Default `radiomics <version>`. */
  readonly description?: string;
}

type TypedArrayConstructor = { new (length: number): VoxelData; new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): VoxelData; readonly BYTES_PER_ELEMENT: number };

interface Datatype {
  readonly name: string;
  readonly ctor: TypedArrayConstructor;
  /** Type of the voxels after scl_slope/scl_inter: float32 would lose precision for 32-bit ints and float64. */
  readonly scaled: typeof Float32Array | typeof Float64Array;
}

/** nifti1.h DT_* codes we read, with the typed array that holds them. */
const DATATYPES: ReadonlyMap<number, Datatype> = new Map<number, Datatype>([
  [2, { name: 'uint8', ctor: Uint8Array, scaled: Float32Array }],
  [4, { name: 'int16', ctor: Int16Array, scaled: Float32Array }],
  [8, { name: 'int32', ctor: Int32Array, scaled: Float64Array }],
  [16, { name: 'float32', ctor: Float32Array, scaled: Float32Array }],
  [64, { name: 'float64', ctor: Float64Array, scaled: Float64Array }],
  [256, { name: 'int8', ctor: Int8Array, scaled: Float32Array }],
  [512, { name: 'uint16', ctor: Uint16Array, scaled: Float32Array }],
  [768, { name: 'uint32', ctor: Uint32Array, scaled: Float64Array }],
]);

/** nifti1.h codes that exist but hold no scalar intensity we can represent; named in the error. */
const UNSUPPORTED_DATATYPES: ReadonlyMap<number, string> = new Map([
  [0, 'unknown (DT_UNKNOWN)'],
  [1, 'binary (1 bit)'],
  [32, 'complex64'],
  [128, 'rgb24'],
  [1024, 'int64'],
  [1280, 'uint64'],
  [1536, 'float128'],
  [1792, 'complex128'],
  [2048, 'complex256'],
  [2304, 'rgba32'],
]);

const NIFTI1_HEADER_BYTES = 348;
const NIFTI2_HEADER_BYTES = 540;
/** Header plus the 4-byte extension flag: where the writer puts the voxels (nifti1.h: vox_offset >= 352). */
const NIFTI1_VOX_OFFSET = 352;
/** No typed array in our model is meant to hold more voxels per volume than this. */
const MAX_VOXELS_PER_VOLUME = 2 ** 31;
/** nifti1.h NIFTI_XFORM_SCANNER_ANAT: coordinates in the scanner frame, as a DICOM-derived LPS frame is. */
const XFORM_SCANNER_ANAT = 1;
/** nifti1.h NIFTI_UNITS_MM in xyzt_units. */
const UNITS_MM = 2;

interface NiftiHeader {
  readonly version: 1 | 2;
  readonly littleEndian: boolean;
  /** dim[0..7] as stored; dim[0] is the number of dimensions. */
  readonly dim: readonly number[];
  readonly datatype: number;
  /** pixdim[0..7]; pixdim[0] holds qfac. */
  readonly pixdim: readonly number[];
  readonly voxOffset: number;
  readonly sclSlope: number;
  readonly sclInter: number;
  readonly qformCode: number;
  readonly sformCode: number;
  /** quatern_b, quatern_c, quatern_d, qoffset_x, qoffset_y, qoffset_z. */
  readonly quatern: readonly number[];
  /** srow_x, srow_y, srow_z, 4 values each (row-major 3x4 RAS affine). */
  readonly srow: readonly number[];
}

/** True when the (uncompressed) bytes carry a single-file NIfTI-1 or NIfTI-2 magic. */
export function isNifti(bytes: Uint8Array): boolean {
  return (bytes.length >= NIFTI1_HEADER_BYTES && ascii(bytes, 344, 4) === 'n+1\0') || (bytes.length >= 12 && ascii(bytes, 4, 4) === 'n+2\0');
}

/**
 * Reads one 3D volume from a .nii or .nii.gz file's bytes (gzip detected by its magic bytes).
 * Voxel type: the stored type, unless scl_slope/scl_inter rescale it (see `scaling` below).
 * Geometry (nifti1.h "3 methods"): sform if sform_code > 0, else qform if qform_code > 0, else pixdim.
 */
export function readNifti(bytes: Uint8Array | ArrayBuffer, options: ReadNiftiOptions = {}): Volume {
  try {
    return decode(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), options.volumeIndex ?? 0, options.adoptBuffer ?? false);
  } catch (error) {
    throw options.file === undefined ? error : withFile(error, options.file);
  }
}

function decode(input: Uint8Array, volumeIndex: number, adoptBuffer: boolean): Volume {
  const inflated = isGzip(input);
  // A .nii.gz is inflated only as far as its header says: the header is read from the first inflated
  // bytes, and inflation stops past max(2 x what it describes, that + 1 MiB) (a "zip bomb" is refused
  // as soon as it passes that, not after gigabytes).
  const raw = inflated ? gunzip(input, { maxBytes: inflateLimit(parseHeader(gunzipPrefix(input, NIFTI2_HEADER_BYTES))) }) : input;
  const h = parseHeader(raw);
  const dt = DATATYPES.get(h.datatype);
  if (dt === undefined) {
    const name = UNSUPPORTED_DATATYPES.get(h.datatype) ?? 'not a NIfTI datatype code';
    throw new RadiomicsError('UnsupportedDatatype', `unsupported NIfTI datatype ${h.datatype} (${name}); readable: ${[...DATATYPES.values()].map((d) => d.name).join(', ')}`, { datatype: h.datatype, datatypeName: name });
  }
  const shape: Vec3 = [h.dim[1], h.dim[0] >= 2 ? h.dim[2] : 1, h.dim[0] >= 3 ? h.dim[3] : 1];
  const perVolume = shape[0] * shape[1] * shape[2];
  let volumes = 1;
  for (let k = 4; k <= h.dim[0]; k++) volumes *= h.dim[k];
  if (perVolume > MAX_VOXELS_PER_VOLUME || !Number.isSafeInteger(perVolume * volumes)) {
    throw new RadiomicsError('CorruptFile', `absurd dimensions [${h.dim.slice(1, h.dim[0] + 1).join(', ')}]: ${perVolume} voxels per volume (limit 2^31)${volumes > 1 ? `, ${volumes} volumes` : ''}`, { dim: h.dim });
  }
  const bytesPer = dt.ctor.BYTES_PER_ELEMENT;
  const voxelBytes = perVolume * volumes * bytesPer;
  if (h.voxOffset + voxelBytes > raw.length) {
    throw new RadiomicsError('CorruptFile', `truncated: header says ${voxelBytes} voxel bytes from offset ${h.voxOffset} but the file has ${raw.length}`, { voxelBytes, voxOffset: h.voxOffset, fileBytes: raw.length });
  }
  if (!Number.isInteger(volumeIndex) || volumeIndex < 0 || volumeIndex >= volumes) {
    throw new RadiomicsError('InvalidArgument', `volume index ${volumeIndex} is out of range: the file holds ${volumes} volume${volumes === 1 ? '' : 's'} (0..${volumes - 1})`, { volumeIndex, volumes });
  }
  const geometry = niftiGeometry(h, shape);
  checkNiftiGeometry(h, geometry);

  const start = h.voxOffset + volumeIndex * perVolume * bytesPer;
  const nativeOrder = h.littleEndian === PLATFORM_LITTLE_ENDIAN;
  const view = (inflated || adoptBuffer) && volumes === 1 && nativeOrder && (raw.byteOffset + start) % bytesPer === 0;
  // A view when the bytes are ours to keep (see adoptBuffer); otherwise an own, aligned copy.
  const stored = view ? new dt.ctor(raw.buffer, raw.byteOffset + start, perVolume) : new dt.ctor(copyBytes(raw, start, perVolume * bytesPer, bytesPer, nativeOrder));
  return createVolume({ data: scaling(stored, h.sclSlope, h.sclInter, dt), shape, ...geometry });
}

/** Most inflated bytes a .nii.gz with this header may take: max(2 x needed, needed + 1 MiB), needed = vox_offset + the voxel bytes. */
function inflateLimit(h: NiftiHeader): number {
  const bytesPer = DATATYPES.get(h.datatype)?.ctor.BYTES_PER_ELEMENT ?? 8;
  let voxels = 1;
  for (let k = 1; k <= h.dim[0]; k++) voxels *= h.dim[k];
  const needed = h.voxOffset + voxels * bytesPer;
  return Math.max(2 * needed, needed + 2 ** 20);
}

/** A copy of bytes [start, start + length) as an own ArrayBuffer, byte-swapped to native order if needed. */
function copyBytes(raw: Uint8Array, start: number, length: number, bytesPer: number, nativeOrder: boolean): ArrayBuffer {
  const copy = raw.slice(start, start + length);
  if (!nativeOrder) swapBytes(copy, bytesPer);
  return copy.buffer;
}

/**
 * nifti1.h: "If the scl_slope field is nonzero, then each voxel value in the dataset should be scaled as
 * y = scl_slope * x + scl_inter". Slope 0 or NaN means unscaled (NaN as in nibabel). The identity (1, 0)
 * keeps the stored type. Otherwise the output is Float32Array, or Float64Array when the source is int32,
 * uint32 or float64 (float32's 24-bit mantissa would round those). A non-finite intercept counts as 0.
 */
function scaling(stored: VoxelData, slope: number, inter: number, dt: Datatype): VoxelData {
  const b = Number.isFinite(inter) ? inter : 0;
  if (!Number.isFinite(slope) || slope === 0 || (slope === 1 && b === 0)) return stored;
  const out = new dt.scaled(stored.length);
  for (let i = 0; i < stored.length; i++) out[i] = slope * stored[i] + b;
  return out;
}

function parseHeader(raw: Uint8Array): NiftiHeader {
  if (raw.length < 4) throw new RadiomicsError('CorruptFile', `not a NIfTI file: only ${raw.length} bytes`, { fileBytes: raw.length });
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const le = view.getInt32(0, true);
  const be = view.getInt32(0, false);
  const littleEndian = le === NIFTI1_HEADER_BYTES || le === NIFTI2_HEADER_BYTES;
  const size = littleEndian ? le : be;
  if (size !== NIFTI1_HEADER_BYTES && size !== NIFTI2_HEADER_BYTES) {
    throw new RadiomicsError('CorruptFile', `not a NIfTI file: sizeof_hdr is ${le} (little-endian) / ${be} (big-endian), expected 348 (NIfTI-1) or 540 (NIfTI-2)`, { sizeofHdr: le });
  }
  if (raw.length < size) {
    throw new RadiomicsError('CorruptFile', `truncated: the NIfTI-${size === NIFTI1_HEADER_BYTES ? 1 : 2} header needs ${size} bytes but the file has ${raw.length}`, { fileBytes: raw.length });
  }
  const h = size === NIFTI1_HEADER_BYTES ? parseNifti1(view, raw, littleEndian) : parseNifti2(view, raw, littleEndian);
  checkHeader(h);
  return h;
}

/** nifti1.h struct nifti_1_header (348 bytes). */
function parseNifti1(view: DataView, raw: Uint8Array, le: boolean): NiftiHeader {
  const magic = ascii(raw, 344, 4);
  if (magic === 'ni1\0') throw splitPair(1);
  if (magic !== 'n+1\0') {
    throw new RadiomicsError('CorruptFile', `bad NIfTI-1 magic ${JSON.stringify(magic)} at byte 344, expected "n+1\\0" (Analyze 7.5 and other formats are not read)`, { magic });
  }
  const i16 = (o: number) => view.getInt16(o, le);
  const f32 = (o: number) => view.getFloat32(o, le);
  return {
    version: 1,
    littleEndian: le,
    dim: range(8, (k) => i16(40 + 2 * k)),
    datatype: i16(70),
    pixdim: range(8, (k) => f32(76 + 4 * k)),
    voxOffset: f32(108),
    sclSlope: f32(112),
    sclInter: f32(116),
    qformCode: i16(252),
    sformCode: i16(254),
    quatern: range(6, (k) => f32(256 + 4 * k)),
    srow: range(12, (k) => f32(280 + 4 * k)),
  };
}

/** nifti2.h struct nifti_2_header (540 bytes): int64 dims/offset, float64 geometry. */
function parseNifti2(view: DataView, raw: Uint8Array, le: boolean): NiftiHeader {
  const magic = ascii(raw, 4, 8);
  if (magic.startsWith('ni2\0')) throw splitPair(2);
  if (magic !== 'n+2\0\r\n\x1a\n') {
    // The last 4 bytes catch text-mode transfers that rewrite line endings (nifti2.h).
    throw new RadiomicsError('CorruptFile', `bad NIfTI-2 magic ${JSON.stringify(magic)} at byte 4, expected "n+2\\0\\r\\n\\x1a\\n"`, { magic });
  }
  const i64 = (o: number) => Number(view.getBigInt64(o, le));
  const f64 = (o: number) => view.getFloat64(o, le);
  return {
    version: 2,
    littleEndian: le,
    dim: range(8, (k) => i64(16 + 8 * k)),
    datatype: view.getInt16(12, le),
    pixdim: range(8, (k) => f64(104 + 8 * k)),
    voxOffset: i64(168),
    sclSlope: f64(176),
    sclInter: f64(184),
    qformCode: view.getInt32(344, le),
    sformCode: view.getInt32(348, le),
    quatern: range(6, (k) => f64(352 + 8 * k)),
    srow: range(12, (k) => f64(400 + 8 * k)),
  };
}

function checkHeader(h: NiftiHeader): void {
  const n = h.dim[0];
  if (!(n >= 1 && n <= 7)) {
    throw new RadiomicsError('CorruptFile', `dim[0] is ${n}; NIfTI allows 1 to 7 dimensions`, { dim: h.dim });
  }
  for (let k = 1; k <= n; k++) {
    if (!Number.isSafeInteger(h.dim[k]) || h.dim[k] < 1) {
      throw new RadiomicsError('CorruptFile', `dim[${k}] is ${h.dim[k]}; every used dimension must be at least 1 (dim = [${h.dim.join(', ')}])`, { dim: h.dim });
    }
  }
  const minOffset = h.version === 1 ? NIFTI1_HEADER_BYTES : NIFTI2_HEADER_BYTES;
  if (!Number.isSafeInteger(h.voxOffset) || h.voxOffset < minOffset) {
    throw new RadiomicsError('CorruptFile', `vox_offset is ${h.voxOffset}; a single-file NIfTI-${h.version} needs a whole number >= ${minOffset}`, { voxOffset: h.voxOffset });
  }
}

function splitPair(version: 1 | 2): RadiomicsError {
  return new RadiomicsError('UnsupportedFormat', `this is the header of a NIfTI-${version} .hdr/.img pair; only single-file .nii / .nii.gz is read (convert the pair to .nii)`, { version });
}

/** Spacing, LPS origin and LPS direction from the header, by nifti1.h method 3 (sform), 2 (qform) or 1 (pixdim). */
function niftiGeometry(h: NiftiHeader, shape: Vec3): { spacing: Vec3; origin: Vec3; direction: Mat3 } {
  let ras: number[]; // row-major 3x3, columns = RAS unit directions of i, j, k
  let spacing: number[];
  let offset: number[];
  if (h.sformCode > 0) {
    // Method 3: [x y z]' = srow * [i j k 1]'. Spacing = column norms of the 3x3 part.
    const s = h.srow;
    spacing = [0, 1, 2].map((k) => Math.hypot(s[k], s[4 + k], s[8 + k]));
    spacing.forEach((len, k) => {
      if (!(len > 0) || !Number.isFinite(len)) {
        throw new RadiomicsError('CorruptFile', `sform (sform_code ${h.sformCode}) column ${k} has length ${len}; it cannot place the voxel grid`, { srow: s });
      }
    });
    ras = [0, 1, 2].flatMap((r) => [0, 1, 2].map((k) => s[4 * r + k] / spacing[k]));
    offset = [s[3], s[7], s[11]];
  } else if (h.qformCode > 0) {
    // Method 2: [x y z]' = R * diag(pixdim1, pixdim2, qfac * pixdim3) * [i j k]' + qoffset.
    spacing = pixdimSpacing(h, shape);
    const qfac = h.pixdim[0] < 0 ? -1 : 1; // nifti1.h: qfac is pixdim[0], treated as 1 when 0
    const r = quaternionToMatrix(h.quatern[0], h.quatern[1], h.quatern[2]);
    ras = [r[0], r[1], qfac * r[2], r[3], r[4], qfac * r[5], r[6], r[7], qfac * r[8]];
    offset = [h.quatern[3], h.quatern[4], h.quatern[5]];
  } else {
    // Method 1 (Analyze compatibility): x = pixdim1 * i, y = pixdim2 * j, z = pixdim3 * k.
    spacing = pixdimSpacing(h, shape);
    ras = [1, 0, 0, 0, 1, 0, 0, 0, 1];
    offset = [0, 0, 0];
  }
  // LPS = diag(-1, -1, 1) * RAS; "+ 0" turns -0 into 0.
  const direction = ras.map((v, i) => (i < 6 ? -v : v) + 0);
  const origin = [-offset[0] + 0, -offset[1] + 0, offset[2] + 0];
  return { spacing: spacing as unknown as Vec3, origin: origin as unknown as Vec3, direction: direction as unknown as Mat3 };
}

/**
 * The geometry must place every voxel: spacing positive and finite, origin finite, direction finite and
 * invertible. Else 'CorruptFile' naming the header fields it came from (sform, qform or pixdim).
 */
function checkNiftiGeometry(h: NiftiHeader, g: { spacing: Vec3; origin: Vec3; direction: Mat3 }): void {
  const problem = unusableGeometry(g);
  if (problem === null) return;
  const method = h.sformCode > 0 ? 'sform' : h.qformCode > 0 ? 'qform' : 'pixdim';
  const fields: Record<typeof method, Record<typeof problem, string>> = {
    sform: { spacing: 'srow_x/srow_y/srow_z (sform)', origin: 'srow_x[3]/srow_y[3]/srow_z[3] (sform offset)', direction: 'srow_x/srow_y/srow_z (sform, singular or not finite)' },
    qform: { spacing: 'pixdim[1..3]', origin: 'qoffset_x/qoffset_y/qoffset_z (qform)', direction: 'quatern_b/quatern_c/quatern_d (qform, not finite)' },
    pixdim: { spacing: 'pixdim[1..3]', origin: 'origin', direction: 'direction' },
  };
  const value = problem === 'spacing' ? g.spacing : problem === 'origin' ? g.origin : g.direction;
  throw new RadiomicsError('CorruptFile', `unusable geometry: ${fields[method][problem]} gives ${problem} [${value.join(', ')}]`, { field: fields[method][problem], [problem]: [...value] });
}

/** |pixdim[1..3]|. A zero or non-finite voxel size is corrupt, except on axes beyond dim[0] (then 1). */
function pixdimSpacing(h: NiftiHeader, shape: Vec3): number[] {
  return [1, 2, 3].map((k) => {
    const v = Math.abs(h.pixdim[k]);
    if (v > 0 && Number.isFinite(v)) return v;
    if (k > h.dim[0] && shape[k - 1] === 1) return 1;
    throw new RadiomicsError('CorruptFile', `pixdim[${k}] is ${h.pixdim[k]}; voxel sizes must be positive`, { pixdim: h.pixdim });
  });
}

/** nifti1.h "QUATERNION REPRESENTATION OF ROTATION MATRIX": a = sqrt(1 - b^2 - c^2 - d^2). Row-major 3x3. */
function quaternionToMatrix(qb: number, qc: number, qd: number): number[] {
  let [b, c, d] = [qb, qc, qd];
  let a = 1 - (b * b + c * c + d * d);
  if (a < 1e-7) {
    // nifti1_io.c: a ~ 0 means a 180-degree rotation; renormalise (b, c, d).
    const n = 1 / Math.sqrt(b * b + c * c + d * d);
    [a, b, c, d] = [0, b * n, c * n, d * n];
  } else {
    a = Math.sqrt(a);
  }
  return [
    a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c),
    2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b),
    2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b,
  ];
}

/**
 * Encodes a volume as little-endian NIfTI-1 (.nii; gzip for .nii.gz). Datatype from the typed array;
 * scl_slope 1, scl_inter 0; xyzt_units mm. sform (code 1, scanner) holds the exact affine
 * RAS = diag(-1, -1, 1) * direction * diag(spacing) with translation diag(-1, -1, 1) * origin; the
 * qform (code 1) holds the same as quaternion + qfac when the direction is orthonormal (within 1e-4),
 * else qform_code is 0 because a quaternion cannot carry shear. Header floats are float32 (NIfTI-1).
 */
export function writeNifti(volume: Volume, options: WriteNiftiOptions = {}): Uint8Array {
  if (volume.shape.some((n) => n > 32767)) {
    throw new RadiomicsError('InvalidArgument', `cannot write shape [${volume.shape.join(', ')}] to NIfTI-1: its dim fields are int16 (at most 32767)`, { shape: volume.shape });
  }
  const data = flatVoxels(volume);
  const code = datatypeCode(data);
  const out = new Uint8Array(NIFTI1_VOX_OFFSET + data.byteLength);
  const view = new DataView(out.buffer);
  const i16 = (o: number, v: number) => view.setInt16(o, v, true);
  const f32 = (o: number, v: number) => view.setFloat32(o, v, true);

  view.setInt32(0, NIFTI1_HEADER_BYTES, true);
  out[38] = 0x72; // 'r': Analyze "regular", set by nifti1_io for compatibility
  [3, ...volume.shape, 1, 1, 1, 1].forEach((v, k) => i16(40 + 2 * k, v));
  i16(70, code);
  i16(72, data.BYTES_PER_ELEMENT * 8);
  f32(108, NIFTI1_VOX_OFFSET);
  f32(112, 1);
  f32(116, 0);
  out[123] = UNITS_MM;
  writeAscii(out, 148, 80, options.description ?? `radiomics ${VERSION}`);

  const d = volume.direction;
  const s = volume.spacing;
  const ras = d.map((v, i) => (i < 6 ? -v : v)); // RAS direction = diag(-1, -1, 1) * LPS direction
  const t = [-volume.origin[0], -volume.origin[1], volume.origin[2]];
  for (let r = 0; r < 3; r++) {
    for (let k = 0; k < 3; k++) f32(280 + 16 * r + 4 * k, ras[3 * r + k] * s[k] + 0);
    f32(280 + 16 * r + 12, t[r] + 0);
  }
  i16(254, XFORM_SCANNER_ANAT);

  const q = matrixToQuaternion(ras);
  f32(76, q?.qfac ?? 1);
  for (let k = 0; k < 3; k++) f32(80 + 4 * k, s[k]);
  for (let k = 4; k < 8; k++) f32(76 + 4 * k, 1);
  if (q !== undefined) {
    i16(252, XFORM_SCANNER_ANAT);
    [q.b, q.c, q.d, ...t].forEach((v, k) => f32(256 + 4 * k, v + 0));
  }
  writeAscii(out, 344, 4, 'n+1');

  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), NIFTI1_VOX_OFFSET);
  if (!PLATFORM_LITTLE_ENDIAN) swapBytes(out.subarray(NIFTI1_VOX_OFFSET), data.BYTES_PER_ELEMENT);
  return options.gzip ? gzip(out) : out;
}

/**
 * Quaternion (b, c, d) and qfac for a row-major RAS direction matrix, as nifti1_io.c nifti_mat44_to_quatern:
 * det < 0 -> qfac = -1 and the third column negated; then the standard rotation-matrix-to-quaternion
 * formulas with a >= 0. Undefined when the matrix is not orthonormal within 1e-4.
 */
function matrixToQuaternion(m: readonly number[]): { b: number; c: number; d: number; qfac: 1 | -1 } | undefined {
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      const dot = m[i] * m[j] + m[3 + i] * m[3 + j] + m[6 + i] * m[6 + j];
      if (Math.abs(dot - (i === j ? 1 : 0)) > 1e-4) return undefined;
    }
  }
  const det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
  const qfac = det < 0 ? -1 : 1;
  const [r11, r12, r13, r21, r22, r23, r31, r32, r33] = [m[0], m[1], qfac * m[2], m[3], m[4], qfac * m[5], m[6], m[7], qfac * m[8]];
  let a: number;
  let b: number;
  let c: number;
  let d: number;
  const trace1 = r11 + r22 + r33 + 1;
  if (trace1 > 0.5) {
    a = 0.5 * Math.sqrt(trace1);
    b = (0.25 * (r32 - r23)) / a;
    c = (0.25 * (r13 - r31)) / a;
    d = (0.25 * (r21 - r12)) / a;
  } else {
    const xd = 1 + r11 - (r22 + r33); // 4 b^2
    const yd = 1 + r22 - (r11 + r33); // 4 c^2
    const zd = 1 + r33 - (r11 + r22); // 4 d^2
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (r12 + r21)) / b;
      d = (0.25 * (r13 + r31)) / b;
      a = (0.25 * (r32 - r23)) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (r12 + r21)) / c;
      d = (0.25 * (r23 + r32)) / c;
      a = (0.25 * (r13 - r31)) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (r13 + r31)) / d;
      c = (0.25 * (r23 + r32)) / d;
      a = (0.25 * (r21 - r12)) / d;
    }
    if (a < 0) [b, c, d] = [-b, -c, -d];
  }
  return { b, c, d, qfac };
}

/** The voxels as a flat x-fastest array; gathers when the ndarray is a strided or offset view. */
function flatVoxels(volume: Volume): VoxelData {
  const v = volume.voxels;
  const [nx, ny, nz] = volume.shape;
  const n = nx * ny * nz;
  const data = v.data as VoxelData;
  if (v.offset === 0 && v.stride[0] === 1 && v.stride[1] === nx && v.stride[2] === nx * ny && data.length === n) return data;
  const out = new (data.constructor as TypedArrayConstructor)(n);
  let i = 0;
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) out[i++] = v.get(x, y, z);
  return out;
}

function datatypeCode(data: VoxelData): number {
  for (const [code, dt] of DATATYPES) if (data instanceof dt.ctor) return code;
  throw new RadiomicsError('InvalidArgument', `cannot write voxels of type ${data.constructor.name} to NIfTI`, { type: data.constructor.name });
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

/** Writes printable ASCII (others become '?'), NUL-terminated, into a `size`-byte field. */
function writeAscii(out: Uint8Array, at: number, size: number, text: string): void {
  const n = Math.min(text.length, size - 1);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    out[at + i] = c >= 0x20 && c < 0x7f ? c : 0x3f;
  }
}

function range(n: number, f: (k: number) => number): number[] {
  return Array.from({ length: n }, (_, k) => f(k));
}
