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
  // Signed HTJ2K by OpenJPH's WebAssembly encoder (@cornerstonejs/codec-openjph): Debian's ojph_compress 0.9
  // writes signed samples wrongly; opj_decompress (OpenJPEG 2.5) reads these back as the source (tested).
  { folder: 'htj2k-lossless-signed', source: 'signedMono1', transferSyntax: '1.2.840.10008.1.2.4.201', lossy: false, maxError: 0, tool: 'HTJ2KEncoder --lossless --decompositions 2' },
  { folder: 'htj2k-lossy-signed', source: 'signedMono1', transferSyntax: '1.2.840.10008.1.2.4.203', lossy: true, maxError: 32, tool: 'HTJ2KEncoder --qstep 0.0005 --decompositions 2' },
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

/**
 * JPEG Extended 12-bit (Process 4) checks of our sequential DCT decoder (src/io/codecs/jpegExtended.ts)
 * against dcmtk's own decoder (dcmdjpeg, IJG libjpeg 12-bit with its integer IDCT):
 * - `reference`: dcmdjpeg's decode of each file of jpeg-extended-12bit/, committed beside it;
 * - `ctPhantom`: two slices of the IBSI CT phantom series (201 x 204, 12 bits stored), JPEG Extended 12-bit
 *   by dcmcjpeg; the tests compare them with the uncompressed slices and, where dcmtk is installed, with
 *   dcmdjpeg's decode of the same files.
 */
export const JPEG_EXTENDED = {
  reference: { folder: 'reference/jpeg-extended-12bit-dcmdjpeg', from: 'jpeg-extended-12bit', tool: 'dcmdjpeg' },
  ctPhantom: { folder: 'ct-phantom-jpeg-extended', slices: ['DCM_IMG_00030.dcm', 'DCM_IMG_00031.dcm'], tool: 'dcmcjpeg +ee +q 90 +un', maxErrorHu: 40 },
} as const;

/**
 * Bare 8-bit JPEG codestreams (codestreams/) for the decoder's restart-interval path, which no 12-bit
 * encoder in Debian writes: libjpeg-turbo's cjpeg (Debian libjpeg-turbo-progs) on GRADIENT, each beside
 * djpeg's decode (.pgm). The path is the same for 8- and 12-bit samples.
 */
export const GRADIENT = { width: 37, height: 21, file: 'codestreams/gradient.pgm' } as const;

/** Grey level of GRADIENT at column x, row y: a ramp with a small texture, so that AC coefficients are not 0. */
export function gradientValue(x: number, y: number): number {
  return (x * 5 + y * 7 + ((x * y) % 13) * 3) & 255;
}

export const CODESTREAMS: Readonly<Record<string, { readonly args: string; readonly restartInterval: number }>> = {
  'codestreams/gradient-q90.jpg': { args: '-grayscale -quality 90', restartInterval: 0 },
  'codestreams/gradient-q90-restart-3blocks.jpg': { args: '-grayscale -quality 90 -restart 3B', restartInterval: 3 },
  'codestreams/gradient-q75-restart-1row.jpg': { args: '-grayscale -quality 75 -restart 1', restartInterval: 5 },
};
