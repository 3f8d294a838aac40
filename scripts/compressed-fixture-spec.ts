/**
 * What the compressed DICOM fixtures (fixtures/dicom-compressed/, written by
 * scripts/make-compressed-dicom-fixtures.ts) hold, shared with the tests: the uncompressed source series
 * each compressed copy was made from, and the transfer syntax and lossiness of each copy.
 */
import { SERIES, type SeriesSpec } from './dicom-fixture-spec.js';

/** Uncompressed source series written by our fixture writer (folder under fixtures/dicom-compressed/source/). */
export interface SourceSpec {
  readonly folder: string;
  readonly series: SeriesSpec;
  readonly bitsAllocated: 8 | 16;
  readonly bitsStored: number;
  readonly signed: boolean;
  readonly photometric: 'MONOCHROME1' | 'MONOCHROME2';
}

const UID_ROOT = '1.2.826.0.1.3680043.10.1559.8';

export const SOURCES = {
  /** Signed 16-bit with negative stored values (intercept +1000), MONOCHROME1 (inversion is for display only). */
  signedMono1: { folder: 'signed-mono1', series: { ...SERIES.axial, name: 'signed-mono1', seriesUid: `${UID_ROOT}.1`, intercept: 1000 }, bitsAllocated: 16, bitsStored: 16, signed: true, photometric: 'MONOCHROME1' },
  /** Unsigned, 12 bits stored in 16. */
  unsigned12: { folder: 'unsigned-12bit', series: { ...SERIES.axial, name: 'unsigned-12bit', seriesUid: `${UID_ROOT}.2` }, bitsAllocated: 16, bitsStored: 12, signed: false, photometric: 'MONOCHROME2' },
  /** Unsigned 8-bit (slope 1, intercept 100), for JPEG Baseline. */
  unsigned8: { folder: 'unsigned-8bit', series: { ...SERIES.axial, name: 'unsigned-8bit', seriesUid: `${UID_ROOT}.3`, slope: 1, intercept: 100 }, bitsAllocated: 8, bitsStored: 8, signed: false, photometric: 'MONOCHROME2' },
} as const satisfies Record<string, SourceSpec>;

export type SourceName = keyof typeof SOURCES;

/** One compressed copy of a source series: folder under fixtures/dicom-compressed/, syntax, tool. */
export interface CompressedSpec {
  readonly folder: string;
  readonly source: SourceName;
  readonly transferSyntax: string;
  readonly lossy: boolean;
  /** Largest |decoded - source| in stored units allowed (0 for lossless). */
  readonly maxError: number;
  readonly tool: string;
}

export const COMPRESSED: readonly CompressedSpec[] = [
  { folder: 'jpeg-baseline', source: 'unsigned8', transferSyntax: '1.2.840.10008.1.2.4.50', lossy: true, maxError: 8, tool: 'dcmcjpeg +eb +q 90 +rm +un' },
  { folder: 'jpeg-extended-12bit', source: 'unsigned12', transferSyntax: '1.2.840.10008.1.2.4.51', lossy: true, maxError: 64, tool: 'dcmcjpeg +ee +q 90 +rm +un' },
  { folder: 'jpeg-lossless', source: 'unsigned12', transferSyntax: '1.2.840.10008.1.2.4.57', lossy: false, maxError: 0, tool: 'dcmcjpeg +el' },
  { folder: 'jpeg-lossless-sv1', source: 'signedMono1', transferSyntax: '1.2.840.10008.1.2.4.70', lossy: false, maxError: 0, tool: 'dcmcjpeg +e1' },
  { folder: 'jpeg-ls-lossless', source: 'signedMono1', transferSyntax: '1.2.840.10008.1.2.4.80', lossy: false, maxError: 0, tool: 'dcmcjpls +el' },
  { folder: 'jpeg-ls-near-lossless', source: 'unsigned12', transferSyntax: '1.2.840.10008.1.2.4.81', lossy: true, maxError: 2, tool: 'dcmcjpls +en +md 2 +un' },
  { folder: 'jpeg2000-lossless', source: 'signedMono1', transferSyntax: '1.2.840.10008.1.2.4.90', lossy: false, maxError: 0, tool: 'opj_compress -n 2' },
  { folder: 'jpeg2000-lossy', source: 'unsigned12', transferSyntax: '1.2.840.10008.1.2.4.91', lossy: true, maxError: 64, tool: 'opj_compress -n 2 -r 8' },
  { folder: 'htj2k-lossless', source: 'unsigned12', transferSyntax: '1.2.840.10008.1.2.4.201', lossy: false, maxError: 0, tool: 'ojph_compress -reversible true -prog_order LRCP -num_decomps 2' },
  { folder: 'htj2k-lossless-rpcl', source: 'unsigned12', transferSyntax: '1.2.840.10008.1.2.4.202', lossy: false, maxError: 0, tool: 'ojph_compress -reversible true -prog_order RPCL -num_decomps 2' },
  { folder: 'htj2k-lossy', source: 'unsigned12', transferSyntax: '1.2.840.10008.1.2.4.203', lossy: true, maxError: 64, tool: 'ojph_compress -qstep 0.002 -num_decomps 2' },
];

/**
 * Enhanced multi-frame copies of fixtures/dicom/enhanced-mr.dcm (4 frames, JPEG-LS lossless codestreams
 * by dcmcjpls), the encapsulation varied by our writer: file name -> how the frames are laid out.
 */
export const MULTIFRAME = {
  'enhanced-jpegls-bot.dcm': 'one fragment per frame, Basic Offset Table filled (as dcmcjpls writes it)',
  'enhanced-jpegls-split-empty-bot.dcm': 'each frame split over 3 fragments, empty Basic Offset Table',
  'enhanced-jpegls-split-bot.dcm': 'each frame split over 2 fragments, Basic Offset Table filled',
  'enhanced-jpegls-eot.dcm': 'one fragment per frame, empty Basic Offset Table, Extended Offset Table (7FE0,0001) and Lengths (7FE0,0002)',
  'enhanced-j2k.dcm': 'JPEG 2000 lossless codestreams by opj_compress, one fragment per frame, Basic Offset Table filled',
} as const;

/** Broken copies, each a typed error naming the file and frame. */
export const BROKEN = {
  'truncated-codestream.dcm': 'frame 2 of enhanced-jpegls-bot.dcm cut to half its length',
  'lying-offset-table.dcm': 'Basic Offset Table entries that point inside fragments',
  'frame-count-mismatch.dcm': 'Number of Frames 4, but the fragments (5, no offset table) hold the codestreams of 3 frames',
  'garbage-codestream.dcm': 'frame 1 of a JPEG 2000 file overwritten with bytes that are no codestream',
} as const;
