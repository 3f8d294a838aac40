/**
 * A minimal DICOM Part 10 encoder (core, browser-safe): the one encoder of the project. It writes the
 * DICOM SR documents of src/io/dicom/sr/ and the synthetic fixtures of scripts/make-dicom-fixtures.ts.
 * Writes the preamble, the File Meta group (always explicit VR little endian, with its group length) and
 * a data set in one of four transfer syntaxes: implicit VR little endian, explicit VR little endian,
 * explicit VR big endian, or deflated explicit VR little endian (PS3.5 A.5). Elements are written in
 * ascending tag order (PS3.5 7.1); sequences with defined or undefined length; encapsulated pixel data
 * (one fragment per frame) for compressed-syntax fixtures. Text values are encoded as UTF-8 (the data set
 * must then say Specific Character Set "ISO_IR 192" unless the text is ASCII); a Uint8Array given for a
 * text VR is written as is (already encoded bytes), padded to even length.
 */
import { deflateSync } from 'fflate';
import { concatBytes } from '../bytes.js';

export type Vr = 'AE' | 'AS' | 'AT' | 'CS' | 'DA' | 'DS' | 'DT' | 'IS' | 'LO' | 'LT' | 'PN' | 'SH' | 'ST' | 'TM' | 'UC' | 'UI' | 'UT' | 'US' | 'SS' | 'UL' | 'SL' | 'FL' | 'FD' | 'OB' | 'OW' | 'OF' | 'OD' | 'OV' | 'SQ';

export type Value = string | number | readonly number[] | readonly string[] | Uint8Array | Int16Array | Uint16Array | readonly DataSetSpec[] | Encapsulated;

/** Elements keyed by 8-hex-digit tag 'ggggeeee'. */
export type DataSetSpec = Readonly<Record<string, readonly [Vr, Value]>>;

/**
 * Encapsulated pixel data: fragments (one per frame unless told otherwise), written with an empty basic
 * offset table unless `basicOffsetTable` gives its entries (byte offsets of each frame's first fragment
 * item, counted from the first fragment item).
 */
export interface Encapsulated {
  readonly fragments: readonly Uint8Array[];
  readonly basicOffsetTable?: readonly number[];
}

export type TransferSyntax = 'implicit' | 'explicit' | 'bigEndian' | 'deflate' | { readonly uid: string; readonly encapsulated: true };

export const TRANSFER_SYNTAX_UID = {
  implicit: '1.2.840.10008.1.2',
  explicit: '1.2.840.10008.1.2.1',
  bigEndian: '1.2.840.10008.1.2.2',
  deflate: '1.2.840.10008.1.2.1.99',
} as const;

export interface WriteOptions {
  readonly transferSyntax: TransferSyntax;
  /** Implementation Class UID (0002,0012) and Implementation Version Name (0002,0013) of the meta header. Default: the fixture generator's. */
  readonly implementation?: { readonly classUid: string; readonly versionName: string };
  /** Sequences and items with undefined length (delimiters) instead of defined lengths. Default false. */
  readonly undefinedLengthSequences?: boolean;
}

const LONG_VRS = new Set<Vr>(['OB', 'OW', 'OF', 'OD', 'OV', 'SQ', 'UC', 'UT']);

/** Encodes a data set as a DICOM Part 10 file. (0008,0016) and (0008,0018) fill the meta header. */
export function writeDicom(ds: DataSetSpec, options: WriteOptions): Uint8Array {
  const ts = options.transferSyntax;
  const tsUid = typeof ts === 'string' ? TRANSFER_SYNTAX_UID[ts] : ts.uid;
  const body = new Writer(ts !== 'implicit', ts === 'bigEndian', options.undefinedLengthSequences ?? false);
  body.dataSet(ds);
  let bodyBytes = body.bytes();
  if (ts === 'deflate') bodyBytes = deflateSync(bodyBytes, { level: 9 });

  const metaElements: DataSetSpec = {
    '00020001': ['OB', new Uint8Array([0, 1])],
    '00020002': ['UI', String(ds['00080016']?.[1] ?? '')],
    '00020003': ['UI', String(ds['00080018']?.[1] ?? '')],
    '00020010': ['UI', tsUid],
    '00020012': ['UI', options.implementation?.classUid ?? '1.2.826.0.1.3680043.10.1559.1'],
    '00020013': ['SH', options.implementation?.versionName ?? 'RADIOMICS_FIX'],
  };
  const meta = new Writer(true, false, false);
  meta.dataSet(metaElements);
  const metaBytes = meta.bytes();
  const groupLength = new Writer(true, false, false);
  groupLength.element('00020000', 'UL', metaBytes.length);
  const gl = groupLength.bytes();

  const out = new Uint8Array(132 + gl.length + metaBytes.length + bodyBytes.length);
  out.set([0x44, 0x49, 0x43, 0x4d], 128);
  out.set(gl, 132);
  out.set(metaBytes, 132 + gl.length);
  out.set(bodyBytes, 132 + gl.length + metaBytes.length);
  return out;
}

class Writer {
  private chunks: Uint8Array[] = [];
  constructor(
    private readonly explicit: boolean,
    private readonly bigEndian: boolean,
    private readonly undefinedLength: boolean,
  ) {}

  bytes(): Uint8Array {
    return this.chunks.length === 0 ? new Uint8Array(0) : concatBytes(this.chunks);
  }

  private push(b: Uint8Array): void {
    this.chunks.push(b);
  }

  private u16(v: number): Uint8Array {
    const b = new Uint8Array(2);
    new DataView(b.buffer).setUint16(0, v, !this.bigEndian);
    return b;
  }

  private u32(v: number): Uint8Array {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v, !this.bigEndian);
    return b;
  }

  private tag(tag: string): void {
    this.push(this.u16(parseInt(tag.slice(0, 4), 16)));
    this.push(this.u16(parseInt(tag.slice(4, 8), 16)));
  }

  dataSet(ds: DataSetSpec): void {
    for (const tag of Object.keys(ds).sort()) {
      const [vr, value] = ds[tag];
      this.element(tag, vr, value);
    }
  }

  element(tag: string, vr: Vr, value: Value): void {
    if (vr === 'SQ') return this.sequence(tag, value as readonly DataSetSpec[]);
    if (typeof value === 'object' && value !== null && 'fragments' in value) return this.encapsulated(tag, vr, value);
    const data = this.encode(vr, value);
    this.header(tag, vr, data.length);
    this.push(data);
  }

  private header(tag: string, vr: Vr, length: number): void {
    this.tag(tag);
    if (!this.explicit) {
      this.push(this.u32(length));
    } else if (LONG_VRS.has(vr)) {
      this.push(new TextEncoder().encode(vr));
      this.push(new Uint8Array(2));
      this.push(this.u32(length));
    } else {
      this.push(new TextEncoder().encode(vr));
      this.push(this.u16(length));
    }
  }

  private sequence(tag: string, itemsList: readonly DataSetSpec[]): void {
    const inner = new Writer(this.explicit, this.bigEndian, this.undefinedLength);
    for (const item of itemsList) {
      const body = new Writer(this.explicit, this.bigEndian, this.undefinedLength);
      body.dataSet(item);
      const b = body.bytes();
      inner.tag('fffee000');
      inner.push(inner.u32(this.undefinedLength ? 0xffffffff : b.length));
      inner.push(b);
      if (this.undefinedLength) {
        inner.tag('fffee00d');
        inner.push(inner.u32(0));
      }
    }
    const content = inner.bytes();
    this.header(tag, 'SQ', this.undefinedLength ? 0xffffffff : content.length);
    this.push(content);
    if (this.undefinedLength) {
      this.tag('fffee0dd');
      this.push(this.u32(0));
    }
  }

  private encapsulated(tag: string, vr: Vr, value: Encapsulated): void {
    this.header(tag, vr, 0xffffffff);
    const table = value.basicOffsetTable ?? [];
    this.tag('fffee000');
    this.push(this.u32(4 * table.length)); // basic offset table (empty by default)
    for (const o of table) this.push(this.u32(o));
    for (const f of value.fragments) {
      const even = f.length % 2 === 0 ? f : concatBytes([f, new Uint8Array(1)]);
      this.tag('fffee000');
      this.push(this.u32(even.length));
      this.push(even);
    }
    this.tag('fffee0dd');
    this.push(this.u32(0));
  }

  private encode(vr: Vr, value: Value): Uint8Array {
    const le = !this.bigEndian;
    const numbers = (): number[] => (typeof value === 'number' ? [value] : [...(value as readonly number[])]);
    switch (vr) {
      case 'US':
      case 'SS': {
        const v = numbers();
        const b = new Uint8Array(2 * v.length);
        const dv = new DataView(b.buffer);
        v.forEach((x, i) => (vr === 'US' ? dv.setUint16(2 * i, x, le) : dv.setInt16(2 * i, x, le)));
        return b;
      }
      case 'UL':
      case 'SL': {
        const v = numbers();
        const b = new Uint8Array(4 * v.length);
        const dv = new DataView(b.buffer);
        v.forEach((x, i) => (vr === 'UL' ? dv.setUint32(4 * i, x, le) : dv.setInt32(4 * i, x, le)));
        return b;
      }
      case 'AT': {
        // Attribute tags, each 'ggggeeee' written as group then element (PS3.5 6.2): Dimension Index Pointer and the like.
        const tags = typeof value === 'string' ? [value] : [...(value as readonly string[])];
        const b = new Uint8Array(4 * tags.length);
        const dv = new DataView(b.buffer);
        tags.forEach((t, i) => {
          dv.setUint16(4 * i, parseInt(t.slice(0, 4), 16), le);
          dv.setUint16(4 * i + 2, parseInt(t.slice(4, 8), 16), le);
        });
        return b;
      }
      case 'FL':
      case 'FD': {
        const v = numbers();
        const size = vr === 'FL' ? 4 : 8;
        const b = new Uint8Array(size * v.length);
        const dv = new DataView(b.buffer);
        v.forEach((x, i) => (vr === 'FL' ? dv.setFloat32(4 * i, x, le) : dv.setFloat64(8 * i, x, le)));
        return b;
      }
      case 'OB':
      case 'OF':
      case 'OD':
      case 'OV': {
        // Raw bytes, already in the transfer syntax's byte order (OF, OD, OV fixtures are little endian).
        const b = value as Uint8Array;
        return b.length % 2 === 0 ? b : concatBytes([b, new Uint8Array(1)]);
      }
      case 'OW': {
        // 16-bit words, in the transfer syntax's byte order.
        const words = value instanceof Uint8Array ? new Uint16Array(value.buffer, value.byteOffset, value.length / 2) : (value as Int16Array | Uint16Array);
        const b = new Uint8Array(2 * words.length);
        const dv = new DataView(b.buffer);
        for (let i = 0; i < words.length; i++) dv.setUint16(2 * i, words[i] & 0xffff, le);
        return b;
      }
      default: {
        if (value instanceof Uint8Array) return value.length % 2 === 0 ? value : concatBytes([value, new Uint8Array([vr === 'UI' ? 0 : 0x20])]);
        const s = Array.isArray(value) ? (value as readonly (string | number)[]).map(String).join('\\') : String(value);
        const b = new TextEncoder().encode(s);
        return b.length % 2 === 0 ? b : concatBytes([b, new Uint8Array([vr === 'UI' ? 0 : 0x20])]);
      }
    }
  }
}

/** A decimal string value (VR DS allows at most 16 characters). */
export function ds(x: number): string {
  for (let p = 12; p > 1; p--) {
    const s = String(Number(x.toPrecision(p)));
    if (s.length <= 16) return s;
  }
  return x.toExponential(6);
}

/** PackBits (PS3.5 G.3.1): runs of 2..128 equal bytes as (1 - n, value), other bytes as literal runs of 1..128. */
function packBits(b: Uint8Array): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < b.length) {
    let run = 1;
    while (i + run < b.length && b[i + run] === b[i] && run < 128) run++;
    if (run >= 2) {
      out.push((257 - run) & 0xff, b[i]);
      i += run;
      continue;
    }
    let j = i + 1;
    while (j < b.length && j - i < 128 && !(j + 1 < b.length && b[j] === b[j + 1])) j++;
    out.push(j - i - 1, ...b.subarray(i, j));
    i = j;
  }
  if (out.length % 2 === 1) out.push(0x80); // -128: no operation, pads the segment to even length
  return out;
}

/** One RLE Lossless frame (PS3.5 annex G) of 8- or 16-bit samples: header, then one segment per byte, MSB first. */
export function rleEncodeFrame(samples: Uint8Array | Int16Array | Uint16Array): Uint8Array {
  const size = samples instanceof Uint8Array ? 1 : 2;
  const segments: number[][] = [];
  for (let s = 0; s < size; s++) {
    const shift = 8 * (size - 1 - s);
    segments.push(packBits(Uint8Array.from(samples, (v) => (v >> shift) & 0xff)));
  }
  const header = new Uint8Array(64);
  const dv = new DataView(header.buffer);
  dv.setUint32(0, size, true);
  let offset = 64;
  segments.forEach((seg, s) => {
    dv.setUint32(4 + 4 * s, offset, true);
    offset += seg.length;
  });
  return Uint8Array.from([...header, ...segments.flat()]);
}
