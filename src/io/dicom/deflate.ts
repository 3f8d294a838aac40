/**
 * Deflated Explicit VR Little Endian (PS3.5 A.5): the meta header (group 2) is plain, the rest one raw
 * DEFLATE stream. Inflated here with fflate's streaming Inflate and a cap, because DEFLATE expands a byte
 * to up to ~1032: a 1 MB file could otherwise inflate to 1 GB before anything is checked.
 *
 * The cap is what the data set's own header can need, found while inflating: the top-level elements are
 * walked as they come out (explicit VR little endian; sequences and items skipped by their lengths or
 * their delimiters). Until the pixel data element is reached, the elements before it may take at most
 * HEADER_RATIO x the deflated bytes, or MIN_HEADER_BYTES (element values that compress more than 64:1,
 * long runs of one byte, are not what a header holds; pixel data may, and are bounded by their size). At Pixel Data (7FE0,0010; or Float / Double Float Pixel Data, 7FE0,0008 /
 * 0009) the cap becomes its start + the bytes Rows x Columns x Number of Frames x Samples per Pixel x Bits
 * Allocated / 8 need (twice that, at most its stated length, since the series reader allows up to a frame
 * of trailing bytes) + TRAILING_BYTES for elements after it (padding, signatures). A stream that inflates
 * past its cap is 'CorruptFile' naming the file, as soon as it does: input goes in pieces of PIECE bytes,
 * so at most ~1032 x PIECE bytes come out past the cap before the check.
 * A data set without pixel data (RTSTRUCT) or whose elements cannot be walked keeps the header cap.
 */
import { Inflate } from 'fflate';
import { RadiomicsError, describeThrown } from '../../errors.js';

/** The elements before the pixel data of a deflated file (an RTSTRUCT: its whole data set) inflate to at most HEADER_RATIO x their deflated size, or MIN_HEADER_BYTES. */
export const HEADER_RATIO = 64;
export const MIN_HEADER_BYTES = 16 * 2 ** 20;
/** Elements after the pixel data (Data Set Trailing Padding, Digital Signatures). */
export const TRAILING_BYTES = 2 ** 20;
const PIECE = 4096;

/** VRs whose length is 4 bytes after 2 reserved ones (PS3.5 table 7.1-1). */
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

/** `bytes` with the deflated data set from `position` on replaced by its inflated bytes (as dicom-parser's inflater). */
export function inflateDeflatedDataSet(bytes: Uint8Array, position: number, file: string): Uint8Array {
  // Grown by doubling as the data come (at most twice the inflated size is held while growing).
  let out = new Uint8Array(position + 4 * (bytes.length - position) + 1024);
  out.set(bytes.subarray(0, position));
  let total = position;
  const walk = new TopLevelWalk(position);
  const headerBytes = Math.max(MIN_HEADER_BYTES, HEADER_RATIO * (bytes.length - position));
  let cap = position + headerBytes;
  const tooLarge = (): never => {
    throw new RadiomicsError(
      'CorruptFile',
      `${file}: the deflated data set inflates past ${cap} bytes, more than its header can need (${walk.pixels === null ? `${headerBytes} bytes of elements before any pixel data, ${HEADER_RATIO} x the deflated size or ${MIN_HEADER_BYTES}` : `pixel data of ${walk.pixels.need} bytes at byte ${walk.pixels.start}`})`,
      { file, maxBytes: cap },
    );
  };
  try {
    const stream = new Inflate((chunk) => {
      if (total + chunk.length > cap) tooLarge();
      if (total + chunk.length > out.length) {
        const grown = new Uint8Array(Math.min(cap, Math.max(2 * out.length, total + chunk.length)));
        grown.set(out.subarray(0, total));
        out = grown;
      }
      out.set(chunk, total);
      total += chunk.length;
      walk.advance(out, total);
      if (walk.pixels !== null) {
        // Replaces the header cap: pixel data may be larger than the elements before them may be.
        cap = walk.pixels.start + walk.pixels.allowed + TRAILING_BYTES;
        if (total > cap) tooLarge();
      }
    });
    for (let at = position; at < bytes.length; at += PIECE) stream.push(bytes.subarray(at, at + PIECE), at + PIECE >= bytes.length);
    if (bytes.length <= position) stream.push(new Uint8Array(0), true);
  } catch (cause) {
    if (cause instanceof RadiomicsError) throw cause;
    const reason = describeThrown(cause);
    throw new RadiomicsError('CorruptFile', `${file}: the deflated data set cannot be inflated: ${reason}`, { file, reason }, { cause });
  }
  // Exactly the inflated bytes, not a view into a larger buffer: dicom-parser reads through
  // `byteArray.buffer`, and slack past the data set made corrupt files parse into zeros (fuzz suite).
  return total === out.length ? out : out.slice(0, total);
}

/**
 * Walks top-level elements of an explicit VR little endian data set as its bytes arrive, reading the
 * image pixel module's sizes, until the pixel data element; gives up (pixels stays null) on anything it
 * cannot walk (an undefined-length UN, a delimiter without an open item, bytes that are not a VR).
 */
class TopLevelWalk {
  pixels: { readonly start: number; readonly need: number; readonly allowed: number } | null = null;
  private at: number;
  private depth = 0;
  private lost = false;
  private rows = 0;
  private columns = 0;
  private bits = 0;
  private samples = 1;
  private frames = 1;

  constructor(start: number) {
    this.at = start;
  }

  advance(b: Uint8Array, end: number): void {
    const u16 = (i: number) => b[i] | (b[i + 1] << 8);
    const u32 = (i: number) => (u16(i) + u16(i + 2) * 65536) >>> 0;
    while (!this.lost && this.pixels === null && this.at + 8 <= end) {
      const at = this.at;
      const group = u16(at);
      const element = u16(at + 2);
      if (group === 0xfffe) {
        // Item (E000) and delimiters (E00D, E0DD): a 4-byte length, no VR.
        const length = u32(at + 4);
        if (element === 0xe000) {
          if (this.depth === 0) return this.giveUp();
          if (length === 0xffffffff) this.depth++;
          this.at = at + 8 + (length === 0xffffffff ? 0 : length);
        } else if (element === 0xe00d || element === 0xe0dd) {
          if (this.depth === 0) return this.giveUp();
          this.depth--;
          this.at = at + 8;
        } else return this.giveUp();
        continue;
      }
      const vr = String.fromCharCode(b[at + 4], b[at + 5]);
      if (!/^[A-Z]{2}$/.test(vr)) return this.giveUp();
      const long = LONG_VRS.has(vr);
      if (long && at + 12 > end) return;
      const header = long ? 12 : 8;
      const length = long ? u32(at + 8) : u16(at + 6);
      if (length === 0xffffffff) {
        if (vr !== 'SQ') return this.giveUp();
        this.depth++;
        this.at = at + header;
        continue;
      }
      if (this.depth === 0) {
        const value = at + header;
        if (group === 0x0028 && value + 2 <= end && length >= 2) {
          if (element === 0x0010) this.rows = u16(value);
          else if (element === 0x0011) this.columns = u16(value);
          else if (element === 0x0100) this.bits = u16(value);
          else if (element === 0x0002) this.samples = u16(value);
        }
        if (group === 0x0028 && element === 0x0008) {
          if (value + length > end) return; // wait for the whole string
          const n = Number.parseInt(String.fromCharCode(...b.subarray(value, value + Math.min(length, 12))).trim(), 10);
          this.frames = Number.isInteger(n) && n > 0 ? n : 1;
        }
        if (group === 0x7fe0 && (element === 0x0010 || element === 0x0008 || element === 0x0009)) {
          const need = Math.ceil((this.rows * this.columns * this.frames * this.samples * this.bits) / 8);
          // No size to go by (no Rows, Columns or Bits Allocated): the header cap stays.
          if (need > 0) this.pixels = { start: value, need, allowed: Math.min(length, 2 * need + 2) };
          else this.lost = true;
          return;
        }
      }
      this.at = at + header + length;
    }
  }

  private giveUp(): void {
    this.lost = true;
  }
}
