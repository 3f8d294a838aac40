/**
 * Native (uncompressed) DICOM pixel data -> stored values of one frame (PS3.5 section 8, PS3.3 C.7.6.3).
 * Grey-scale only (Samples per Pixel 1); 8, 16 or 32 bits allocated; signed or unsigned; bits above
 * Bits Stored are masked (unsigned) or sign-extended (signed), as the standard requires readers to do.
 */
import { RadiomicsError } from '../../errors.js';
import { PLATFORM_LITTLE_ENDIAN, swapBytes } from '../bytes.js';
import { RLE_LOSSLESS, TAGS, decimal, ushort, type DicomFile } from './parse.js';
import { checkRleFragment, decodeRleFrame } from './rle.js';

export interface PixelFormat {
  /** Float Pixel Data (7FE0,0008) or Double Float Pixel Data (7FE0,0009): IEEE 754 values, Bits Allocated 32 or 64. */
  readonly float: boolean;
  readonly rows: number;
  readonly columns: number;
  readonly frames: number;
  readonly bitsAllocated: number;
  readonly bitsStored: number;
  readonly signed: boolean;
}

/** The pixel format of an image file; a missing or unusable field is a typed error naming the file. */
export function pixelFormat(f: DicomFile): PixelFormat {
  const ds = f.dataSet;
  const rows = ushort(ds, TAGS.rows);
  const columns = ushort(ds, TAGS.columns);
  const bitsAllocated = ushort(ds, TAGS.bitsAllocated);
  if (rows === null || columns === null || bitsAllocated === null || rows < 1 || columns < 1) {
    throw new RadiomicsError('CorruptFile', `${f.file}: image without Rows, Columns or Bits Allocated`, { file: f.file });
  }
  const samples = ushort(ds, TAGS.samplesPerPixel) ?? 1;
  if (samples !== 1) {
    throw new RadiomicsError('UnsupportedDatatype', `${f.file}: ${samples} samples per pixel (colour); only grey-scale images carry intensities`, { file: f.file, samplesPerPixel: samples });
  }
  const float = pixelDataElement(f) !== TAGS.pixelData;
  if (float ? bitsAllocated !== (pixelDataElement(f) === TAGS.floatPixelData ? 32 : 64) : ![1, 8, 16, 32].includes(bitsAllocated)) {
    throw new RadiomicsError('UnsupportedDatatype', `${f.file}: ${bitsAllocated} bits allocated; ${float ? '32 (Float Pixel Data) or 64 (Double Float Pixel Data)' : '8, 16 or 32'} are read`, { file: f.file, bitsAllocated });
  }
  const frames = Math.max(1, Math.round(decimal(ds, TAGS.numberOfFrames) ?? 1));
  return { float, rows, columns, frames, bitsAllocated, bitsStored: float ? bitsAllocated : (ushort(ds, TAGS.bitsStored) ?? bitsAllocated), signed: float || ushort(ds, TAGS.pixelRepresentation) === 1 };
}

/** The tag of the file's pixel data: Pixel Data, Float Pixel Data or Double Float Pixel Data (PS3.3 C.7.6.3); null when none. */
export function pixelDataElement(f: DicomFile): string | null {
  const el = f.dataSet.elements;
  return el[TAGS.pixelData] !== undefined ? TAGS.pixelData : el[TAGS.floatPixelData] !== undefined ? TAGS.floatPixelData : el[TAGS.doubleFloatPixelData] !== undefined ? TAGS.doubleFloatPixelData : null;
}

/**
 * Checks, before anything is allocated or decoded, that the pixel data can hold `fmt.frames` frames:
 * native data must be at least rows x columns x frames x bits allocated / 8 bytes and not hold whole
 * frames more than Number of Frames says; encapsulated data need at least one fragment per frame
 * (PS3.5 A.4), RLE exactly one, each with a valid header and long enough for its pixels (a PackBits
 * replicate run turns 2 bytes into at most 128, so a segment of n bytes decodes to at most 64 n).
 * Errors: 'CorruptFile' naming the file and the counts that disagree.
 */
export function checkPixelData(f: DicomFile, fmt: PixelFormat): void {
  // Pixel Data, or a Parametric Map's Float / Double Float Pixel Data (7FE0,0008 / 0009).
  const tag = pixelDataElement(f);
  const el = tag === null ? undefined : f.dataSet.elements[tag];
  if (el === undefined) throw new RadiomicsError('CorruptFile', `${f.file}: no pixel data (7FE0,0010), float pixel data (7FE0,0008) or double float pixel data (7FE0,0009)`, { file: f.file });
  const pixels = fmt.rows * fmt.columns;
  if (el.encapsulatedPixelData === true) {
    const fragments = el.fragments ?? [];
    if (fragments.length < fmt.frames) {
      throw new RadiomicsError('CorruptFile', `${f.file}: Number of Frames is ${fmt.frames} but the encapsulated pixel data hold ${fragments.length} fragment(s); every frame needs at least one`, { file: f.file, frames: fmt.frames, fragments: fragments.length });
    }
    if (f.transferSyntax === RLE_LOSSLESS && fmt.bitsAllocated >= 8) {
      if (fragments.length !== fmt.frames) {
        throw new RadiomicsError('CorruptFile', `${f.file}: RLE pixel data has ${fragments.length} fragments for ${fmt.frames} frames (one per frame required)`, { file: f.file, frames: fmt.frames, fragments: fragments.length });
      }
      const size = fmt.bitsAllocated / 8;
      fragments.forEach((fr, i) => {
        const where = fmt.frames > 1 ? `${f.file} frame ${i + 1}` : f.file;
        checkRleFragment(f.dataSet.byteArray.subarray(fr.position, fr.position + fr.length) as Uint8Array, pixels, size, where);
      });
    }
    return;
  }
  const need = Math.ceil((pixels * fmt.frames * fmt.bitsAllocated) / 8);
  const available = Math.max(0, Math.min(el.length, f.dataSet.byteArray.length - el.dataOffset));
  if (available < need) {
    throw new RadiomicsError('CorruptFile', `${f.file}: pixel data truncated: ${fmt.frames} frame(s) of ${fmt.columns} x ${fmt.rows} need ${need} bytes, ${available} present`, { file: f.file, need, available });
  }
  const frameBytes = Math.ceil((pixels * fmt.bitsAllocated) / 8);
  const extra = available - need;
  if (extra > 1 && extra >= frameBytes) {
    // More whole frames than Number of Frames (1 byte is the even-length padding): the counts disagree.
    throw new RadiomicsError('CorruptFile', `${f.file}: Number of Frames is ${fmt.frames} but the pixel data hold ${available} bytes, room for ${Math.floor((available * 8) / (pixels * fmt.bitsAllocated))} frames of ${fmt.columns} x ${fmt.rows}`, { file: f.file, frames: fmt.frames, need, available });
  }
}

/**
 * The pixel data bytes of the file, checked to hold `frames` frames: native data as stored, RLE Lossless
 * decoded to little endian.
 */
export function pixelBytes(f: DicomFile, fmt: PixelFormat): Uint8Array {
  const el = f.dataSet.elements[pixelDataElement(f) ?? TAGS.pixelData];
  if (el === undefined) throw new RadiomicsError('CorruptFile', `${f.file}: no pixel data (7FE0,0010)`, { file: f.file });
  if (el.encapsulatedPixelData === true && f.transferSyntax === RLE_LOSSLESS && fmt.bitsAllocated >= 8) {
    // Every fragment's header and length are checked before the frames' buffer is allocated.
    checkPixelData(f, fmt);
    const fragments = el.fragments ?? [];
    const size = fmt.bitsAllocated / 8;
    const n = fmt.rows * fmt.columns;
    const out = new Uint8Array(n * size * fmt.frames);
    fragments.forEach((fr, i) => {
      const bytes = f.dataSet.byteArray.subarray(fr.position, fr.position + fr.length) as Uint8Array;
      out.set(decodeRleFrame(bytes, n, size, fmt.frames > 1 ? `${f.file} frame ${i + 1}` : f.file), i * n * size);
    });
    return out;
  }
  if (el.encapsulatedPixelData === true) {
    throw new RadiomicsError('CorruptFile', `${f.file}: encapsulated (compressed) pixel data under the uncompressed transfer syntax ${f.transferSyntax}`, { file: f.file });
  }
  const need = Math.ceil((fmt.rows * fmt.columns * fmt.frames * fmt.bitsAllocated) / 8);
  const available = Math.min(el.length, f.dataSet.byteArray.length - el.dataOffset);
  if (available < need) {
    throw new RadiomicsError('CorruptFile', `${f.file}: pixel data truncated: ${fmt.frames} frame(s) of ${fmt.columns} x ${fmt.rows} need ${need} bytes, ${available} present`, { file: f.file, need, available });
  }
  return f.dataSet.byteArray.subarray(el.dataOffset, el.dataOffset + need) as Uint8Array;
}

/** Stored values of frame `frame` (0-based), row-major (column index fastest), as a fresh typed array. */
export function framePixels(f: DicomFile, fmt: PixelFormat, bytes: Uint8Array, frame: number): Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array {
  if (fmt.bitsAllocated === 1) throw new RadiomicsError('UnsupportedDatatype', `${f.file}: 1-bit pixel data is read only as a DICOM-SEG`, { file: f.file });
  const size = fmt.bitsAllocated / 8;
  const n = fmt.rows * fmt.columns;
  const copy = bytes.slice(frame * n * size, (frame + 1) * n * size);
  // RLE frames were decoded to little endian; RLE is an explicit little-endian syntax, so f.littleEndian holds.
  if (size > 1 && f.littleEndian !== PLATFORM_LITTLE_ENDIAN) swapBytes(copy, size);
  const b = copy.buffer;
  if (fmt.float) return size === 4 ? new Float32Array(b) : new Float64Array(b);
  const values =
    size === 1 ? (fmt.signed ? new Int8Array(b) : new Uint8Array(b))
    : size === 2 ? (fmt.signed ? new Int16Array(b) : new Uint16Array(b))
    : fmt.signed ? new Int32Array(b) : new Uint32Array(b);
  const unused = fmt.bitsAllocated - fmt.bitsStored;
  if (unused > 0 && fmt.bitsStored > 0) {
    // Bits above Bits Stored may hold overlays or garbage: mask them, or sign-extend from the stored sign bit.
    const shift = 32 - fmt.bitsStored;
    for (let i = 0; i < values.length; i++) values[i] = fmt.signed ? (values[i] << shift) >> shift : (values[i] << shift) >>> shift;
  }
  return values;
}
