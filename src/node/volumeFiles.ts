/**
 * Paths to volumes and back, without the DICOM readers loaded up front: NIfTI and NRRD are read here, and
 * DICOM files and folders by the asynchronous series reader, imported on first use. What the CLI's
 * `radiomics extract` of NIfTI files loads (with src/node/threads.ts); src/node.ts re-exports the public
 * functions and adds the synchronous DICOM readers. Node-only (file system, node:crypto, node:zlib).
 */
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { RadiomicsError, withFile } from '../errors.js';
import type { Volume } from '../image/volume.js';
import { isGzip } from '../io/gzip.js';
import { isNifti, readNifti } from '../io/nifti.js';
import { isNrrd, readNrrd } from '../io/nrrd.js';
import { isDicom } from '../io/dicom/preamble.js';
import type { DicomSeriesAsyncOptions } from '../io/dicom/seriesAsync.js';

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
  /**
   * Reads a file of this format. Null for DICOM, which readVolume and readVolumeAsync read as a series of
   * one file (readVolumeAsync loads the DICOM readers on first use: a NIfTI or NRRD read never loads them).
   */
  readonly read: ((bytes: Uint8Array, file: string, options: ReadVolumeOptions) => Volume) | null;
}

/** Readable formats, tried in order: first by extension, then by magic bytes. A new format is one row. */
const FORMATS: readonly Format[] = Object.freeze([
  { name: 'NIfTI', extensions: ['.nii', '.nii.gz'], sniff: (b) => !isGzip(b) && isNifti(b), read: (b, file, o) => readNifti(inflateNative(b), { file, volumeIndex: o.volumeIndex, adoptBuffer: true }) },
  { name: 'NRRD', extensions: ['.nrrd', '.nhdr'], sniff: isNrrd, read: (b, file) => readNrrd(b, { file, dataFile: (name) => readBytes(join(dirname(file), name)) }) },
  { name: 'DICOM', extensions: ['.dcm'], sniff: isDicom, read: null },
]);

/**
 * The asynchronous DICOM series reader (and with it dicom-parser and the DICOM modules), imported when a
 * DICOM file or folder is first read asynchronously: what a `radiomics extract` of NIfTI files never loads.
 */
const loadSeriesAsync = () => import('../io/dicom/seriesAsync.js');

/**
 * readVolume that also decodes compressed DICOM (JPEG, JPEG-LS, JPEG 2000, HTJ2K), loading each codec on
 * first use; other formats are read as readVolume reads them. `codecs` shares one loader over many reads.
 */
export async function readVolumeAsync(path: string, options: ReadVolumeOptions & Pick<DicomSeriesAsyncOptions, 'codecs'> = {}): Promise<Volume> {
  if (isDirectory(path)) return readDicomSeriesAsync(path, { series: options.series, codecs: options.codecs });
  const bytes = readBytes(path);
  const { read } = formatOf(path, bytes);
  if (read !== null) return withPath(path, () => read(bytes, path, options));
  try {
    const { readDicomSeriesFromBuffersAsync } = await loadSeriesAsync();
    return await readDicomSeriesFromBuffersAsync([bytes], { files: [path], series: options.series, codecs: options.codecs });
  } catch (error) {
    return withPath(path, () => {
      throw error;
    });
  }
}

export function formatOf(path: string, bytes: Uint8Array): Format {
  const lower = basename(path).toLowerCase();
  const format = FORMATS.find((f) => f.extensions.some((e) => lower.endsWith(e))) ?? FORMATS.find((f) => f.sniff(bytes));
  if (format === undefined) {
    const readable = FORMATS.map((f) => `${f.name} (${f.extensions.join(', ')})`).join('; ');
    throw new RadiomicsError('UnsupportedFormat', `${path}: cannot read this format (by name or first bytes); readable: ${readable}; a folder of DICOM slices`, { file: path });
  }
  return format;
}

/** Runs `read`; a typed error gets the path, anything else becomes 'InternalError' naming it. */
export function withPath<T>(path: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof RadiomicsError) throw withFile(error, path);
    throw new RadiomicsError('InternalError', `${path}: ${(error as Error)?.message ?? String(error)}`, { file: path }, { cause: error });
  }
}

/** readDicomSeries that also decodes compressed transfer syntaxes (see readDicomSeriesFromBuffersAsync). */
export async function readDicomSeriesAsync(dirOrFiles: string | readonly string[], options: Omit<DicomSeriesAsyncOptions, 'files'> = {}): Promise<Volume> {
  const { files, where } = seriesFiles(dirOrFiles);
  try {
    const { readDicomSeriesFromBuffersAsync } = await loadSeriesAsync();
    return await readDicomSeriesFromBuffersAsync(files.map(readBytes), { ...options, files });
  } catch (error) {
    throw seriesError(error, where);
  }
}

export function seriesFiles(dirOrFiles: string | readonly string[]): { files: string[]; where: string } {
  const files = typeof dirOrFiles === 'string' ? (isDirectory(dirOrFiles) ? listFiles(dirOrFiles) : [dirOrFiles]) : [...dirOrFiles];
  return { files, where: typeof dirOrFiles === 'string' ? dirOrFiles : `${files.length} files` };
}

/** A series error names the folder unless it names a file already. */
export function seriesError(error: unknown, where: string): RadiomicsError {
  if (error instanceof RadiomicsError) {
    if (error.detail.file !== undefined) return error;
    return new RadiomicsError(error.code, `${where}: ${error.message}`, { ...error.detail, file: where }, { cause: error.cause });
  }
  return new RadiomicsError('InternalError', `${where}: ${(error as Error)?.message ?? String(error)}`, { file: where }, { cause: error });
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Every file under `dir`, recursively, in sorted order (hidden files skipped). */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
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

export function readBytes(path: string): Uint8Array {
  try {
    const b = readFileSync(path);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `cannot read: ${(cause as Error).message}`;
    throw new RadiomicsError('FileNotFound', `${path}: ${reason}`, { file: path }, { cause });
  }
}
