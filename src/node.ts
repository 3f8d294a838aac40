/**
 * radiomics/node: the browser-safe core plus file-system helpers and worker threads (node/). The only
 * modules (with node/ and cli/) that may import node:*. Readers in io/ take bytes; this file turns
 * paths into bytes and back: NIfTI, NRRD and the asynchronous readers in node/volumeFiles.ts (which load
 * the DICOM readers only when a DICOM file is read), the synchronous DICOM readers here.
 */
import { basename } from 'node:path';
import { RadiomicsError } from './errors.js';
import type { Mask, Volume } from './image/volume.js';
import { writeNifti } from './io/nifti.js';
import { dicomModality } from './io/dicom/parse.js';
import { listRtstructRois, rasteriseRtstruct, type RtstructOptions, type RtstructRoi } from './io/dicom/rtstruct.js';
import { listSegments, readSegMaskFromBytes, type SegOptions, type SegSegment } from './io/dicom/seg.js';
import { listDicomSeries, readDicomSeriesFromBuffers, type DicomSeriesOptions, type DicomSeriesSummary } from './io/dicom/series.js';
import { srSourcesFromDicom, type SrSources } from './io/dicom/sr/sources.js';
import { formatOf, isDirectory, listFiles, readBytes, seriesError, seriesFiles, withPath, writeFileAtomic, type ReadVolumeOptions } from './node/volumeFiles.js';

export * from './index.js';
export { readVolumeAsync, readDicomSeriesAsync, writeFileAtomic, sha256, type ReadVolumeOptions } from './node/volumeFiles.js';

/**
 * Reads an image volume from a file: NIfTI (.nii, .nii.gz), NRRD (.nrrd, .nhdr) or a single DICOM file
 * (one slice or an enhanced multi-frame image); a folder is read as a DICOM series (readDicomSeries).
 * Other extensions give 'UnsupportedFormat'. A missing file gives 'FileNotFound'; every decoding error
 * names the path.
 */
export function readVolume(path: string, options: ReadVolumeOptions = {}): Volume {
  if (isDirectory(path)) return readDicomSeries(path, { series: options.series });
  const bytes = readBytes(path);
  const format = formatOf(path, bytes);
  const read = format.read ?? ((b: Uint8Array, file: string, o: ReadVolumeOptions) => readDicomSeriesFromBuffers([b], { files: [file], series: o.series }));
  return withPath(path, () => read(bytes, path, options));
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
  const { files, where } = seriesFiles(dirOrFiles);
  try {
    return readDicomSeriesFromBuffers(files.map(readBytes), { ...options, files });
  } catch (error) {
    throw seriesError(error, where);
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

export { createExtractor, DEFAULT_MAX_THREADS, WorkerRunner, type Extractor, type ExtractorOptions } from './node/threads.js';
