/**
 * radiomics/node: the browser-safe core plus file-system helpers and worker threads (node/). The only
 * modules (with node/ and cli/) that may import node:*. Readers in io/ take bytes; this file turns
 * paths into bytes and back.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { RadiomicsError, withFile } from './errors.js';
import type { Mask, Volume } from './image/volume.js';
import { isGzip } from './io/gzip.js';
import { isNifti, readNifti, writeNifti } from './io/nifti.js';
import { isNrrd, readNrrd } from './io/nrrd.js';
import { dicomModality, isDicom } from './io/dicom/parse.js';
import { listRtstructRois, rasteriseRtstruct, type RtstructOptions, type RtstructRoi } from './io/dicom/rtstruct.js';
import { listSegments, readSegMaskFromBytes, type SegOptions, type SegSegment } from './io/dicom/seg.js';
import { listDicomSeries, readDicomSeriesFromBuffers, type DicomSeriesOptions, type DicomSeriesSummary } from './io/dicom/series.js';
import { srSourcesFromDicom, type SrSources } from './io/dicom/sr/sources.js';

export * from './index.js';

export interface ReadVolumeOptions {
  /** Volume of a 4D file to read, 0-based. Default 0. */
  readonly volumeIndex?: number;
  /** DICOM: Series Instance UID to read when a folder holds several series. */
  readonly series?: string;
}

interface Format {
  readonly name: string;
  /** Lower-case file name endings that select this format. */
  readonly extensions: readonly string[];
  /** Recognises the format from the raw (possibly gzipped) bytes, for files without a known extension. */
  readonly sniff: (bytes: Uint8Array) => boolean;
  readonly read: (bytes: Uint8Array, file: string, options: ReadVolumeOptions) => Volume;
}

/** Readable formats, tried in order: first by extension, then by magic bytes. A new format is one row. */
const FORMATS: readonly Format[] = Object.freeze([
  { name: 'NIfTI', extensions: ['.nii', '.nii.gz'], sniff: (b) => !isGzip(b) && isNifti(b), read: (b, file, o) => readNifti(inflateNative(b), { file, volumeIndex: o.volumeIndex, adoptBuffer: true }) },
  { name: 'NRRD', extensions: ['.nrrd', '.nhdr'], sniff: isNrrd, read: (b, file) => readNrrd(b, { file, dataFile: (name) => readBytes(join(dirname(file), name)) }) },
  { name: 'DICOM', extensions: ['.dcm'], sniff: isDicom, read: (b, file, o) => readDicomSeriesFromBuffers([b], { files: [file], series: o.series }) },
]);

/**
 * Reads an image volume from a file: NIfTI (.nii, .nii.gz), NRRD (.nrrd, .nhdr) or a single DICOM file
 * (one slice or an enhanced multi-frame image); a folder is read as a DICOM series (readDicomSeries).
 * Other extensions give 'UnsupportedFormat'. A missing file gives 'FileNotFound'; every decoding error
 * names the path.
 */
export function readVolume(path: string, options: ReadVolumeOptions = {}): Volume {
  if (isDirectory(path)) return readDicomSeries(path, { series: options.series });
  const bytes = readBytes(path);
  const lower = basename(path).toLowerCase();
  const format = FORMATS.find((f) => f.extensions.some((e) => lower.endsWith(e))) ?? FORMATS.find((f) => f.sniff(bytes));
  if (format === undefined) {
    const readable = FORMATS.map((f) => `${f.name} (${f.extensions.join(', ')})`).join('; ');
    throw new RadiomicsError('UnsupportedFormat', `${path}: cannot read this format (by name or first bytes); readable: ${readable}; a folder of DICOM slices`, { file: path });
  }
  try {
    return format.read(bytes, path, options);
  } catch (error) {
    if (error instanceof RadiomicsError) throw withFile(error, path);
    throw new RadiomicsError('InternalError', `${path}: ${(error as Error)?.message ?? String(error)}`, { file: path }, { cause: error });
  }
}

/** Reads a mask volume and pairs it with the label value of the region of interest (default 1). */
export function readMask(path: string, label = 1, options: ReadVolumeOptions = {}): Mask {
  if (!Number.isFinite(label)) {
    throw new RadiomicsError('InvalidArgument', `mask label must be a finite number, got ${label}`, { label, file: path });
  }
  return { volume: readVolume(path, options), label };
}

/**
 * Reads a DICOM image series from a folder (searched recursively; non-DICOM files, RTSTRUCT and SEG files
 * are skipped) or from a list of files, in any order: see readDicomSeriesFromBuffers for the checks.
 * Error messages name the files.
 */
export function readDicomSeries(dirOrFiles: string | readonly string[], options: Omit<DicomSeriesOptions, 'files'> = {}): Volume {
  const files = typeof dirOrFiles === 'string' ? (isDirectory(dirOrFiles) ? listFiles(dirOrFiles) : [dirOrFiles]) : [...dirOrFiles];
  const where = typeof dirOrFiles === 'string' ? dirOrFiles : `${files.length} files`;
  try {
    return readDicomSeriesFromBuffers(files.map(readBytes), { ...options, files });
  } catch (error) {
    if (error instanceof RadiomicsError) {
      if (error.detail.file !== undefined) throw error;
      throw new RadiomicsError(error.code, `${where}: ${error.message}`, { ...error.detail, file: where }, { cause: error.cause });
    }
    throw new RadiomicsError('InternalError', `${where}: ${(error as Error)?.message ?? String(error)}`, { file: where }, { cause: error });
  }
}

/** Rasterises a ROI of an RTSTRUCT file onto the grid of `reference` (the series read with readDicomSeries). */
export function readRtstructMask(path: string, reference: Volume, roi: RtstructOptions['roi']): Mask {
  return rasteriseRtstruct(readBytes(path), reference, { roi, file: path });
}

/** Reads a segment (number or label) of a DICOM-SEG file onto the grid of `reference`. */
export function readSegMask(path: string, reference: Volume, segment: SegOptions['segment'], options: Omit<SegOptions, 'segment' | 'file'> = {}): Mask {
  return readSegMaskFromBytes(readBytes(path), reference, { ...options, segment, file: path });
}

/**
 * The sources of a DICOM SR (see srSourcesFromDicom) from paths: the image series' folder (searched
 * recursively) or files, and the SEG or RTSTRUCT file with the segment or ROI to reference.
 */
export function readSrSources(image: string | readonly string[], segmentation: string, pick: { readonly segment?: number | string; readonly roi?: string; readonly series?: string } = {}): SrSources {
  const files = typeof image === 'string' ? (isDirectory(image) ? listFiles(image) : [image]) : [...image];
  try {
    return srSourcesFromDicom({ files: files.map(readBytes), names: files, series: pick.series }, { bytes: readBytes(segmentation), name: segmentation, segment: pick.segment, roi: pick.roi });
  } catch (error) {
    if (error instanceof RadiomicsError) throw error;
    throw new RadiomicsError('InternalError', `${segmentation}: ${(error as Error)?.message ?? String(error)}`, { file: segmentation }, { cause: error });
  }
}

/** What a DICOM folder (or file) holds: its image series, the ROIs of each RTSTRUCT, the segments of each SEG. */
export interface DicomContents {
  readonly series: readonly DicomSeriesSummary[];
  readonly rtstructs: readonly { readonly file: string; readonly rois: readonly RtstructRoi[] }[];
  readonly segs: readonly { readonly file: string; readonly segments: readonly SegSegment[] }[];
}

/** Lists the series, RTSTRUCT ROIs and SEG segments under a folder (recursively) or in one file. */
export function describeDicom(path: string): DicomContents {
  const files = isDirectory(path) ? listFiles(path) : [path];
  const bytes = files.map(readBytes);
  const modality = bytes.map(dicomModality);
  const images = files.map((_, i) => i).filter((i) => modality[i] !== null && modality[i] !== 'RTSTRUCT' && modality[i] !== 'SEG');
  let series: DicomSeriesSummary[] = [];
  try {
    series = images.length === 0 ? [] : listDicomSeries(images.map((i) => bytes[i]), { files: images.map((i) => files[i]) });
  } catch (error) {
    if (!(error instanceof RadiomicsError && error.code === 'NoDicomImages')) throw error;
  }
  return {
    series,
    rtstructs: files.flatMap((file, i) => (modality[i] === 'RTSTRUCT' ? [{ file, rois: listRtstructRois(bytes[i], file) }] : [])),
    segs: files.flatMap((file, i) => (modality[i] === 'SEG' ? [{ file, segments: listSegments(bytes[i], file) }] : [])),
  };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Every file under `dir`, recursively, in sorted order (hidden files skipped). */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
}

/**
 * Writes a volume as NIfTI-1 (gzipped when the path ends in .gz). Atomic: the bytes go to a temp file in
 * the same folder, which is then renamed over `path`, so readers never see half a file.
 */
export function writeVolume(path: string, volume: Volume): void {
  const lower = basename(path).toLowerCase();
  if (!lower.endsWith('.nii') && !lower.endsWith('.nii.gz')) {
    throw new RadiomicsError('UnsupportedFormat', `${path}: cannot write this format; writable: NIfTI (.nii, .nii.gz)`, { file: path });
  }
  writeFileAtomic(path, writeNifti(volume, { gzip: lower.endsWith('.gz') }));
}

/** Writes to a temp file beside `path`, then renames it over `path`: readers never see half a file. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${randomUUID().slice(0, 8)}.tmp`;
  try {
    writeFileSync(tmp, data, { flag: 'wx' });
    renameSync(tmp, path);
  } catch (cause) {
    rmSync(tmp, { force: true });
    throw new RadiomicsError('WriteFailed', `${path}: cannot write: ${(cause as Error).message}`, { file: path }, { cause });
  }
}

/**
 * SHA-256 (lower-case hex) by node:crypto: the same digest as the core's portable implementation, ~10x
 * faster. Pass it as extract's `sha256` option.
 */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * A gzipped file's bytes inflated by node:zlib (native; ~5x faster than the core's portable inflate on
 * an 8-million-voxel mask: 9 ms vs 45 ms). Bytes that are not gzip, or that zlib rejects (truncated,
 * corrupt), are returned as they are, so the core reader gives its typed error for them.
 */
function inflateNative(bytes: Uint8Array): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    // The gzip trailer's ISIZE (inflated length mod 2^32) as zlib's chunk size: one output chunk, so
    // no second copy when zlib joins its chunks (8.4 MB mask: 20 -> 12 ms, 16 -> 8 MB). Only a hint (a
    // multi-member file or a wrong trailer just gives more chunks); deflate cannot inflate more than
    // ~1032:1, which bounds what a corrupt trailer can make us allocate.
    const isize = bytes.length >= 18 ? new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 4, 4).getUint32(0, true) : 0;
    const b = gunzipSync(bytes, { chunkSize: Math.max(64 * 1024, Math.min(isize + 1, 1032 * bytes.length)) });
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } catch {
    return bytes;
  }
}

function readBytes(path: string): Uint8Array {
  try {
    const b = readFileSync(path);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `cannot read: ${(cause as Error).message}`;
    throw new RadiomicsError('FileNotFound', `${path}: ${reason}`, { file: path }, { cause });
  }
}

export { createExtractor, DEFAULT_MAX_THREADS, WorkerRunner, type Extractor, type ExtractorOptions } from './node/threads.js';
