/**
 * What each reader checks before it trusts a file, as data: the source of the "What each reader checks"
 * section of docs/errors.md (scripts/docs.ts). Kept next to the readers so a new check and its line
 * change together; test/fuzz exercises each reader with damaged files (docs/errors.md says how).
 * Order within a reader: the order the checks run in. "Before allocating" marks checks that run before
 * any buffer sized by the header is made.
 */
import type { ErrorCode } from '../errors.js';

export interface ReaderCheck {
  readonly check: string;
  readonly code: ErrorCode;
}

export interface ReaderChecks {
  readonly reader: string;
  readonly source: string;
  readonly checks: readonly ReaderCheck[];
}

const DICOM_PARSE: readonly ReaderCheck[] = [
  { check: 'The Part 10 magic "DICM" at byte 128.', code: 'CorruptFile' },
  { check: 'Anything dicom-parser or the fflate inflater (deflated syntax) throws, strings, `{ exception }` objects and stack overflows from deeply nested sequences included, becomes an error naming the file.', code: 'CorruptFile' },
  { check: 'Deflated syntax: the data set inflates (streamed through fflate) to no more than its own header can need: the elements before the pixel data at most 64 x the deflated bytes or 16 MiB, then the pixel data at most Rows x Columns x Number of Frames x Samples per Pixel x Bits Allocated / 8 (twice that at most) + 1 MiB of trailing elements; inflating stops as soon as the output passes that, after at most ~4 MiB more. Before allocating.', code: 'CorruptFile' },
  { check: 'Every element, in every sequence item, lies inside the file (a length that runs past the end is refused at parse time, not met later by an accessor).', code: 'CorruptFile' },
  { check: 'The transfer syntax is one this build decodes (native little/big endian, deflate, RLE Lossless).', code: 'UnsupportedTransferSyntax' },
];

const DICOM_FRAMES: readonly ReaderCheck[] = [
  { check: 'Rows, Columns and Bits Allocated present and non-zero.', code: 'CorruptFile' },
  { check: 'Samples per Pixel 1 (grey scale) and Bits Allocated 8, 16 or 32 (1 for a binary SEG).', code: 'UnsupportedDatatype' },
  { check: 'Enhanced multi-frame: Number of Frames equals the items of the Per-Frame Functional Groups Sequence (both counts in the message). Before allocating.', code: 'CorruptFile' },
  { check: 'Pixel data present and holding every frame: native data at least rows x columns x frames x bits / 8 bytes and not whole frames more than Number of Frames; encapsulated data at least one fragment per frame; RLE exactly one fragment per frame, each with its 64-byte header, one segment per sample byte, offsets inside the fragment, and enough bytes to decode to the frame (a byte decodes to at most 64). Before allocating.', code: 'CorruptFile' },
  { check: 'Per frame: Image Position (Patient) 3 finite numbers; Image Orientation (Patient) 6 finite numbers, two orthogonal unit vectors; Pixel Spacing 2 positive finite numbers.', code: 'CorruptFile' },
];

export const READER_CHECKS: readonly ReaderChecks[] = [
  {
    reader: 'gzip (.nii.gz, gzip-encoded NRRD)',
    source: 'src/io/gzip.ts',
    checks: [
      { check: 'At least 20 bytes (the smallest gzip member).', code: 'CorruptFile' },
      { check: 'The stream inflates (fflate errors become the message); the last member\'s length matches its ISIZE trailer. Output grows with the data actually inflated, never preallocated from the trailer.', code: 'CorruptFile' },
      { check: 'Inflated data are at most ~1032 times the compressed bytes (the DEFLATE format\'s own limit); the same bound holds for deflated DICOM.', code: 'CorruptFile' },
      { check: 'For .nii.gz (header read from the first inflated bytes) and gzip-encoded NRRD: inflating stops as soon as the output passes max(2 x needed, needed + 1 MiB), needed being the bytes the header describes; input is fed in pieces of at most that bound / 1032, so a "zip bomb" is refused after a few MiB, not gigabytes.', code: 'CorruptFile' },
    ],
  },
  {
    reader: 'NIfTI-1 / NIfTI-2',
    source: 'src/io/nifti.ts',
    checks: [
      { check: 'sizeof_hdr is 348 or 540 in either byte order, and the file holds the whole header.', code: 'CorruptFile' },
      { check: 'The magic is n+1 / n+2 (a .hdr/.img pair is refused by name).', code: 'CorruptFile' },
      { check: 'dim[0] in 1..7; every used dim[k] a whole number >= 1; vox_offset a whole number >= the header size.', code: 'CorruptFile' },
      { check: 'The datatype is a scalar type (not complex, RGB, float128, ...).', code: 'UnsupportedDatatype' },
      { check: 'At most 2^31 voxels per volume, and vox_offset + the voxel bytes fit in the file. Before allocating.', code: 'CorruptFile' },
      { check: 'Geometry: sform columns non-zero, pixdim[1..3] positive; spacing positive and finite, origin finite, direction finite and invertible (abs(det) >= 1e-6), else the message names the sform, qform or pixdim fields.', code: 'CorruptFile' },
      { check: 'The requested volume of a 4D file exists.', code: 'InvalidArgument' },
    ],
  },
  {
    reader: 'NRRD',
    source: 'src/io/nrrd.ts',
    checks: [
      { check: 'The magic NRRD000x; a blank line ends the header within its first 1 MiB.', code: 'CorruptFile' },
      { check: 'A type field; the type is a scalar type.', code: 'UnsupportedDatatype' },
      { check: 'dimension and sizes whole numbers that agree; 3D (or 4D with one volume); at most 2^31 voxels.', code: 'CorruptFile' },
      { check: 'space, encoding (raw, gzip, ascii) and line skip 0 are supported; a detached data file is read through readVolume(path).', code: 'UnsupportedFormat' },
      { check: 'space directions: three finite non-zero 3-vectors; spacings positive and finite; space origin three finite numbers; then spacing, origin and direction finite and invertible, naming the field. Before the data are read.', code: 'CorruptFile' },
      { check: 'byte skip a whole number >= -1; the (inflated) data hold every voxel, or enough ascii values. Before allocating.', code: 'CorruptFile' },
    ],
  },
  {
    reader: 'DICOM image series (classic, enhanced multi-frame)',
    source: 'src/io/dicom/series.ts, parse.ts, pixels.ts, rle.ts, frames.ts',
    checks: [
      ...DICOM_PARSE,
      { check: 'At least one file holds an image; one series, or the one picked.', code: 'NoDicomImages' },
      { check: 'A multi-frame image without per-frame functional groups (legacy cine) is not read.', code: 'UnsupportedFormat' },
      ...DICOM_FRAMES,
      { check: 'All frames share size, orientation and pixel spacing; no two at one position; no shear (gantry tilt).', code: 'InconsistentSeries' },
      { check: 'Uniform steps along the normal (a gap of whole steps is MissingSlices, naming the positions).', code: 'NonUniformSlices' },
      { check: 'The volume\'s spacing (slice step included), origin and direction finite, direction invertible (e.g. slices 1e308 mm apart). Before allocating.', code: 'CorruptFile' },
    ],
  },
  {
    reader: 'DICOM compressed pixel data (JPEG, JPEG Lossless, JPEG-LS, JPEG 2000, HTJ2K)',
    source: 'src/io/dicom/encapsulated.ts, src/io/codecs/ (frameHeader.ts, jpegLsCodestream.ts, j2kCodestream.ts)',
    checks: [
      { check: 'A codec for the transfer syntax (video syntaxes and 12-bit JPEG Extended have none).', code: 'UnsupportedTransferSyntax' },
      { check: 'Fragments inside the file; the Extended Offset Table, or a non-empty Basic Offset Table, lists Number of Frames entries, each the start of a fragment; otherwise fragments group into exactly Number of Frames codestreams.', code: 'CorruptFile' },
      { check: 'Each frame\'s codestream declares, in its own header (JPEG / JPEG-LS SOF, JPEG 2000 / HTJ2K SIZ), Columns x Rows and one component. Before any codec loads or runs.', code: 'CorruptFile' },
      { check: 'JPEG-LS structure (T.87): SOI; marker segments that fit; one SOF55 of one component and 2 to 16 bits; LSE, DRI, DNL of their sizes; one scan of that component whose entropy-coded data are not empty and end at a marker; restart markers only with DRI, in order, fewer than the frame\'s intervals; EOI. CharLS otherwise spins for 10-30 s on data that run to the end of the buffer. Before CharLS runs.', code: 'CorruptFile' },
      { check: 'JPEG 2000 / HTJ2K structure (T.800 Annex A): SIZ of one component, 1 to 16 bits, not subsampled, a tile grid that starts on the image and at most one tile per 4096 pixels of the frame (OpenJPEG keeps ~26 kB a tile); COD / COC with progression 0-4, 1 to 256 layers, 0 to 32 decomposition levels, code-blocks of at most 4096 samples, and the length their flags imply; QCD / QCC of the length their style implies; tile-parts that fit (a cut codestream is refused, not decoded in part), every tile present, EOC. Before OpenJPEG or OpenJPH runs.', code: 'CorruptFile' },
      { check: 'The codec loads (its module is imported on first use).', code: 'CodecUnavailable' },
      { check: 'Anything a codec throws (C++ exceptions arrive as numbers or strings) becomes an error naming the file and frame; the decoded image is Rows x Columns, one component, 1 to 16 bits, checked before a byte is copied out of the codec\'s memory.', code: 'CorruptFile' },
    ],
  },
  {
    reader: 'DICOM RTSTRUCT',
    source: 'src/io/dicom/rtstruct.ts',
    checks: [
      ...DICOM_PARSE.slice(0, 3),
      { check: 'Modality RTSTRUCT (or a Structure Set ROI Sequence).', code: 'UnsupportedFormat' },
      { check: 'The ROI exists and has a closed planar contour.', code: 'UnknownRoi' },
      { check: 'The ROI\'s frame of reference is the image series\'.', code: 'FrameOfReferenceMismatch' },
      { check: 'Contour coordinates are numbers.', code: 'CorruptFile' },
      { check: 'Each contour lies on an image slice.', code: 'GeometryMismatch' },
    ],
  },
  {
    reader: 'DICOM-SEG',
    source: 'src/io/dicom/seg.ts',
    checks: [
      ...DICOM_PARSE,
      { check: 'Modality SEG (or a Segment Sequence).', code: 'UnsupportedFormat' },
      { check: 'The segment exists (by number or label).', code: 'UnknownSegment' },
      { check: 'The frame of reference is the image series\'.', code: 'FrameOfReferenceMismatch' },
      { check: 'BINARY has 1 bit allocated, FRACTIONAL 8.', code: 'CorruptFile' },
      ...DICOM_FRAMES.slice(2),
      { check: 'Segment numbers are unique and every frame references one of them (Segment Identification Sequence), naming the first frame that does not. Before allocating.', code: 'CorruptFile' },
      { check: 'Each frame lies on the image grid (axes, spacing, whole voxel offsets).', code: 'GeometryMismatch' },
    ],
  },
  {
    reader: 'PyRadiomics parameter file, config file (YAML / JSON)',
    source: 'src/pyradiomics/params.ts, src/cli/common.ts',
    checks: [
      { check: 'Flow collections ([ ], { }) nested at most 64 deep, counted in one pass before parsing (a file nested 10^5 deep would take the parser seconds and ~100 MB).', code: 'InvalidConfig' },
      { check: 'Anything the YAML or JSON parser throws becomes an error naming the file; the document does not contain itself (a YAML alias inside its own anchor) and is a mapping (an empty file is the defaults).', code: 'InvalidConfig' },
      { check: 'Every key is known (with a suggestion) and every value has its type and range.', code: 'UnknownConfigKey' },
    ],
  },
  {
    reader: 'Batch manifest (CSV)',
    source: 'src/cli/manifest.ts, src/util/csv.ts',
    checks: [
      { check: 'RFC 4180: quotes closed, nothing after a closing quote, no quote inside an unquoted field, every row as wide as the header.', code: 'InvalidManifest' },
      { check: 'Columns id, image and mask present and not empty; keys (id, or id and roi) unique; label a number.', code: 'InvalidManifest' },
    ],
  },
];
