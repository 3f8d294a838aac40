/**
 * Seeded mutators for the fuzz catalogue (test/fuzz/catalogue.ts). Each takes the bytes of a valid
 * fixture, a generator (mulberry32, src/util/random.ts) and returns new bytes; the same seed gives the same
 * bytes on every run and platform. Generic byte mutators apply to every reader; format mutators know
 * where a header keeps its fields (NIfTI offsets, NRRD lines, DICOM element lengths and values) and set
 * them to extremes: zero, negative, huge, NaN, infinite, a spacing of 1e-5 mm, a length past the end.
 */
import * as dicomParserModule from 'dicom-parser';
import type { DataSet } from 'dicom-parser';
import { gunzipSync, gzipSync } from 'fflate';
import { concatBytes } from '../../src/io/bytes.js';

// dicom-parser is a UMD bundle (see src/io/dicom/parse.ts).
const dicomParser = (dicomParserModule as unknown as { default?: typeof dicomParserModule }).default ?? dicomParserModule;

export type Rng = () => number;

/** A named mutation: fixture bytes in, mutated bytes out. */
export interface Mutator {
  readonly name: string;
  readonly apply: (bytes: Uint8Array, rng: Rng) => Uint8Array;
}

const int = (rng: Rng, n: number) => Math.floor(rng() * n);
const pick = <T>(rng: Rng, list: readonly T[]): T => list[int(rng, list.length)];
const enc = new TextEncoder();
const dec = new TextDecoder('latin1');

// ---------------------------------------------------------------- generic bytes

export const bitFlips: Mutator = {
  name: 'bit flips',
  apply(bytes, rng) {
    const out = bytes.slice();
    const flips = 1 + int(rng, 8);
    for (let k = 0; k < flips && out.length > 0; k++) out[int(rng, out.length)] ^= 1 << int(rng, 8);
    return out;
  },
};

export const byteExtremes: Mutator = {
  name: 'bytes set to 00 / ff / 7f / 80',
  apply(bytes, rng) {
    const out = bytes.slice();
    const n = 1 + int(rng, 4);
    for (let k = 0; k < n && out.length > 0; k++) {
      const at = int(rng, out.length);
      const run = 1 + int(rng, 8);
      out.fill(pick(rng, [0x00, 0xff, 0x7f, 0x80]), at, Math.min(out.length, at + run));
    }
    return out;
  },
};

export const truncation: Mutator = {
  name: 'truncation',
  apply(bytes, rng) {
    // Half the cuts near the start (headers), half anywhere.
    const at = rng() < 0.5 ? int(rng, Math.min(bytes.length, 600)) : int(rng, bytes.length);
    return bytes.slice(0, at);
  },
};

export const splice: Mutator = {
  name: 'splice (a chunk repeated, removed or appended as garbage)',
  apply(bytes, rng) {
    const a = int(rng, bytes.length + 1);
    const len = 1 + int(rng, 64);
    switch (int(rng, 3)) {
      case 0:
        return concat(bytes.subarray(0, a), bytes.subarray(a, a + len), bytes.subarray(a));
      case 1:
        return concat(bytes.subarray(0, a), bytes.subarray(a + len));
      default:
        return concat(bytes, Uint8Array.from({ length: len * 16 }, () => int(rng, 256)));
    }
  },
};

export const BYTE_MUTATORS: readonly Mutator[] = [bitFlips, byteExtremes, truncation, splice];

/** The parts one after another (the readers' concatBytes; every caller here joins two or more parts, so the result is a new array). */
export function concat(...parts: Uint8Array[]): Uint8Array {
  return concatBytes(parts);
}

/** A mutator applied inside a gzip stream: inflate, mutate, deflate again (so the header, not the stream, is hit). */
export function insideGzip(m: Mutator): Mutator {
  return {
    name: `${m.name} inside gzip`,
    apply(bytes, rng) {
      return gzipSync(m.apply(gunzipSync(bytes), rng), { level: 1 });
    },
  };
}

// ---------------------------------------------------------------- binary header fields

/** A numeric header field: byte offset and type. */
export interface BinaryField {
  readonly name: string;
  readonly at: number;
  readonly type: 'i16' | 'i32' | 'i64' | 'f32' | 'f64';
}

const EXTREME_INTS = [0, -1, 1, 2, 7, 8, 32767, -32768, 65535, 2 ** 31 - 1, -(2 ** 31), 1e6];
const EXTREME_FLOATS = [0, -0, -1, 1e-5, 1e-30, 1e30, -1e30, Number.NaN, Infinity, -Infinity, 3.4e38, 5e-324];

/** Sets one of `fields` (chosen by the seed) to an extreme value, in the byte order the header uses. */
export function headerFields(name: string, fields: readonly BinaryField[], littleEndian: (bytes: Uint8Array) => boolean): Mutator {
  return {
    name,
    apply(bytes, rng) {
      const out = bytes.slice();
      const le = littleEndian(bytes);
      const view = new DataView(out.buffer);
      const n = 1 + int(rng, 2);
      for (let k = 0; k < n; k++) {
        const f = pick(rng, fields);
        if (f.at + 8 > out.length) continue;
        if (f.type === 'i16') view.setInt16(f.at, pick(rng, EXTREME_INTS), le);
        else if (f.type === 'i32') view.setInt32(f.at, pick(rng, EXTREME_INTS), le);
        else if (f.type === 'i64') view.setBigInt64(f.at, BigInt(pick(rng, [...EXTREME_INTS, 2 ** 40, 2 ** 53])), le);
        else if (f.type === 'f32') view.setFloat32(f.at, pick(rng, EXTREME_FLOATS), le);
        else view.setFloat64(f.at, pick(rng, EXTREME_FLOATS), le);
      }
      return out;
    },
  };
}

const range = (n: number, f: (k: number) => BinaryField) => Array.from({ length: n }, (_, k) => f(k));

/** nifti1.h field offsets. */
export const NIFTI1_FIELDS: readonly BinaryField[] = [
  ...range(8, (k) => ({ name: `dim[${k}]`, at: 40 + 2 * k, type: 'i16' as const })),
  { name: 'datatype', at: 70, type: 'i16' },
  { name: 'bitpix', at: 72, type: 'i16' },
  ...range(8, (k) => ({ name: `pixdim[${k}]`, at: 76 + 4 * k, type: 'f32' as const })),
  { name: 'vox_offset', at: 108, type: 'f32' },
  { name: 'scl_slope', at: 112, type: 'f32' },
  { name: 'scl_inter', at: 116, type: 'f32' },
  { name: 'qform_code', at: 252, type: 'i16' },
  { name: 'sform_code', at: 254, type: 'i16' },
  ...range(6, (k) => ({ name: `quatern[${k}]`, at: 256 + 4 * k, type: 'f32' as const })),
  ...range(12, (k) => ({ name: `srow[${k}]`, at: 280 + 4 * k, type: 'f32' as const })),
];

/** nifti2.h field offsets. */
export const NIFTI2_FIELDS: readonly BinaryField[] = [
  { name: 'datatype', at: 12, type: 'i16' },
  ...range(8, (k) => ({ name: `dim[${k}]`, at: 16 + 8 * k, type: 'i64' as const })),
  ...range(8, (k) => ({ name: `pixdim[${k}]`, at: 104 + 8 * k, type: 'f64' as const })),
  { name: 'vox_offset', at: 168, type: 'i64' },
  { name: 'scl_slope', at: 176, type: 'f64' },
  { name: 'scl_inter', at: 184, type: 'f64' },
  { name: 'qform_code', at: 344, type: 'i32' },
  { name: 'sform_code', at: 348, type: 'i32' },
  ...range(6, (k) => ({ name: `quatern[${k}]`, at: 352 + 8 * k, type: 'f64' as const })),
  ...range(12, (k) => ({ name: `srow[${k}]`, at: 400 + 8 * k, type: 'f64' as const })),
];

/** NIfTI byte order from sizeof_hdr (348 or 540 little endian). */
export function niftiLittleEndian(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return true;
  const v = new DataView(bytes.buffer, bytes.byteOffset, 4).getInt32(0, true);
  return v === 348 || v === 540;
}

// ---------------------------------------------------------------- NRRD header lines

const NRRD_VALUES: Readonly<Record<string, readonly string[]>> = {
  sizes: ['65535 65535 65535', '0 4 4', '-1 4 4', '5 4', 'nan 4 4', '5 4 4 1', '2147483647 2 2', '1e3 4 4', '5 4 4 7'],
  dimension: ['0', '1', '4', '1000', '-3', 'x'],
  type: ['float', 'double', 'complex', 'block', 'int64', 'uchar', ''],
  encoding: ['raw', 'gzip', 'ascii', 'bzip2', 'hex', ''],
  endian: ['big', 'little', 'middle'],
  'space directions': ['(nan,0,0) (0,1,0) (0,0,1)', '(1e-5,0,0) (0,1e-5,0) (0,0,1e-5)', '(0,0,0) (0,1,0) (0,0,1)', '(1,0,0) (1,0,0) (0,0,1)', '(1e308,0,0) (0,1e308,0) (0,0,1e308)', '(inf,0,0) (0,1,0) (0,0,1)', 'none none none', '(1,0) (0,1) (0,0)'],
  'space origin': ['(nan,0,0)', '(inf,-inf,0)', '(1e308,1e308,1e308)', '(1,2)', '()'],
  spacings: ['1e-5 1e-5 1e-5', '0 1 1', 'nan nan nan', 'inf 1 1', '-1 1 1'],
  'byte skip': ['-1', '-5', '1e20', '100000', 'nan'],
  'line skip': ['3', '-1'],
  space: ['left-posterior-superior', 'right-anterior-superior', 'unknown-space', ''],
  'data file': ['phantom.raw', 'LIST', '../../etc/passwd'],
};

/** Sets one NRRD header field (present or not) to an extreme value. */
export const nrrdFields: Mutator = {
  name: 'NRRD header fields set to extremes',
  apply(bytes, rng) {
    const text = dec.decode(bytes);
    const end = text.search(/\r?\n\r?\n/);
    const header = end === -1 ? text : text.slice(0, end);
    const rest = end === -1 ? '' : text.slice(end);
    const key = pick(rng, Object.keys(NRRD_VALUES));
    const value = pick(rng, NRRD_VALUES[key]);
    const lines = header.split('\n');
    const at = lines.findIndex((l) => l.toLowerCase().startsWith(`${key}:`));
    if (at === -1) lines.splice(1, 0, `${key}: ${value}`);
    else lines[at] = `${key}: ${value}`;
    return latin1(lines.join('\n') + rest);
  },
};

function latin1(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
}

// ---------------------------------------------------------------- DICOM elements

/** Where an element of a DICOM file keeps its length field and value (offsets into the file's bytes). */
interface ElementSite {
  readonly tag: string;
  readonly vr: string | undefined;
  readonly dataOffset: number;
  readonly length: number;
  /** Offset and width (2 or 4 bytes) of the length field. */
  readonly lengthAt: number;
  readonly lengthBytes: 2 | 4;
  readonly littleEndian: boolean;
}

const LONG_VRS = new Set(['OB', 'OW', 'OF', 'OD', 'OL', 'OV', 'SQ', 'UT', 'UN', 'UC', 'UR', 'SV', 'UV']);

/** Every element (items of sequences included) of a non-deflated DICOM file, with its length field. */
export function dicomSites(bytes: Uint8Array): ElementSite[] {
  let top: DataSet;
  try {
    top = dicomParser.parseDicom(bytes);
  } catch {
    return [];
  }
  const ts = top.string('x00020010') ?? '';
  if (ts === '1.2.840.10008.1.2.1.99') return []; // deflated: offsets are not into these bytes
  const explicitBody = ts !== '1.2.840.10008.1.2';
  const bigBody = ts === '1.2.840.10008.1.2.2';
  const out: ElementSite[] = [];
  const visit = (ds: DataSet) => {
    for (const [tag, el] of Object.entries(ds.elements)) {
      const meta = tag.startsWith('x0002');
      const explicit = meta || explicitBody;
      const long = !explicit || LONG_VRS.has(el.vr ?? '');
      const lengthBytes: 2 | 4 = long ? 4 : 2;
      if (!el.hadUndefinedLength && el.encapsulatedPixelData !== true) {
        out.push({ tag, vr: el.vr, dataOffset: el.dataOffset, length: el.length, lengthAt: el.dataOffset - lengthBytes, lengthBytes, littleEndian: meta || !bigBody });
      }
      for (const item of el.items ?? []) if (item.dataSet !== undefined) visit(item.dataSet);
    }
  };
  visit(top);
  return out.filter((s) => s.lengthAt >= 132);
}

/** Sets an element's length field to a lie: past the end, odd, 0, undefined (FFFFFFFF), or off by a little. */
export const dicomLengths: Mutator = {
  name: 'DICOM element lengths that lie',
  apply(bytes, rng) {
    const sites = dicomSites(bytes);
    if (sites.length === 0) return bitFlips.apply(bytes, rng);
    const out = bytes.slice();
    const view = new DataView(out.buffer);
    const s = pick(rng, sites);
    const max = s.lengthBytes === 2 ? 0xffff : 0xffffffff;
    const value = pick(rng, [0, 1, s.length + 1, s.length + 2, Math.max(0, s.length - 2), bytes.length, bytes.length * 4, max, max - 1, 0x7fffffff]) % (max + 1);
    if (s.lengthBytes === 2) view.setUint16(s.lengthAt, value, s.littleEndian);
    else view.setUint32(s.lengthAt, value, s.littleEndian);
    return out;
  },
};

const EXTREME_STRINGS = ['0', '-1', '1e-5', '1e-5\\1e-5', '0\\0', 'nan', 'inf', '-inf\\0\\0', '1e308\\1e308\\1e308', '99999999', '-0', '1\\0\\0\\1\\0\\0', '0\\0\\0\\0\\0\\0', '', 'x'];
const STRING_VRS = new Set(['DS', 'IS', 'CS', 'UI', 'LO', 'SH']);

/**
 * Sets an element's value to an extreme, keeping its length (so the file still parses): decimal and
 * integer strings to NaN, infinite, 1e-5, 0 or 99999999 (padded with spaces or cut); US values (Rows,
 * Columns, Bits Allocated, ...) to 0, 1 or 65535.
 */
export const dicomValues: Mutator = {
  name: 'DICOM values set to extremes',
  apply(bytes, rng) {
    const sites = dicomSites(bytes).filter((s) => s.length > 0 && (s.vr === undefined || STRING_VRS.has(s.vr) || s.vr === 'US' || s.vr === 'UL'));
    if (sites.length === 0) return byteExtremes.apply(bytes, rng);
    const out = bytes.slice();
    const view = new DataView(out.buffer);
    const n = 1 + int(rng, 3);
    for (let k = 0; k < n; k++) {
      const s = pick(rng, sites);
      if (s.vr === 'US' || (s.vr === undefined && s.length === 2)) view.setUint16(s.dataOffset, pick(rng, [0, 1, 2, 7, 65535, 32768]), s.littleEndian);
      else if (s.vr === 'UL' || (s.vr === undefined && s.length === 4)) view.setUint32(s.dataOffset, pick(rng, [0, 1, 0xffffffff, 0x7fffffff]), s.littleEndian);
      else {
        const v = pick(rng, EXTREME_STRINGS).padEnd(s.length, ' ').slice(0, s.length);
        out.set(enc.encode(v).subarray(0, s.length), s.dataOffset);
      }
    }
    return out;
  },
};

/**
 * Claims a huge image in a small file: Rows and Columns 65535 (both, or one), Bits Allocated 32, Number of
 * Frames as large as its string allows. A reader that allocates before checking the pixel data asks for
 * gigabytes here.
 */
export const dicomDimensions: Mutator = {
  name: 'DICOM image size claims (Rows, Columns, Number of Frames, Bits Allocated)',
  apply(bytes, rng) {
    const sites = dicomSites(bytes);
    const out = bytes.slice();
    const view = new DataView(out.buffer);
    const set16 = (tag: string, v: number) => {
      for (const s of sites) if (s.tag === tag && s.length === 2) view.setUint16(s.dataOffset, v, s.littleEndian);
    };
    const which = int(rng, 4);
    if (which !== 1) set16('x00280010', pick(rng, [65535, 4096, 0]));
    if (which !== 2) set16('x00280011', pick(rng, [65535, 4096, 1]));
    if (rng() < 0.3) set16('x00280100', pick(rng, [32, 64, 1, 0]));
    for (const s of sites) {
      if (s.tag === 'x00280008' && s.length > 0 && rng() < 0.7) {
        const v = pick(rng, ['9'.repeat(s.length), '0', '-1', '2', String(Math.max(1, int(rng, 10)))]);
        out.set(enc.encode(v.padEnd(s.length, ' ').slice(0, s.length)), s.dataOffset);
      }
    }
    return out;
  },
};

export const DICOM_MUTATORS: readonly Mutator[] = [dicomLengths, dicomValues, dicomDimensions];

// ---------------------------------------------------------------- text

const TEXT_EXTREMES = ['', '-1', '0', '1e308', '-1e-308', 'nan', '.inf', 'null', '~', '[]', '{}', '*a', '&a [*a, *a]', '"\\u0000"', '!!binary AA==', '0x7fffffff', '99999999999999999999'];

/** A YAML / JSON / CSV document mutated as text: a value replaced by an extreme, a line removed, doubled or cut, deep nesting. */
export const textEdits: Mutator = {
  name: 'text edits (values, lines, nesting)',
  apply(bytes, rng) {
    const lines = dec.decode(bytes).split('\n');
    const at = int(rng, Math.max(1, lines.length));
    switch (int(rng, 5)) {
      case 0: {
        // replace what follows the first ':' or ',' (a value) by an extreme
        const l = lines[at] ?? '';
        const sep = Math.max(l.indexOf(':'), l.indexOf(','));
        lines[at] = sep === -1 ? pick(rng, TEXT_EXTREMES) : `${l.slice(0, sep + 1)} ${pick(rng, TEXT_EXTREMES)}`;
        break;
      }
      case 1:
        lines.splice(at, 1);
        break;
      case 2:
        lines.splice(at, 0, lines[at] ?? '', lines[at] ?? '');
        break;
      case 3: {
        const depth = pick(rng, [100, 1000, 10000, 100000]);
        lines.splice(at, 0, `${(lines[at] ?? 'x').split(':')[0]}: ${'['.repeat(depth)}${']'.repeat(rng() < 0.5 ? depth : 0)}`);
        break;
      }
      default:
        lines[at] = (lines[at] ?? '').slice(0, int(rng, (lines[at] ?? '').length + 1)) + pick(rng, ['"', "'", '\t', '\u0000', '\uffff', ': :', '- -', '{', '&', '|']);
    }
    return enc.encode(lines.join('\n'));
  },
};

export const TEXT_MUTATORS: readonly Mutator[] = [textEdits, bitFlips, truncation];

// ---------------------------------------------------------------- DICOM nesting

/**
 * Inserts, before the pixel data (or at the end), a Referenced Series Sequence (0008,1115) nested
 * `depth` items deep, with undefined lengths (delimiters) or defined ones, in the file's own encoding.
 * Depths up to 10^5 overflow a recursive parser's stack.
 */
export const nestedSequences: Mutator = {
  name: 'deeply nested sequences',
  apply(bytes, rng) {
    const depth = pick(rng, [64, 1000, 10000, 100000]);
    return withNestedSequence(bytes, depth, rng() < 0.5);
  },
};

/** The file with a sequence nested `depth` deep inserted before its pixel data, in its own encoding (deflated files are returned as they are). */
export function withNestedSequence(bytes: Uint8Array, depth: number, undefinedLength: boolean): Uint8Array {
  let top: DataSet;
  try {
    top = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' });
  } catch {
    return bytes;
  }
  const ts = top.string('x00020010') ?? '';
  if (ts === '1.2.840.10008.1.2.1.99') return bytes;
  const explicit = ts !== '1.2.840.10008.1.2';
  const le = ts !== '1.2.840.10008.1.2.2';
  const pixel = top.elements.x7fe00010;
  const at = pixel === undefined ? bytes.length : pixel.dataOffset - (explicit ? 12 : 8);
  return concat(bytes.subarray(0, at), nestedSequence(depth, explicit, le, undefinedLength), bytes.subarray(at));
}

export function nestedSequence(depth: number, explicit: boolean, le: boolean, undefinedLength: boolean): Uint8Array {
  const seqHeader = explicit ? 12 : 8;
  const level = seqHeader + 8; // sequence header + item header
  const closing = undefinedLength ? 16 : 0; // item and sequence delimiters
  const out = new Uint8Array(depth * (level + closing));
  const view = new DataView(out.buffer);
  let o = 0;
  for (let i = 0; i < depth; i++) {
    const inner = (depth - 1 - i) * (level + closing);
    view.setUint16(o, 0x0008, le);
    view.setUint16(o + 2, 0x1115, le);
    if (explicit) {
      out[o + 4] = 0x53; // 'S'
      out[o + 5] = 0x51; // 'Q'
      view.setUint32(o + 8, undefinedLength ? 0xffffffff : inner + 8, le);
    } else view.setUint32(o + 4, undefinedLength ? 0xffffffff : inner + 8, le);
    o += seqHeader;
    view.setUint16(o, 0xfffe, le);
    view.setUint16(o + 2, 0xe000, le);
    view.setUint32(o + 4, undefinedLength ? 0xffffffff : inner, le);
    o += 8;
  }
  if (undefinedLength) {
    for (let i = 0; i < depth; i++) {
      for (const e of [0xe00d, 0xe0dd]) {
        view.setUint16(o, 0xfffe, le);
        view.setUint16(o + 2, e, le);
        view.setUint32(o + 4, 0, le);
        o += 8;
      }
    }
  }
  return out;
}
