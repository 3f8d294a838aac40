/**
 * DICOM image series -> Volume: bytes of many files in, one LPS volume out (no file system here).
 *
 * 1. Parse every buffer; files without pixel data (RTSTRUCT, SEG without images, DICOMDIR) are skipped.
 * 2. Group the frames by Series Instance UID; several series are an error listing them unless one is picked.
 * 3. Sort along the slice normal n = row x column by the projection of Image Position (Patient) on n
 *    (never by file name or Instance Number), so file order never matters.
 * 4. Check one grid: same size, orientation and pixel spacing; no two slices at one position; uniform
 *    spacing (a gap of whole slices is 'MissingSlices' naming the positions); no shear (gantry tilt).
 * 5. Apply Rescale Slope/Intercept per slice (per frame in enhanced multi-frame images): voxels are
 *    float32 modality values (HU for CT), whatever the stored type.
 * Geometry: x = column index (along the row direction cosine), y = row index, z = slice; origin = position
 * of the first slice; spacing = [column spacing, row spacing, slice step]. This is also ITK's convention.
 */
import { RadiomicsError } from '../../errors.js';
import type { Acquisition } from '../../image/acquisition.js';
import { unusableGeometry } from '../../image/geometry.js';
import { createVolume, type Mat3, type Vec3, type Volume } from '../../image/volume.js';
import { checkFrameCount, cross, dot, framePlane, isEnhanced, sub, type FramePlane } from './frames.js';
import { acquisitionOf, pixelEncodingOf } from './metadata.js';
import { TAGS, checkTransferSyntax, decimal, isDicom, parseDicomFile, text, transferSyntaxName, type DicomFile } from './parse.js';
import { checkPixelData, framePixels, pixelBytes, pixelDataElement, pixelFormat, type PixelFormat } from './pixels.js';

export interface DicomSeriesOptions {
  /** Series Instance UID to read when the files hold several series. Default: the only series. */
  readonly series?: string;
  /** Names of the buffers (same order), for messages. Default "file 1", "file 2", ... */
  readonly files?: readonly string[];
}

/** One series found among the files. */
export interface DicomSeriesSummary {
  readonly seriesInstanceUid: string;
  readonly modality: string | null;
  readonly description: string | null;
  /** Number of frames (slices) and of files. */
  readonly frames: number;
  readonly files: number;
  /** Names (or UIDs, when unknown) of the transfer syntaxes of the series' files. */
  readonly transferSyntaxes: readonly string[];
  /** Whether any file is lossy-compressed (Lossy Image Compression "01", or a lossy syntax). */
  readonly lossy: boolean;
  /** UCUM units of the Real World Value Mapping of the first frame, or null (no quantitative mapping). */
  readonly units: string | null;
}

export interface Slice {
  readonly file: DicomFile;
  readonly format: PixelFormat;
  readonly frame: number;
  readonly plane: FramePlane;
  readonly series: string;
}

/** Modalities of objects that are not images to stack (structure sets, segmentations, plans, dose, reports). */
export const NON_IMAGE_MODALITIES = new Set(['RTSTRUCT', 'SEG', 'RTPLAN', 'RTDOSE', 'SR', 'PR', 'KO', 'REG']);

/** Relative tolerance for equal orientation and pixel spacing, and for uniform slice steps (1 % of a step). */
const ORIENTATION_TOLERANCE = 1e-4;
const STEP_TOLERANCE = 1e-2;

/** Lists the image series in the buffers (non-DICOM and non-image files are skipped). */
export function listDicomSeries(buffers: readonly Uint8Array[], options: Pick<DicomSeriesOptions, 'files'> = {}): DicomSeriesSummary[] {
  const bySeries = groupSlices(imageFiles(buffers, options.files));
  return [...bySeries.entries()].map(([uid, slices]) => ({
    seriesInstanceUid: uid,
    modality: text(slices[0].file.dataSet, TAGS.modality),
    description: text(slices[0].file.dataSet, TAGS.seriesDescription),
    frames: slices.length,
    files: new Set(slices.map((s) => s.file)).size,
    transferSyntaxes: [...new Set(slices.map((s) => transferSyntaxName(s.file.transferSyntax) ?? s.file.transferSyntax))],
    lossy: [...new Set(slices.map((s) => s.file))].some((f) => pixelEncodingOf(f.dataSet).lossy),
    units: slices[0].plane.realWorldValues?.units.code ?? null,
  }));
}

/**
 * Reads one image series from the bytes of its files (any order; other files are skipped) into a float32
 * LPS volume with its acquisition metadata. Errors: 'NoDicomImages', 'MultipleSeries' (listing the series),
 * 'MissingSlices', 'NonUniformSlices', 'InconsistentSeries', 'UnsupportedTransferSyntax', 'CorruptFile'.
 */
export function readDicomSeriesFromBuffers(buffers: readonly Uint8Array[], options: DicomSeriesOptions = {}): Volume<Float32Array> {
  const { slices, uid } = selectSeries(buffers, options);
  // Every file's syntax is checked before stackSlices allocates the volume: a compressed file is
  // 'CompressedPixelData' whatever size its header claims.
  for (const s of slices) checkTransferSyntax(s.file);
  return stackSlices(slices, uid, nativePixelBytes);
}

/** The stored pixel bytes of a file, in the native layout (src/io/dicom/encapsulated.ts decodes compressed files to it). */
export type PixelSource = (file: DicomFile, format: PixelFormat) => Uint8Array;

/** Pixel bytes without a codec: native and RLE data; compressed data is 'CompressedPixelData'. */
function nativePixelBytes(file: DicomFile, format: PixelFormat): Uint8Array {
  checkTransferSyntax(file);
  return pixelBytes(file, format);
}

/** Parses the buffers and picks the slices of one series (options.series, else the only one). */
export function selectSeries(buffers: readonly Uint8Array[], options: DicomSeriesOptions): { readonly slices: readonly Slice[]; readonly uid: string } {
  const bySeries = groupSlices(imageFiles(buffers, options.files));
  let uid = options.series;
  if (uid === undefined) {
    if (bySeries.size > 1) {
      const list = [...bySeries.entries()].map(([u, s]) => `${u} (${text(s[0].file.dataSet, TAGS.modality) ?? '?'}, ${s.length} slices${describe(s[0])})`);
      throw new RadiomicsError('MultipleSeries', `${bySeries.size} series in the files; pick one (--series UID): ${list.join('; ')}`, { series: [...bySeries.keys()] });
    }
    uid = [...bySeries.keys()][0];
  }
  const slices = bySeries.get(uid);
  if (slices === undefined) {
    throw new RadiomicsError('MultipleSeries', `no series ${uid} in the files; present: ${[...bySeries.keys()].join(', ')}`, { series: [...bySeries.keys()], requested: uid });
  }
  return { slices, uid };
}

function describe(s: Slice): string {
  const d = text(s.file.dataSet, TAGS.seriesDescription);
  return d === null ? '' : `, "${d}"`;
}

/** Parses the buffers and keeps the DICOM files that carry images. */
function imageFiles(buffers: readonly Uint8Array[], names: readonly string[] | undefined): DicomFile[] {
  const out: DicomFile[] = [];
  const skipped: string[] = [];
  buffers.forEach((bytes, i) => {
    const name = names?.[i] ?? `file ${i + 1}`;
    if (!isDicom(bytes)) {
      skipped.push(`${name} (not DICOM)`);
      return;
    }
    const f = parseDicomFile(bytes, name);
    const modality = text(f.dataSet, TAGS.modality) ?? '';
    if (pixelDataElement(f) === null || NON_IMAGE_MODALITIES.has(modality)) {
      skipped.push(`${name} (${modality || 'no pixel data'})`);
      return;
    }
    out.push(f);
  });
  if (out.length === 0) {
    const shown = skipped.slice(0, 5).join(', ') + (skipped.length > 5 ? `, ... (${skipped.length} in all)` : '');
    throw new RadiomicsError('NoDicomImages', `no DICOM image among ${buffers.length} file(s)${shown === '' ? '' : `: ${shown}`}`, { files: buffers.length });
  }
  return out;
}

/** Every frame of every file, grouped by Series Instance UID (insertion order = first file seen). */
function groupSlices(files: readonly DicomFile[]): Map<string, Slice[]> {
  const bySeries = new Map<string, Slice[]>();
  for (const file of files) {
    const series = text(file.dataSet, TAGS.seriesInstanceUid) ?? '(no SeriesInstanceUID)';
    const format = pixelFormat(file);
    if (format.frames > 1 && !isEnhanced(file.dataSet)) {
      throw new RadiomicsError('UnsupportedFormat', `${file.file}: multi-frame image with ${format.frames} frames but no per-frame functional groups (legacy NM/US cine); only single-frame and enhanced multi-frame images are read`, { file: file.file });
    }
    // Before any per-frame work or allocation: the frame counts agree and the pixel data hold every frame.
    checkFrameCount(file, format.frames);
    checkPixelData(file, format);
    const list = bySeries.get(series) ?? [];
    for (let frame = 0; frame < format.frames; frame++) list.push({ file, format, frame, plane: framePlane(file, frame), series });
    bySeries.set(series, list);
  }
  return bySeries;
}

/** Sorts, checks and stacks the slices of one series into a volume, pixel bytes from `pixels`. */
export function stackSlices(slices: readonly Slice[], uid: string, pixels: PixelSource): Volume<Float32Array> {
  const first = slices[0];
  const { rows, columns } = first.format;
  const { row, column, pixelSpacing } = first.plane;
  for (const s of slices) {
    const where = s.format.frames > 1 ? `${s.file.file} frame ${s.frame + 1}` : s.file.file;
    if (s.format.rows !== rows || s.format.columns !== columns) {
      throw inconsistent(uid, `${where} is ${s.format.columns} x ${s.format.rows} pixels, ${first.file.file} is ${columns} x ${rows}`);
    }
    const o = s.plane;
    if ([0, 1, 2].some((k) => Math.abs(o.row[k] - row[k]) > ORIENTATION_TOLERANCE || Math.abs(o.column[k] - column[k]) > ORIENTATION_TOLERANCE)) {
      throw inconsistent(uid, `${where} has orientation [${[...o.row, ...o.column].join(', ')}], ${first.file.file} [${[...row, ...column].join(', ')}]`);
    }
    if ([0, 1].some((k) => Math.abs(o.pixelSpacing[k] - pixelSpacing[k]) > ORIENTATION_TOLERANCE * pixelSpacing[k])) {
      throw inconsistent(uid, `${where} has pixel spacing ${o.pixelSpacing.join(' x ')}, ${first.file.file} ${pixelSpacing.join(' x ')}`);
    }
  }
  const normal = cross(row, column);
  const sorted = [...slices].map((s) => ({ s, d: dot(s.plane.position, normal) })).sort((a, b) => a.d - b.d);
  const step = sliceStep(sorted, uid, first);
  if (sorted.length > 1) {
    // The mean step vector must lie along the normal; an in-plane component is a sheared stack (gantry tilt).
    const a = sorted[0].s.plane.position;
    const b = sorted[sorted.length - 1].s.plane.position;
    const v = sub(b, a).map((c) => c / (sorted.length - 1)) as unknown as Vec3;
    const along = dot(v, normal);
    const shear = Math.hypot(v[0] - along * normal[0], v[1] - along * normal[1], v[2] - along * normal[2]);
    if (shear > STEP_TOLERANCE * step) {
      throw inconsistent(uid, `slices are offset in-plane by ${shear.toFixed(4)} mm per ${step.toFixed(4)} mm step (gantry tilt or sheared stack)`);
    }
  }

  const nx = columns;
  const ny = rows;
  const nz = sorted.length;
  const direction: Mat3 = [row[0], column[0], normal[0], row[1], column[1], normal[1], row[2], column[2], normal[2]].map((c) => c || 0) as unknown as Mat3;
  const spacing: Vec3 = [pixelSpacing[1], pixelSpacing[0], step];
  const origin = sorted[0].s.plane.position;
  const problem = unusableGeometry({ spacing, origin, direction });
  if (problem !== null) {
    // Finite positions far apart (1e308) still make an infinite step; checked before the volume is allocated.
    const field = problem === 'spacing' ? 'Pixel Spacing (0028,0030) / Image Position (Patient) (0020,0032) slice step' : problem === 'origin' ? 'Image Position (Patient) (0020,0032)' : 'Image Orientation (Patient) (0020,0037)';
    const value = problem === 'spacing' ? spacing : problem === 'origin' ? origin : direction;
    throw new RadiomicsError('CorruptFile', `${first.file.file}: series ${uid}: unusable geometry: ${field} gives ${problem} [${value.join(', ')}]`, { file: first.file.file, series: uid, field });
  }
  const data = new Float32Array(nx * ny * nz);
  const bytesOf = new Map<DicomFile, Uint8Array>();
  sorted.forEach(({ s }, k) => {
    let bytes = bytesOf.get(s.file);
    if (bytes === undefined) {
      bytes = pixels(s.file, s.format);
      bytesOf.set(s.file, bytes);
    }
    const stored = framePixels(s.file, s.format, bytes, s.frame);
    const { slope, intercept } = s.plane;
    const offset = k * nx * ny;
    for (let i = 0; i < stored.length; i++) data[offset + i] = stored[i] * slope + intercept;
  });
  const acquisition: Acquisition = { ...acquisitionOf(sorted[0].s.file.dataSet), realWorldValueMapping: realWorldValuesOf(sorted.map((x) => x.s), uid) };
  return createVolume({ data, shape: [nx, ny, nz], spacing, origin, direction, acquisition });
}

/**
 * The uniform slice step along the normal. The smallest distance between neighbours is the step; every
 * distance must equal it within 1 %, or be a whole multiple (missing slices), else the grid is not regular.
 * A single slice takes Spacing Between Slices, else Slice Thickness, else 1 mm.
 */
function sliceStep(sorted: readonly { s: Slice; d: number }[], uid: string, first: Slice): number {
  if (sorted.length === 1) {
    const ds = first.file.dataSet;
    const s = decimal(ds, TAGS.spacingBetweenSlices) ?? decimal(ds, TAGS.sliceThickness) ?? 1;
    return s > 0 ? s : 1;
  }
  const gaps = sorted.slice(1).map((x, i) => x.d - sorted[i].d);
  const where = (i: number) => `${name(sorted[i].s)} at ${fmt(sorted[i].d)} mm and ${name(sorted[i + 1].s)} at ${fmt(sorted[i + 1].d)} mm`;
  const duplicate = gaps.findIndex((g) => g < 1e-3);
  if (duplicate !== -1) {
    throw inconsistent(uid, `two slices at the same position along the normal: ${where(duplicate)} (several echoes, phases or acquisitions in one series?)`);
  }
  const step = gaps.reduce((a, b) => Math.min(a, b), Infinity); // not Math.min(...gaps): a spread of 10^5 frames overflows the stack
  const missing: string[] = [];
  let missingCount = 0;
  for (let i = 0; i < gaps.length; i++) {
    const ratio = gaps[i] / step;
    const whole = Math.round(ratio);
    if (Math.abs(ratio - whole) > STEP_TOLERANCE) {
      throw new RadiomicsError('NonUniformSlices', `series ${uid}: slice distance ${fmt(gaps[i])} mm between ${where(i)} differs from the step ${fmt(step)} mm`, { series: uid, step, gap: gaps[i] });
    }
    if (whole > 1) {
      missing.push(`${whole - 1} between ${where(i)}`);
      missingCount += whole - 1;
    }
  }
  if (missing.length > 0) {
    throw new RadiomicsError('MissingSlices', `series ${uid}: ${missingCount} slice(s) missing at step ${fmt(step)} mm: ${missing.join('; ')}`, { series: uid, step, missing: missingCount });
  }
  return gaps.reduce((a, b) => a + b, 0) / gaps.length;
}

/** The series' Real World Value Mapping: every slice mapped to the same units, or none mapped. */
function realWorldValuesOf(slices: readonly Slice[], uid: string): Acquisition['realWorldValueMapping'] {
  const first = slices[0].plane.realWorldValues;
  for (const s of slices) {
    const m = s.plane.realWorldValues;
    if ((m === null) !== (first === null) || (m !== null && first !== null && m.units.code !== first.units.code)) {
      throw inconsistent(uid, `${name(s)} maps to ${m === null ? 'no real-world units' : `"${m.units.code}"`}, ${name(slices[0])} to ${first === null ? 'no real-world units' : `"${first.units.code}"`}`);
    }
  }
  return first;
}

function name(s: Slice): string {
  return s.format.frames > 1 ? `${s.file.file} frame ${s.frame + 1}` : s.file.file;
}

function fmt(x: number): string {
  return String(Math.round(x * 1e4) / 1e4);
}

function inconsistent(uid: string, message: string): RadiomicsError {
  return new RadiomicsError('InconsistentSeries', `series ${uid}: ${message}`, { series: uid });
}
