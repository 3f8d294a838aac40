/**
 * Encapsulated pixel data (PS3.5 A.4) -> the codestream of each frame, then decoded by src/io/codecs/.
 * Frames are found, in order of trust: the Extended Offset Table (7FE0,0001) with its lengths (7FE0,0002);
 * a non-empty Basic Offset Table; one fragment per frame when the counts agree; one frame of all fragments
 * for a single-frame image; otherwise fragments are grouped at each codestream start marker (JPEG SOI
 * FFD8, JPEG 2000 SOC FF4F). Every table is checked against the fragments before it is used: an entry that
 * is not the start of a fragment, or a frame count that differs from Number of Frames, is 'CorruptFile'
 * naming the file. Decoded frames are checked against Rows x Columns before they are copied.
 */
import { RadiomicsError } from '../../errors.js';
import { concatBytes } from '../bytes.js';
import { codecSyntax, decodeFrame, type CodecLoader } from '../codecs/index.js';
import type { DicomFile } from './parse.js';
import type { PixelFormat } from './pixels.js';

const PIXEL_DATA = 'x7fe00010';
const EXTENDED_OFFSET_TABLE = 'x7fe00001';
const EXTENDED_OFFSET_TABLE_LENGTHS = 'x7fe00002';

interface Fragment {
  /** Offset of the fragment's item tag from the first fragment item (the offset tables' origin). */
  readonly offset: number;
  /** Position of the fragment's bytes in the data set's byte array, and their length. */
  readonly position: number;
  readonly length: number;
}

/** The codestream bytes of each of `frames` frames of an encapsulated Pixel Data element. */
export function encapsulatedFrames(f: DicomFile, frames: number): Uint8Array[] {
  const el = f.dataSet.elements[PIXEL_DATA];
  const fragments: readonly Fragment[] = el?.fragments ?? [];
  if (el === undefined || el.encapsulatedPixelData !== true || fragments.length === 0) {
    throw corrupt(f, `transfer syntax ${f.transferSyntax} needs encapsulated pixel data with at least one fragment`);
  }
  const bytes = f.dataSet.byteArray as Uint8Array;
  const byteLength = bytes.length;
  for (const fr of fragments) {
    if (fr.position + fr.length > byteLength) throw corrupt(f, `pixel data fragment at offset ${fr.offset} runs past the end of the file (truncated)`);
  }
  const of = (fr: Fragment) => bytes.subarray(fr.position, fr.position + fr.length);
  const startOf = new Map(fragments.map((fr, i) => [fr.offset, i]));

  const extended = extendedOffsetTable(f);
  if (extended !== null) {
    if (extended.offsets.length !== frames) throw corrupt(f, `Extended Offset Table lists ${extended.offsets.length} frames, Number of Frames is ${frames}`);
    return extended.offsets.map((o, i) => {
      const k = startOf.get(o);
      if (k === undefined) throw corrupt(f, `Extended Offset Table entry ${i + 1} (${o}) is not the start of a fragment`);
      if (extended.lengths[i] > fragments[k].length) throw corrupt(f, `Extended Offset Table length ${extended.lengths[i]} of frame ${i + 1} exceeds its fragment (${fragments[k].length} bytes)`);
      return of(fragments[k]).subarray(0, extended.lengths[i]);
    });
  }

  const bot: readonly number[] = el.basicOffsetTable ?? [];
  if (bot.length > 0) {
    if (bot.length !== frames) throw corrupt(f, `Basic Offset Table lists ${bot.length} frames, Number of Frames is ${frames}`);
    const firsts = bot.map((o, i) => {
      const k = startOf.get(o);
      if (k === undefined) throw corrupt(f, `Basic Offset Table entry ${i + 1} (${o}) is not the start of a fragment (the table does not match the fragments)`);
      return k;
    });
    if (firsts[0] !== 0 || firsts.some((k, i) => i > 0 && k <= firsts[i - 1])) throw corrupt(f, 'Basic Offset Table entries are not increasing from the first fragment');
    return firsts.map((k, i) => concatBytes(fragments.slice(k, i + 1 < firsts.length ? firsts[i + 1] : fragments.length).map(of)));
  }
  if (fragments.length === frames) return fragments.map(of);
  if (frames === 1) return [concatBytes(fragments.map(of))];
  // No table and more fragments than frames: a frame starts with each codestream start marker.
  const groups: Uint8Array[][] = [];
  for (const fr of fragments) {
    const b = of(fr);
    if (groups.length === 0 || startsCodestream(b)) groups.push([b]);
    else groups[groups.length - 1].push(b);
  }
  if (groups.length !== frames) throw corrupt(f, `the fragments hold ${groups.length} codestreams (frames), Number of Frames is ${frames}`);
  return groups.map((g) => concatBytes(g));
}

/**
 * Decodes every frame of an encapsulated file into little-endian stored samples of Bits Allocated
 * each (the layout of native pixel data), so the native reader's masking and sign extension apply.
 */
export async function decodeEncapsulated(f: DicomFile, fmt: PixelFormat, loader: CodecLoader): Promise<Uint8Array> {
  if (codecSyntax(f.transferSyntax) === null) throw new RadiomicsError('UnsupportedTransferSyntax', `${f.file}: no codec for transfer syntax ${f.transferSyntax}`, { file: f.file, transferSyntax: f.transferSyntax });
  if (fmt.bitsAllocated !== 8 && fmt.bitsAllocated !== 16) {
    throw new RadiomicsError('UnsupportedDatatype', `${f.file}: ${fmt.bitsAllocated} bits allocated in compressed pixel data; 8 or 16 are decoded`, { file: f.file, bitsAllocated: fmt.bitsAllocated });
  }
  const codestreams = encapsulatedFrames(f, fmt.frames);
  const size = fmt.bitsAllocated / 8;
  const n = fmt.rows * fmt.columns;
  // The output is allocated only once the first frame has decoded to Rows x Columns samples: the codec
  // sizes its own buffer from the codestream, so a small file whose header claims 65535 x 65535 fails on
  // the mismatch instead of allocating gigabytes first (issue 19: validate before allocating).
  let out: Uint8Array | null = null;
  let dv: DataView | null = null;
  for (let i = 0; i < codestreams.length; i++) {
    const where = fmt.frames > 1 ? `${f.file} frame ${i + 1}` : f.file;
    const samples = await decodeFrame(f.transferSyntax, codestreams[i], { rows: fmt.rows, columns: fmt.columns, bitsAllocated: fmt.bitsAllocated, bitsStored: fmt.bitsStored, signed: fmt.signed, where }, loader);
    if (samples.length !== n) throw new RadiomicsError('CorruptFile', `${where}: decoded ${samples.length} samples, ${fmt.columns} x ${fmt.rows} expected`, { file: where });
    if (out === null || dv === null) {
      out = new Uint8Array(n * size * fmt.frames);
      dv = new DataView(out.buffer);
    }
    const base = i * n * size;
    // Stored as the bit pattern of Bits Allocated (two's complement for signed samples), little endian.
    if (size === 1) for (let k = 0; k < n; k++) out[base + k] = samples[k] & 0xff;
    else for (let k = 0; k < n; k++) dv.setUint16(base + 2 * k, samples[k] & 0xffff, true);
  }
  return out ?? new Uint8Array(0);
}

function extendedOffsetTable(f: DicomFile): { offsets: number[]; lengths: number[] } | null {
  const table = f.dataSet.elements[EXTENDED_OFFSET_TABLE];
  if (table === undefined || table.length === 0) return null;
  const lengths = f.dataSet.elements[EXTENDED_OFFSET_TABLE_LENGTHS];
  if (lengths === undefined || lengths.length !== table.length || table.length % 8 !== 0) {
    throw corrupt(f, 'Extended Offset Table (7FE0,0001) without Extended Offset Table Lengths (7FE0,0002) of the same size');
  }
  const u64s = (el: { dataOffset: number; length: number }): number[] => {
    const dv = new DataView(f.dataSet.byteArray.buffer, f.dataSet.byteArray.byteOffset + el.dataOffset, el.length);
    const out: number[] = [];
    for (let o = 0; o < el.length; o += 8) {
      const high = dv.getUint32(o + 4, true);
      if (high !== 0) throw corrupt(f, 'Extended Offset Table entry beyond 4 GiB');
      out.push(dv.getUint32(o, true));
    }
    return out;
  };
  return { offsets: u64s(table), lengths: u64s(lengths) };
}

function startsCodestream(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0xff && (b[1] === 0xd8 || b[1] === 0x4f);
}

function corrupt(f: DicomFile, message: string): RadiomicsError {
  return new RadiomicsError('CorruptFile', `${f.file}: ${message}`, { file: f.file, transferSyntax: f.transferSyntax });
}
