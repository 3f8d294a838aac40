/**
 * DICOM Part 10 parsing with dicom-parser: bytes in, data set out, never paths. Adds what the library
 * needs on top: typed errors naming the file, the deflate transfer syntax through fflate (so no zlib or
 * pako is needed in browsers), a closed table of transfer syntaxes, and small value accessors.
 */
import * as dicomParserModule from 'dicom-parser';
import type { DataSet } from 'dicom-parser';
import { RadiomicsError, describeThrown } from '../../errors.js';
import { CODEC_TRANSFER_SYNTAXES, codecSyntax } from '../codecs/syntaxes.js';
import { inflateDeflatedDataSet } from './deflate.js';
import { isDicom } from './preamble.js';

export type { DataSet } from 'dicom-parser';

// dicom-parser is a UMD bundle: Node's ESM loader exposes it only as `default`; bundlers expose both.
const dicomParser = (dicomParserModule as unknown as { default?: typeof dicomParserModule }).default ?? dicomParserModule;

/** Transfer syntaxes whose pixel data are read: native (PS3.5 section 10, annex A) and RLE Lossless (annex G, src/io/dicom/rle.ts). */
export const READABLE_TRANSFER_SYNTAXES: Readonly<Record<string, string>> = {
  '1.2.840.10008.1.2': 'Implicit VR Little Endian',
  '1.2.840.10008.1.2.1': 'Explicit VR Little Endian',
  '1.2.840.10008.1.2.1.99': 'Deflated Explicit VR Little Endian',
  '1.2.840.10008.1.2.2': 'Explicit VR Big Endian',
  '1.2.840.10008.1.2.5': 'RLE Lossless',
};

export const RLE_LOSSLESS = '1.2.840.10008.1.2.5';

/** Transfer syntaxes no codec here decodes (video), by name, for the UnsupportedTransferSyntax message. */
const VIDEO_TRANSFER_SYNTAXES: Readonly<Record<string, string>> = {
  '1.2.840.10008.1.2.4.100': 'MPEG2 Main Profile / Main Level',
  '1.2.840.10008.1.2.4.101': 'MPEG2 Main Profile / High Level',
  '1.2.840.10008.1.2.4.102': 'MPEG-4 AVC/H.264 High Profile / Level 4.1',
  '1.2.840.10008.1.2.4.103': 'MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1',
  '1.2.840.10008.1.2.4.104': 'MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video',
  '1.2.840.10008.1.2.4.105': 'MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video',
  '1.2.840.10008.1.2.4.106': 'MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2',
  '1.2.840.10008.1.2.4.107': 'HEVC/H.265 Main Profile / Level 5.1',
  '1.2.840.10008.1.2.4.108': 'HEVC/H.265 Main 10 Profile / Level 5.1',
};

/** The name of a transfer syntax (native, RLE, codec or video), or null when unknown. */
export function transferSyntaxName(uid: string): string | null {
  return READABLE_TRANSFER_SYNTAXES[uid] ?? codecSyntax(uid)?.name ?? VIDEO_TRANSFER_SYNTAXES[uid] ?? null;
}

/** A parsed file: its data set, the transfer syntax, and the file name used in messages. */
export interface DicomFile {
  readonly file: string;
  readonly dataSet: DataSet;
  readonly transferSyntax: string;
  readonly littleEndian: boolean;
}

export { isDicom } from './preamble.js';

/** Parses a DICOM Part 10 file; anything unreadable is 'CorruptFile' naming `file`. */
export function parseDicomFile(bytes: Uint8Array, file = 'DICOM file'): DicomFile {
  if (!isDicom(bytes)) throw new RadiomicsError('CorruptFile', `${file}: not a DICOM Part 10 file (no "DICM" at byte 128)`, { file });
  let dataSet: DataSet;
  try {
    dataSet = dicomParser.parseDicom(extendedOffsetTableAsOb(bytes), { inflater: (b: Uint8Array, position: number) => inflateDeflatedDataSet(b, position, file) });
  } catch (cause) {
    // dicom-parser throws strings, Errors, or objects { exception, dataSet } wrapping either; deeply nested
    // sequences overflow its recursive parser (a RangeError); fflate's inflater throws Errors.
    if (cause instanceof RadiomicsError) throw cause;
    const reason = describeThrown(cause).replace(/^dicomParser[.:][\w.]+:? /, '');
    throw new RadiomicsError('CorruptFile', `${file}: cannot parse DICOM: ${reason}`, { file, reason }, { cause });
  }
  checkElementBounds(dataSet, file);
  const transferSyntax = dataSet.string('x00020010') ?? '1.2.840.10008.1.2';
  return { file, dataSet, transferSyntax, littleEndian: transferSyntax !== '1.2.840.10008.1.2.2' };
}

/**
 * dicom-parser 1.8 does not know the VR OV (64-bit words, 4-byte length, PS3.5 table 7.1-1), the VR of the
 * Extended Offset Table (7FE0,0001) and its Lengths (7FE0,0002), and misreads their length. The two
 * elements come right before Pixel Data in explicit VR little endian; their VR is rewritten to OB (same
 * header layout) in a copy, only when both header patterns are found where a tag starts. The table exists
 * only in encapsulated pixel data, so a native file (most series) is not scanned: its transfer syntax is
 * read from the small meta header first (the scan was ~7-10 ms of 35 ms reading the 60-slice CT phantom).
 */
function extendedOffsetTableAsOb(bytes: Uint8Array): Uint8Array {
  const syntax = dicomParser.readPart10Header(bytes).string('x00020010');
  if (syntax === undefined || (codecSyntax(syntax) === null && syntax !== RLE_LOSSLESS)) return bytes;
  const at = (tag: number, from: number): number => {
    for (let i = from; i + 8 <= bytes.length; i++) {
      if (bytes[i] === 0xe0 && bytes[i + 1] === 0x7f && bytes[i + 2] === tag && bytes[i + 3] === 0 && bytes[i + 4] === 0x4f && bytes[i + 5] === 0x56 && bytes[i + 6] === 0 && bytes[i + 7] === 0) return i;
    }
    return -1;
  };
  const table = at(0x01, 132);
  if (table === -1 || table + 12 > bytes.length) return bytes;
  const length = new DataView(bytes.buffer, bytes.byteOffset + table + 8, 4).getUint32(0, true);
  const lengths = table + 12 + length;
  if (lengths + 8 > bytes.length || at(0x02, lengths) !== lengths) return bytes;
  const copy = bytes.slice();
  copy[table + 5] = 0x42; // 'B'
  copy[lengths + 5] = 0x42;
  return copy;
}

/**
 * Every element of the data set (items of sequences included, visited without recursion) must lie inside
 * the bytes: dicom-parser accepts a length that runs past the end of the file and then throws a string
 * from an accessor (ds.string(), ds.uint16()) later. Checked once here, so every later read is in bounds.
 * Pixel data are left to checkPixelData (pixels.ts), which says how many bytes the frames need.
 */
function checkElementBounds(dataSet: DataSet, file: string): void {
  const pending: DataSet[] = [dataSet];
  while (pending.length > 0) {
    const ds = pending.pop()!;
    const size = ds.byteArray.length;
    for (const [key, el] of Object.entries(ds.elements)) {
      if (key !== TAGS.pixelData && (!(el.dataOffset >= 0) || !(el.length >= 0) || el.dataOffset + el.length > size)) {
        throw new RadiomicsError('CorruptFile', `${file}: element (${key.slice(1, 5)},${key.slice(5)}) claims ${el.length} bytes at offset ${el.dataOffset}, past the end of the ${size}-byte data set`, { file, tag: key, length: el.length });
      }
      for (const it of el.items ?? []) if (it.dataSet !== undefined) pending.push(it.dataSet);
    }
  }
}

/**
 * Throws unless the pixel data can be read as stored: 'CompressedPixelData' for a syntax a codec decodes
 * (the asynchronous reader runs it), 'UnsupportedTransferSyntax' naming any other syntax.
 */
export function checkTransferSyntax(f: DicomFile): void {
  if (READABLE_TRANSFER_SYNTAXES[f.transferSyntax] !== undefined) return;
  const codec = codecSyntax(f.transferSyntax);
  if (codec !== null) {
    throw new RadiomicsError(
      'CompressedPixelData',
      `${f.file}: pixel data compressed as ${codec.name} (${f.transferSyntax}); the synchronous reader runs no codec: use readDicomSeriesFromBuffersAsync (in Node: readDicomSeriesAsync, readVolumeAsync)`,
      { file: f.file, transferSyntax: f.transferSyntax, name: codec.name },
    );
  }
  const name = VIDEO_TRANSFER_SYNTAXES[f.transferSyntax] ?? 'unknown transfer syntax';
  const readable = [...Object.values(READABLE_TRANSFER_SYNTAXES), ...Object.values(CODEC_TRANSFER_SYNTAXES).map((c) => c.name)].join(', ');
  throw new RadiomicsError(
    'UnsupportedTransferSyntax',
    `${f.file}: transfer syntax ${f.transferSyntax} (${name}) cannot be decoded by this build; readable: ${readable}`,
    { file: f.file, transferSyntax: f.transferSyntax, name },
  );
}

/** Tag key in dicom-parser's form, from group and element: tag(0x0020, 0x0032) = 'x00200032'. */
export function tag(group: number, element: number): string {
  return `x${group.toString(16).padStart(4, '0')}${element.toString(16).padStart(4, '0')}`;
}

/** A trimmed string value, or null when absent or empty. */
export function text(ds: DataSet, key: string): string | null {
  const el = ds.elements[key];
  if (el === undefined || el.length === 0) return null;
  const s = ds.string(key);
  return s === undefined || s.trim() === '' ? null : s.trim();
}

/** All values of a decimal or integer string (DS, IS); [] when absent; NaN stays NaN for the caller to check. */
export function decimals(ds: DataSet, key: string): number[] {
  const s = text(ds, key);
  return s === null ? [] : s.split('\\').map((v) => (v.trim() === '' ? Number.NaN : Number(v)));
}

/** The first value of a DS or IS element, or null. */
export function decimal(ds: DataSet, key: string): number | null {
  const v = decimals(ds, key)[0];
  return v === undefined || !Number.isFinite(v) ? null : v;
}

/** An unsigned short (US) value, or null. */
export function ushort(ds: DataSet, key: string): number | null {
  const el = ds.elements[key];
  return el === undefined || el.length < 2 ? null : (ds.uint16(key) ?? null);
}

/** The data sets of a sequence's items ([] when absent). */
export function items(ds: DataSet, key: string): DataSet[] {
  return (ds.elements[key]?.items ?? []).map((i) => i.dataSet).filter((d): d is DataSet => d !== undefined);
}

/** The first item of a sequence, or null. */
export function item(ds: DataSet, key: string): DataSet | null {
  return items(ds, key)[0] ?? null;
}

export const TAGS = {
  transferSyntax: 'x00020010',
  sopClassUid: 'x00080016',
  sopInstanceUid: 'x00080018',
  modality: 'x00080060',
  manufacturer: 'x00080070',
  seriesDescription: 'x0008103e',
  model: 'x00081090',
  sequenceName: 'x00180024',
  sliceThickness: 'x00180050',
  kvp: 'x00180060',
  repetitionTime: 'x00180080',
  echoTime: 'x00180081',
  inversionTime: 'x00180082',
  magneticFieldStrength: 'x00180087',
  spacingBetweenSlices: 'x00180088',
  convolutionKernel: 'x00181210',
  flipAngle: 'x00181314',
  pulseSequenceName: 'x00189005',
  effectiveEchoTime: 'x00189082',
  studyInstanceUid: 'x0020000d',
  seriesInstanceUid: 'x0020000e',
  imagePosition: 'x00200032',
  imageOrientation: 'x00200037',
  frameOfReferenceUid: 'x00200052',
  samplesPerPixel: 'x00280002',
  numberOfFrames: 'x00280008',
  rows: 'x00280010',
  columns: 'x00280011',
  pixelSpacing: 'x00280030',
  bitsAllocated: 'x00280100',
  bitsStored: 'x00280101',
  highBit: 'x00280102',
  pixelRepresentation: 'x00280103',
  rescaleIntercept: 'x00281052',
  rescaleSlope: 'x00281053',
  lossyImageCompression: 'x00282110',
  lossyImageCompressionRatio: 'x00282112',
  lossyImageCompressionMethod: 'x00282114',
  pixelData: 'x7fe00010',
  floatPixelData: 'x7fe00008',
  doubleFloatPixelData: 'x7fe00009',
  // Real World Value Mapping (PS3.3 C.7.6.16.2.11), top level or a functional group macro.
  realWorldValueMapping: 'x00409096',
  measurementUnitsCode: 'x004008ea',
  codeValue: 'x00080100',
  codingSchemeDesignator: 'x00080102',
  codeMeaning: 'x00080104',
  lutLabel: 'x00409210',
  lutExplanation: 'x00283003',
  realWorldValueIntercept: 'x00409224',
  realWorldValueSlope: 'x00409225',
  realWorldValueLutData: 'x00409212',
  // Enhanced multi-frame functional groups (PS3.3 C.7.6.16).
  sharedFunctionalGroups: 'x52009229',
  perFrameFunctionalGroups: 'x52009230',
  pixelMeasures: 'x00289110',
  planePosition: 'x00209113',
  planeOrientation: 'x00209116',
  pixelValueTransformation: 'x00289145',
} as const;

/** The Modality (0008,0060) of DICOM bytes (e.g. 'CT', 'RTSTRUCT', 'SEG'), '' when absent, null when not DICOM. */
export function dicomModality(bytes: Uint8Array): string | null {
  if (!isDicom(bytes)) return null;
  try {
    return text(dicomParser.parseDicom(bytes, { untilTag: 'x00080061', inflater: (b: Uint8Array, position: number) => inflateDeflatedDataSet(b, position, 'DICOM file') }), TAGS.modality) ?? '';
  } catch {
    return null;
  }
}
