/**
 * `radiomics extract`'s DICOM-only parts: RTSTRUCT and DICOM-SEG masks, and the sources of --sr. Imported
 * by extract.ts when a mask is DICOM or --sr is given, so that a NIfTI or NRRD extract never loads the
 * DICOM parser, readers and SR writer.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { RadiomicsError } from '../errors.js';
import { dicomModality, type Mask, type SrSources, type Volume } from '../index.js';
import { readRtstructMask, readSegMask, readSrSources } from '../node.js';

export { toDicomSr } from '../index.js';

/**
 * An RTSTRUCT ROI (--roi) or DICOM-SEG segment (--segment) of the DICOM file at `path`, on the image
 * grid; null when the file is neither (a DICOM label map, read as an image).
 */
export function readSegmentationMask(path: string, image: Volume, roi: string | undefined, segment: string | undefined): Mask | null {
  const modality = sniffModality(path);
  if (modality === 'RTSTRUCT') {
    if (roi === undefined) throw new RadiomicsError('UsageError', `${path} is an RTSTRUCT: name the ROI with --roi NAME`, { option: 'roi' });
    return readRtstructMask(path, image, roi);
  }
  if (modality === 'SEG') {
    if (segment === undefined) throw new RadiomicsError('UsageError', `${path} is a DICOM-SEG: name the segment with --segment N or --segment LABEL`, { option: 'segment' });
    return readSegMask(path, image, /^\d+$/.test(segment) ? Number(segment) : segment);
  }
  return null;
}

/** --sr: the SR's sources; a UsageError unless the image is DICOM and the mask an RTSTRUCT or SEG. */
export function srSourcesFor(imagePath: string, maskPath: string, roi: string | undefined, segment: string | undefined, series: string | undefined): SrSources {
  for (const path of [imagePath, maskPath]) {
    if (!existsSync(path)) throw new RadiomicsError('FileNotFound', `${path}: no such file or folder`, { file: path });
  }
  const maskModality = sniffModality(maskPath);
  if (maskModality !== 'RTSTRUCT' && maskModality !== 'SEG') {
    throw new RadiomicsError('UsageError', `--sr needs an RTSTRUCT or DICOM-SEG mask (the SR references it); ${maskPath} is ${maskModality === null ? 'not DICOM' : `a DICOM ${maskModality || 'object'}`}`, { option: 'sr', file: maskPath });
  }
  if (!isDicomImagePath(imagePath)) {
    throw new RadiomicsError('UsageError', `--sr needs a DICOM image series (a folder of slices or a DICOM file); ${imagePath} is not DICOM`, { option: 'sr', file: imagePath });
  }
  return readSrSources(imagePath, maskPath, { roi, segment: segment !== undefined && /^\d+$/.test(segment) ? Number(segment) : segment, series });
}

/** A folder (read as a DICOM series) or a DICOM file. */
function isDicomImagePath(path: string): boolean {
  try {
    return statSync(path).isDirectory() || sniffModality(path) !== null;
  } catch {
    return false;
  }
}

/** Modality of a DICOM file (null for anything else, including a missing file: the reader reports that). */
function sniffModality(path: string): string | null {
  try {
    return dicomModality(new Uint8Array(readFileSync(path)));
  } catch {
    return null;
  }
}
