/**
 * NRRD reader (teem NRRD0001-0005, http://teem.sourceforge.net/nrrd/format.html): bytes in, Volume out.
 * Attached headers; raw, gzip and ascii encodings; both endians; space directions and origin. A detached
 * header (.nhdr) names a data file: readNrrd takes its bytes through `dataFile` (src/node.ts reads it).
 * Frame: NRRD spaces are converted once into our LPS frame (RAS-type axes are negated).
 */
import { RadiomicsError, withFile } from '../errors.js';
import { unusableGeometry } from '../image/geometry.js';
import { createVolume, type Mat3, type Vec3, type Volume, type VoxelData } from '../image/volume.js';
import { PLATFORM_LITTLE_ENDIAN, swapBytes } from './bytes.js';
import { gunzip } from './gzip.js';

export interface ReadNrrdOptions {
  readonly file?: string;
  /** For a detached header: the bytes of the file its `data file` field names. */
  readonly dataFile?: (name: string) => Uint8Array;
}

type Ctor = { new (buffer: ArrayBuffer): VoxelData; new (length: number): VoxelData; readonly BYTES_PER_ELEMENT: number };

/** NRRD type names (all spellings the format allows) -> typed array. */
const TYPES: ReadonlyMap<string, Ctor> = new Map<string, Ctor>([
  ...['signed char', 'int8', 'int8_t'].map((n) => [n, Int8Array] as [string, Ctor]),
  ...['uchar', 'unsigned char', 'uint8', 'uint8_t'].map((n) => [n, Uint8Array] as [string, Ctor]),
  ...['short', 'short int', 'signed short', 'signed short int', 'int16', 'int16_t'].map((n) => [n, Int16Array] as [string, Ctor]),
  ...['ushort', 'unsigned short', 'unsigned short int', 'uint16', 'uint16_t'].map((n) => [n, Uint16Array] as [string, Ctor]),
  ...['int', 'signed int', 'int32', 'int32_t'].map((n) => [n, Int32Array] as [string, Ctor]),
  ...['uint', 'unsigned int', 'uint32', 'uint32_t'].map((n) => [n, Uint32Array] as [string, Ctor]),
  ['float', Float32Array],
  ['double', Float64Array],
]);

/** Sign of each LPS axis in the NRRD space: LPS = diag(sign) * space coordinates. */
const SPACES: ReadonlyMap<string, Vec3> = new Map<string, Vec3>([
  ['left-posterior-superior', [1, 1, 1]],
  ['lps', [1, 1, 1]],
  ['right-anterior-superior', [-1, -1, 1]],
  ['ras', [-1, -1, 1]],
  ['left-anterior-superior', [1, -1, 1]],
  ['las', [1, -1, 1]],
  // scanner-xyz and 3D-right-handed carry no anatomical meaning; ITK reads them as LPS.
  ['scanner-xyz', [1, 1, 1]],
  ['3d-right-handed', [1, 1, 1]],
]);

const MAX_VOXELS = 2 ** 31;

export function isNrrd(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && String.fromCharCode(...bytes.subarray(0, 7)) === 'NRRD000';
}

/** Reads a 3D scalar NRRD (a 4D file is UnsupportedFormat naming its sizes). */
export function readNrrd(input: Uint8Array | ArrayBuffer, options: ReadNrrdOptions = {}): Volume {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  try {
    return decode(bytes, options);
  } catch (error) {
    throw options.file === undefined ? error : withFile(error, options.file);
  }
}

function decode(bytes: Uint8Array, options: ReadNrrdOptions): Volume {
  if (!isNrrd(bytes)) throw corrupt('not a NRRD file (no NRRD000x magic)');
  const { fields, dataOffset } = parseHeader(bytes);
  const get = (k: string) => fields.get(k);
  const typeName = (get('type') ?? '').toLowerCase();
  const ctor = TYPES.get(typeName);
  if (ctor === undefined) {
    if (typeName === '') throw corrupt('header has no type field');
    throw new RadiomicsError('UnsupportedDatatype', `NRRD type "${typeName}" is not a supported scalar type (int8..uint32, float, double)`, { datatype: typeName });
  }
  const dimension = Number(get('dimension'));
  const sizes = (get('sizes') ?? '').trim().split(/\s+/).map(Number);
  if (!Number.isInteger(dimension) || sizes.length !== dimension || !sizes.every((n) => Number.isInteger(n) && n > 0)) {
    throw corrupt(`bad dimension/sizes fields ("${get('dimension')}", "${get('sizes')}")`);
  }
  if (dimension !== 3 && !(dimension === 4 && sizes[3] === 1)) {
    throw new RadiomicsError('UnsupportedFormat', `NRRD with dimension ${dimension} (sizes ${sizes.join(' ')}); only 3D scalar volumes are read`, { sizes });
  }
  const shape: Vec3 = [sizes[0], sizes[1], sizes[2]];
  const count = shape[0] * shape[1] * shape[2];
  if (count > MAX_VOXELS) throw corrupt(`sizes ${sizes.join(' ')} give ${count} voxels, more than the ${MAX_VOXELS} supported`);

  // Geometry first: a header that cannot place its voxels is refused before any voxel is read.
  const geometry = nrrdGeometry(fields);
  const problem = unusableGeometry(geometry);
  if (problem !== null) {
    const field = problem === 'origin' ? 'space origin' : fields.has('space directions') ? 'space directions' : 'spacings';
    throw corrupt(`unusable geometry: "${field}" gives ${problem} [${geometry[problem].join(', ')}]`, { field });
  }

  let payload: Uint8Array;
  const dataFile = get('data file') ?? get('datafile');
  if (dataFile !== undefined) {
    if (options.dataFile === undefined) throw new RadiomicsError('UnsupportedFormat', `detached NRRD header names data file "${dataFile}"; read it through readVolume(path) so the file can be found`, { dataFile });
    payload = options.dataFile(dataFile);
  } else payload = bytes.subarray(dataOffset);

  const encoding = (get('encoding') ?? '').toLowerCase();
  const lineSkip = Number(get('line skip') ?? get('lineskip') ?? 0);
  const byteSkip = Number(get('byte skip') ?? get('byteskip') ?? 0);
  if (!Number.isSafeInteger(byteSkip) || byteSkip < -1) throw corrupt(`bad byte skip "${get('byte skip') ?? get('byteskip')}"`);
  if (lineSkip !== 0) throw new RadiomicsError('UnsupportedFormat', 'NRRD "line skip" is not supported', {});
  let data: VoxelData;
  if (encoding === 'ascii' || encoding === 'text' || encoding === 'txt') {
    const numbers = new TextDecoder().decode(payload).trim().split(/[\s,]+/).filter((t) => t !== '').map(Number);
    if (numbers.length < count) throw corrupt(`truncated: ${numbers.length} ascii values for ${count} voxels`);
    data = new ctor(count);
    for (let i = 0; i < count; i++) data[i] = numbers[i];
  } else {
    if (encoding === 'gzip' || encoding === 'gz') {
      // Inflated data beyond twice what the header needs (plus 1 MiB of slack) is not this header's data.
      const needed = count * ctor.BYTES_PER_ELEMENT + Math.max(0, byteSkip);
      payload = gunzip(payload, { maxBytes: Math.max(2 * needed, needed + 2 ** 20) });
    }
    else if (encoding !== 'raw') throw new RadiomicsError('UnsupportedFormat', `NRRD encoding "${encoding || '(none)'}" is not supported (raw, gzip, ascii)`, { encoding });
    const need = count * ctor.BYTES_PER_ELEMENT;
    // byte skip -1 means the data are the last bytes of the file (format spec).
    const start = byteSkip === -1 ? payload.length - need : byteSkip;
    if (start < 0 || payload.length - start < need) throw corrupt(`truncated: ${need} voxel bytes needed, ${Math.max(0, payload.length - start)} present`);
    const copy = payload.slice(start, start + need);
    const endian = (get('endian') ?? 'little').toLowerCase();
    if (ctor.BYTES_PER_ELEMENT > 1 && (endian === 'big') === PLATFORM_LITTLE_ENDIAN) swapBytes(copy, ctor.BYTES_PER_ELEMENT);
    data = new ctor(copy.buffer);
  }
  return createVolume({ data, shape, ...geometry });
}

/** Spacing, origin and direction (LPS) from space directions / spacings and space origin. */
function nrrdGeometry(fields: ReadonlyMap<string, string>): { spacing: Vec3; origin: Vec3; direction: Mat3 } {
  const spaceName = (fields.get('space') ?? '').toLowerCase();
  let sign: Vec3 = [1, 1, 1];
  if (spaceName !== '') {
    const s = SPACES.get(spaceName);
    if (s === undefined) throw new RadiomicsError('UnsupportedFormat', `NRRD space "${spaceName}" is not supported`, { space: spaceName });
    sign = s;
  }
  const dirs = fields.get('space directions');
  let spacing: Vec3 = [1, 1, 1];
  let direction: Mat3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  if (dirs !== undefined) {
    const vectors = [...dirs.matchAll(/\(([^)]*)\)|none/g)].map((m) => (m[1] === undefined ? null : m[1].split(',').map(Number)));
    const axes = vectors.filter((v): v is number[] => v !== null);
    if (axes.length < 3 || axes.some((v) => v.length !== 3 || !v.every(Number.isFinite))) throw corrupt(`bad space directions "${dirs}"`);
    const cols = axes.slice(0, 3).map((v) => v.map((c, r) => c * sign[r] || 0));
    const norms = cols.map((c) => Math.hypot(c[0], c[1], c[2]));
    if (norms.some((n) => !(n > 0))) throw corrupt(`zero-length space direction in "${dirs}"`);
    spacing = [norms[0], norms[1], norms[2]];
    const d = (r: number, k: number) => cols[k][r] / norms[k] || 0; // || 0: no negative zeros
    direction = [d(0, 0), d(0, 1), d(0, 2), d(1, 0), d(1, 1), d(1, 2), d(2, 0), d(2, 1), d(2, 2)];
  } else if (fields.get('spacings') !== undefined) {
    const s = fields.get('spacings')!.trim().split(/\s+/).map(Number);
    if (s.length < 3 || !s.slice(0, 3).every((v) => v > 0 && Number.isFinite(v))) throw corrupt(`bad spacings "${fields.get('spacings')}"`);
    spacing = [s[0], s[1], s[2]];
  }
  let origin: Vec3 = [0, 0, 0];
  const o = fields.get('space origin');
  if (o !== undefined) {
    const v = o.replace(/[()]/g, '').split(',').map(Number);
    if (v.length !== 3 || !v.every(Number.isFinite)) throw corrupt(`bad space origin "${o}"`);
    origin = [v[0] * sign[0] || 0, v[1] * sign[1] || 0, v[2] * sign[2] || 0];
  }
  return { spacing, origin, direction };
}

/** Header fields (lower-case keys) and where the attached data start (after the first blank line). */
function parseHeader(bytes: Uint8Array): { fields: Map<string, string>; dataOffset: number } {
  const fields = new Map<string, string>();
  let line = '';
  const limit = Math.min(bytes.length, 1 << 20);
  for (let i = 0; i < limit; i++) {
    const c = bytes[i];
    if (c !== 10) {
      if (c !== 13) line += String.fromCharCode(c);
      continue;
    }
    if (line === '') return { fields, dataOffset: i + 1 };
    if (!line.startsWith('#') && !line.startsWith('NRRD')) {
      // "key: value" fields and "key:=value" key/value pairs; only fields matter here.
      const sep = line.indexOf(': ');
      if (sep > 0) fields.set(line.slice(0, sep).trim().toLowerCase(), line.slice(sep + 2).trim());
    }
    line = '';
  }
  if (fields.get('data file') !== undefined || fields.get('datafile') !== undefined) {
    if (line !== '' && !line.startsWith('#')) {
      const sep = line.indexOf(': ');
      if (sep > 0) fields.set(line.slice(0, sep).trim().toLowerCase(), line.slice(sep + 2).trim());
    }
    return { fields, dataOffset: bytes.length };
  }
  throw corrupt('header has no blank line before the data (truncated?)');
}

function corrupt(message: string, detail: Record<string, unknown> = {}): RadiomicsError {
  return new RadiomicsError('CorruptFile', message, detail);
}
