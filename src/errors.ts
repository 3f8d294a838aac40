/**
 * Typed errors. Every failure the library reports is a RadiomicsError with a code from the closed
 * union below, a one-line message that names the problem (and the file, when there is one), and a
 * `detail` object for programs. docs/errors.md is generated from ERROR_CODES.
 */

export const ERROR_CODES = {
  CorruptFile: {
    cause: 'The file is truncated, not in the expected format, or its header contradicts its size.',
    remedy: 'Re-export or re-download the file; check that the path points at the intended file.',
  },
  UnsupportedDatatype: {
    cause: 'The voxel type (e.g. complex, RGB, float128) has no meaning as a scalar intensity.',
    remedy: 'Convert the image to an integer or floating-point scalar type.',
  },
  UnsupportedFormat: {
    cause: 'The file extension or magic bytes name a format this build cannot read.',
    remedy: 'Use NIfTI (.nii, .nii.gz), NRRD (.nrrd, .nhdr) or DICOM (a folder of slices, or an RTSTRUCT / SEG mask).',
  },
  GeometryMismatch: {
    cause: 'Image and mask differ in shape, spacing, origin or direction.',
    remedy: 'Resample the mask onto the image grid, or check that the pair belongs together.',
  },
  EmptyMask: {
    cause: 'No voxel of the mask carries the requested label (after re-segmentation, if any).',
    remedy: 'Check the label value (--label) and the re-segmentation range.',
  },
  OneVoxelMask: {
    cause: 'The region of interest holds a single voxel; most features are undefined for it.',
    remedy: 'Check the segmentation; a one-voxel ROI is almost always a labelling error.',
  },
  RoiTooSmall: {
    cause: "The region of interest is thinner (fewer axes more than one voxel wide) or smaller (fewer voxels) than config.roiChecks asks, after interpolation or re-segmentation; PyRadiomics' minimumROIDimensions and minimumROISize refuse such ROIs.",
    remedy: 'Check the segmentation and the re-segmentation range, or relax roiChecks (minimumROIDimensions, minimumROISize).',
  },
  NonFiniteVoxels: {
    cause: 'The image holds NaN or infinite values inside the region of interest.',
    remedy: 'Fill or mask the non-finite voxels before extraction.',
  },
  UnknownConfigKey: {
    cause: 'The configuration has a key that no option carries (often a typo).',
    remedy: 'Use the suggested key; docs/config.md lists every option.',
  },
  InvalidConfig: {
    cause: 'A configuration value has the wrong type or is out of range.',
    remedy: 'See docs/config.md for the allowed values of the named option.',
  },
  UnknownPreset: {
    cause: 'The named preset does not exist.',
    remedy: 'Use one of the listed presets.',
  },
  MatrixTooLarge: {
    cause: 'A texture matrix would exceed the memory limit (too many grey levels, e.g. a tiny fixed bin size on float data).',
    remedy: 'Use fixed bin number, a wider bin size, or raise limits.maxMatrixBytes.',
  },
  WorkTooLarge: {
    cause: 'A computation whose cost grows with a header value would exceed limits.maxWork: e.g. the local-intensity sphere (ROI voxels x sphere chords) on a very fine voxel spacing, or a filter kernel many voxels wide.',
    remedy: 'Check the voxel spacing in the file header; resample to a coarser spacing, or raise limits.maxWork.',
  },
  InvalidArgument: {
    cause: 'A function received an argument it cannot use (wrong shape, wrong type).',
    remedy: 'Check the call against the API documentation.',
  },
  MissingValues: {
    cause: 'A feature table holds an empty, NA or non-finite cell where a number is needed (agreement statistics, ComBat).',
    remedy: 'Drop or impute the feature or the sample first (radiomics harmonize --drop-missing drops features with missing cells).',
  },
  SingleSampleBatch: {
    cause: 'A ComBat batch has one sample, so its variance (scale) cannot be estimated.',
    remedy: 'Merge the batch with a similar one, remove the sample, or use the mean-only adjustment (--mean-only).',
  },
  ConfoundedDesign: {
    cause: 'The ComBat design matrix (batch indicators and covariates) is singular: a covariate is constant, duplicated or fully determined by batch.',
    remedy: 'Drop the confounded covariate; ComBat cannot separate an effect that coincides with batch.',
  },
  UnknownBatch: {
    cause: 'A sample to harmonise with a fitted ComBat model belongs to a batch (or covariate level) the model was not fitted on.',
    remedy: 'Refit the model including that batch; ComBat cannot estimate the effect of an unseen batch.',
  },
  InvalidModel: {
    cause: 'A serialised model (e.g. ComBat JSON) is malformed or was written by an incompatible version.',
    remedy: 'Refit the model with this version and write it again.',
  },
  UsageError: {
    cause: 'The command line is incomplete or has an unknown option.',
    remedy: 'Run `radiomics --help`.',
  },
  InvalidManifest: {
    cause: 'A batch manifest or feature table is not usable: a required column (id, image, mask) is missing, an id repeats, or a row has the wrong number of cells.',
    remedy: 'Fix the named line of the CSV file; ids must be unique (per roi, when a roi column is present).',
  },
  InternalError: {
    cause: 'An unexpected failure inside the library (a bug).',
    remedy: 'Re-run with --debug and report the stack trace with the input that caused it.',
  },
  FileNotFound: {
    cause: 'The named input file does not exist or cannot be read.',
    remedy: 'Check the path.',
  },
  WriteFailed: {
    cause: 'The output file could not be written.',
    remedy: 'Check that the folder exists and is writable.',
  },
  NoDicomImages: {
    cause: 'The folder or file list holds no DICOM image (no file with pixel data that reads as DICOM).',
    remedy: 'Point --image at the folder that holds the slices (sub-folders are searched too).',
  },
  MultipleSeries: {
    cause: 'The DICOM files belong to more than one series (SeriesInstanceUID); the message lists them.',
    remedy: 'Pick one with --series UID (or the `series` option), or give a folder that holds one series.',
  },
  MissingSlices: {
    cause: 'The slice positions along the slice normal jump by a whole multiple of the slice spacing: slices are missing.',
    remedy: 'Re-export the complete series; the message names the positions on either side of the gap.',
  },
  NonUniformSlices: {
    cause: 'The distances between consecutive slices differ (not by a whole number of slices), so the series is not one regular grid.',
    remedy: 'Resample the series to uniform spacing before extraction, or check for a mixed series.',
  },
  InconsistentSeries: {
    cause: 'The slices of one series disagree in size, orientation or pixel spacing, two slices share a position, or the stack is sheared (gantry tilt).',
    remedy: 'Split the series (e.g. by echo or acquisition), or correct the gantry tilt with a DICOM tool first.',
  },
  UnsupportedTransferSyntax: {
    cause: 'The pixel data are encoded with a transfer syntax no codec of this build decodes (e.g. MPEG-2, H.264, HEVC video).',
    remedy: 'Decompress the files first (e.g. `gdcmconv --raw`); README lists the transfer syntaxes read.',
  },
  CompressedPixelData: {
    cause: 'The pixel data are compressed (JPEG, JPEG-LS, JPEG 2000, HTJ2K) and the synchronous reader runs no codec.',
    remedy: 'Use the asynchronous reader (readDicomSeriesFromBuffersAsync, or readDicomSeries / readVolumeAsync in Node), which loads the codec.',
  },
  CodecUnavailable: {
    cause: 'The codec of a compressed transfer syntax could not be loaded (a missing package, a blocked WebAssembly or script fetch in a browser).',
    remedy: 'Check that the codec packages are installed (npm ci) and, in a browser, that the chunks beside radiomics.js are served.',
  },
  FrameOfReferenceMismatch: {
    cause: 'The RTSTRUCT or SEG refers to another frame of reference (FrameOfReferenceUID) than the image series.',
    remedy: 'Pair the structure set or segmentation with the series it was drawn on.',
  },
  UnknownRoi: {
    cause: 'The RTSTRUCT has no ROI with the requested name, or the ROI has no contours.',
    remedy: 'Use one of the listed ROI names (--roi NAME).',
  },
  UnsupportedMap: {
    cause: 'A voxel-wise feature map was asked for a family defined only for the whole ROI (morph, li), or for a combination maps do not support (unmasked kernels with outlier re-segmentation or filtered image types).',
    remedy: 'Leave morph and li out of the families (they are dropped unless named), or use masked kernels.',
  },
  Aborted: {
    cause: 'The caller cancelled the computation through its AbortSignal.',
    remedy: 'Nothing to fix; run it again when needed.',
  },
  UnknownSegment: {
    cause: 'The DICOM-SEG has no segment with the requested number or label.',
    remedy: 'Use one of the listed segments (--segment N or its label).',
  },
  DicomwebHttpError: {
    cause: 'The DICOMweb server answered with an HTTP error status (4xx, or 5xx / 429 after every retry); detail holds the status and the URL (without credentials).',
    remedy: 'Check the URL, the study / series UIDs and the credentials (RADIOMICS_DICOMWEB_AUTHORIZATION); a 5xx or 429 that persists is the server\'s to fix.',
  },
  DicomwebResponseError: {
    cause: 'The DICOMweb server answered 2xx with a body that cannot be used: a multipart/related body without its boundary or truncated, JSON that does not parse, or a part that is not the media type asked for.',
    remedy: 'Retry; if it persists, check for a proxy that rewrites or cuts responses, and the server\'s logs.',
  },
  DicomwebTimeout: {
    cause: 'A DICOMweb request did not complete within the timeout, on every attempt.',
    remedy: 'Raise the timeout (--timeout) or check the server\'s load and the network path.',
  },
  DicomwebNetworkError: {
    cause: 'The DICOMweb server could not be reached (connection refused or reset, DNS failure), on every attempt.',
    remedy: 'Check that the server runs and the URL (host, port, scheme) is right.',
  },
  StateLocked: {
    cause: 'Another `radiomics dicomweb watch` holds the lock of this state file (STATE.lock names its process).',
    remedy: 'Let the other run finish, or stop it; a lock left by a process that no longer runs on this host is taken over by itself.',
  },
} as const satisfies Record<string, { cause: string; remedy: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class RadiomicsError extends Error {
  readonly code: ErrorCode;
  readonly detail: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, detail: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RadiomicsError';
    this.code = code;
    this.detail = Object.freeze({ ...detail });
  }
}

export function isRadiomicsError(value: unknown, code?: ErrorCode): value is RadiomicsError {
  return value instanceof RadiomicsError && (code === undefined || value.code === code);
}

/**
 * A one-line description of anything a dependency may throw: an Error (its message), a string (dicom-parser
 * throws strings), an object wrapping one (dicom-parser's `{ exception, dataSet }`), or anything else.
 * Used where a dependency's exception becomes a RadiomicsError; never throws itself.
 */
export function describeThrown(value: unknown, depth = 0): string {
  if (typeof value === 'string') return value.split('\n')[0];
  if (value instanceof RangeError && /call stack/i.test(value.message)) return 'nesting too deep (stack overflow)';
  if (value instanceof Error) return value.message.split('\n')[0];
  if (depth < 3 && typeof value === 'object' && value !== null && 'exception' in value) return describeThrown((value as { exception: unknown }).exception, depth + 1);
  try {
    return String(value);
  } catch {
    return typeof value;
  }
}

/** Prefixes the file name to an error raised while reading bytes that came from that file. */
export function withFile(error: unknown, file: string): unknown {
  if (error instanceof RadiomicsError && error.detail.file === undefined) {
    return new RadiomicsError(error.code, `${file}: ${error.message}`, { ...error.detail, file }, { cause: error.cause });
  }
  return error;
}

/** An error as plain data, to cross a thread boundary (postMessage keeps no class): code, message, detail. */
export interface ErrorData {
  readonly code: ErrorCode;
  readonly message: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

/** A RadiomicsError as data; anything else thrown becomes InternalError with its message. */
export function errorToData(e: unknown): ErrorData {
  return isRadiomicsError(e) ? { code: e.code, message: e.message, detail: { ...e.detail } } : { code: 'InternalError', message: (e as Error)?.message ?? String(e), detail: {} };
}

/** The RadiomicsError that errorToData described (on the receiving thread). */
export function errorFromData(d: ErrorData): RadiomicsError {
  return new RadiomicsError(d.code, d.message, { ...d.detail });
}
