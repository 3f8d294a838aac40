/**
 * Writes the synthetic DICOM fixtures in fixtures/dicom/ (see its SOURCE.md). Deterministic: the same
 * script gives byte-identical files. Run: npx tsx scripts/make-dicom-fixtures.ts
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Vec3 } from '../src/image/volume.js';
import { ds, rleEncodeFrame, writeDicom, type DataSetSpec, type TransferSyntax } from '../src/io/dicom/writer.js';
import {
  CT_ACQUISITION,
  ENHANCED_FRAME_ORDER,
  ENHANCED_SLOPES,
  FRACTIONAL_MAX,
  FRAME_UID,
  MISSING_SLICE,
  MR_ACQUISITION,
  ROIS,
  SEGMENTS,
  SERIES,
  STUDY_UID,
  fraction,
  normalOf,
  phantomValue,
  worldOf,
  type SeriesSpec,
} from './dicom-fixture-spec.js';

const OUT = fileURLToPath(new URL('../fixtures/dicom/', import.meta.url));
const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2';
const MR_IMAGE = '1.2.840.10008.5.1.4.1.1.4';
const ENHANCED_MR = '1.2.840.10008.5.1.4.1.1.4.1';
const RTSTRUCT = '1.2.840.10008.5.1.4.1.1.481.3';
const SEG = '1.2.840.10008.5.1.4.1.1.66.4';

const vec = (v: readonly number[]) => v.map(ds);

function write(path: string, bytes: Uint8Array | string): void {
  const p = join(OUT, path);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, bytes);
}

interface PixelOptions {
  readonly signed: boolean;
  readonly bitsStored?: number;
  /** Bits set above Bits Stored (overlay garbage a reader must mask). */
  readonly garbage?: number;
}

/** Stored pixel values of slice k of a series: round((value - intercept) / slope), row-major. */
function slicePixels(s: SeriesSpec, k: number, slope: number, o: PixelOptions): Int16Array | Uint16Array {
  const out = o.signed ? new Int16Array(s.rows * s.columns) : new Uint16Array(s.rows * s.columns);
  for (let j = 0; j < s.rows; j++) {
    for (let i = 0; i < s.columns; i++) out[j * s.columns + i] = (Math.round((phantomValue(worldOf(s, i, j, k)) - s.intercept) / slope) | (o.garbage ?? 0));
  }
  return out;
}

function common(s: SeriesSpec, sopClass: string, sop: string, modality: string): DataSetSpec {
  return {
    '00080016': ['UI', sopClass],
    '00080018': ['UI', sop],
    '00080060': ['CS', modality],
    '0008103e': ['LO', `${s.name} series`],
    '00100010': ['PN', 'Fixture^Synthetic'],
    '00100020': ['LO', 'FIX001'],
    '0020000d': ['UI', STUDY_UID],
    '0020000e': ['UI', s.seriesUid],
    '00200052': ['UI', s.frameOfReferenceUid],
  };
}

function pixelModule(s: SeriesSpec, o: PixelOptions): DataSetSpec {
  return {
    '00280002': ['US', 1],
    '00280004': ['CS', 'MONOCHROME2'],
    '00280010': ['US', s.rows],
    '00280011': ['US', s.columns],
    '00280100': ['US', 16],
    '00280101': ['US', o.bitsStored ?? 16],
    '00280102': ['US', (o.bitsStored ?? 16) - 1],
    '00280103': ['US', o.signed ? 1 : 0],
  };
}

/** One classic single-frame file per slice. `names(k)` gives the file name of position k. */
function classicSeries(s: SeriesSpec, folder: string, ts: TransferSyntax, o: PixelOptions, extra: DataSetSpec, names: (k: number) => string, modality: string, skip: number[] = []): void {
  const n = normalOf(s);
  for (let k = 0; k < s.slices; k++) {
    if (skip.includes(k)) continue;
    const sop = `${s.seriesUid}.${k + 1}`;
    const position = [0, 1, 2].map((d) => s.origin[d] + n[d] * k * s.sliceStep);
    const dataSet: DataSetSpec = {
      ...common(s, modality === 'CT' ? CT_IMAGE : MR_IMAGE, sop, modality),
      ...pixelModule(s, o),
      ...extra,
      // Instance numbers deliberately do not follow position: readers must sort by position.
      '00200013': ['IS', String(((k * 3) % s.slices) + 1)],
      '00200032': ['DS', vec(position)],
      '00200037': ['DS', vec([...s.row, ...s.column])],
      '00280030': ['DS', vec(s.pixelSpacing)],
      '00281052': ['DS', ds(s.intercept)],
      '00281053': ['DS', ds(s.slope)],
      '7fe00010': typeof ts === 'object' ? ['OB', { fragments: [rleEncodeFrame(slicePixels(s, k, s.slope, o))] }] : ['OW', slicePixels(s, k, s.slope, o)],
    };
    write(join(folder, names(k)), writeDicom(dataSet, { transferSyntax: ts }));
  }
}

const CT_EXTRA: DataSetSpec = {
  '00080070': ['LO', CT_ACQUISITION.manufacturer],
  '00081090': ['LO', CT_ACQUISITION.model],
  '00180050': ['DS', ds(CT_ACQUISITION.sliceThickness)],
  '00180060': ['DS', ds(CT_ACQUISITION.kvp)],
  '00181210': ['SH', CT_ACQUISITION.convolutionKernel],
};

const MR_EXTRA: DataSetSpec = {
  '00080070': ['LO', MR_ACQUISITION.manufacturer],
  '00081090': ['LO', MR_ACQUISITION.model],
  '00180024': ['SH', MR_ACQUISITION.sequenceName],
  '00180050': ['DS', ds(MR_ACQUISITION.sliceThickness)],
  '00180080': ['DS', ds(MR_ACQUISITION.repetitionTime)],
  '00180081': ['DS', ds(MR_ACQUISITION.echoTime)],
  '00180082': ['DS', ds(MR_ACQUISITION.inversionTime)],
  '00180087': ['DS', ds(MR_ACQUISITION.magneticFieldStrength)],
  '00181314': ['DS', ds(MR_ACQUISITION.flipAngle)],
};

/** Enhanced MR: one file, frames in ENHANCED_FRAME_ORDER, per-frame positions and rescale slopes. */
function enhanced(s: SeriesSpec): void {
  const n = normalOf(s);
  const frames = ENHANCED_FRAME_ORDER.map((k) => ({ k, slope: ENHANCED_SLOPES[k] }));
  const pixels = new Int16Array(s.rows * s.columns * frames.length);
  frames.forEach((f, idx) => pixels.set(slicePixels(s, f.k, f.slope, { signed: true }), idx * s.rows * s.columns));
  const dataSet: DataSetSpec = {
    ...common(s, ENHANCED_MR, `${s.seriesUid}.1`, 'MR'),
    ...pixelModule(s, { signed: true }),
    '00080070': ['LO', MR_ACQUISITION.manufacturer],
    '00081090': ['LO', MR_ACQUISITION.model],
    '00180087': ['DS', ds(MR_ACQUISITION.magneticFieldStrength)],
    '00189005': ['SH', MR_ACQUISITION.sequenceName],
    '00200013': ['IS', '1'],
    '00280008': ['IS', String(frames.length)],
    '52009229': ['SQ', [{
      '00289110': ['SQ', [{ '00280030': ['DS', vec(s.pixelSpacing)], '00180050': ['DS', ds(MR_ACQUISITION.sliceThickness)] }]],
      '00209116': ['SQ', [{ '00200037': ['DS', vec([...s.row, ...s.column])] }]],
      '00189112': ['SQ', [{ '00180080': ['FD', MR_ACQUISITION.repetitionTime], '00181314': ['FD', MR_ACQUISITION.flipAngle] }]],
      '00189114': ['SQ', [{ '00189082': ['FD', MR_ACQUISITION.echoTime] }]],
    }]],
    '52009230': ['SQ', frames.map((f) => ({
      '00209111': ['SQ', [{ '00209157': ['UL', [1, f.k + 1]] }]],
      '00209113': ['SQ', [{ '00200032': ['DS', vec([0, 1, 2].map((d) => s.origin[d] + n[d] * f.k * s.sliceStep))] }]],
      '00289145': ['SQ', [{ '00281052': ['DS', ds(s.intercept)], '00281053': ['DS', ds(f.slope)], '00281054': ['LO', 'US'] }]],
    }) as DataSetSpec)],
    '7fe00010': ['OW', pixels],
  };
  write('enhanced-mr.dcm', writeDicom(dataSet, { transferSyntax: 'explicit', undefinedLengthSequences: true }));
}

/** An RTSTRUCT with the ROIS on series s (in frame `frame`). */
function rtstruct(s: SeriesSpec, path: string, frame: string): void {
  const toWorld = (x: number, y: number, k: number): Vec3 => worldOf(s, x, y, k);
  const roiItems = Object.entries(ROIS).map(([name, r]) => ({ '30060022': ['IS', String(r.number)], '30060024': ['UI', frame], '30060026': ['LO', name], '30060036': ['CS', 'MANUAL'] }) as DataSetSpec);
  const contourItems = Object.values(ROIS).map((r) => ({
    '30060084': ['IS', String(r.number)],
    '3006002a': ['IS', ['255', '0', '0']],
    '30060040': ['SQ', r.contours.map((c) => {
      const corners = [[c.x[0], c.y[0]], [c.x[1], c.y[0]], [c.x[1], c.y[1]], [c.x[0], c.y[1]]];
      const points = corners.flatMap(([x, y]) => [...toWorld(x, y, c.k)]).map(ds);
      return { '30060042': ['CS', 'CLOSED_PLANAR'], '30060046': ['IS', '4'], '30060050': ['DS', points] } as DataSetSpec;
    })],
  }) as DataSetSpec);
  const dataSet: DataSetSpec = {
    '00080016': ['UI', RTSTRUCT],
    '00080018': ['UI', `${s.seriesUid}.900`],
    '00080060': ['CS', 'RTSTRUCT'],
    '0020000d': ['UI', STUDY_UID],
    '0020000e': ['UI', `${s.seriesUid}.90`],
    '30060002': ['SH', 'fixture'],
    '30060010': ['SQ', [{ '00200052': ['UI', frame] }]],
    '30060020': ['SQ', roiItems],
    '30060039': ['SQ', contourItems],
  };
  write(path, writeDicom(dataSet, { transferSyntax: 'implicit' }));
}

/** A DICOM-SEG on series s: BINARY with both SEGMENTS, or FRACTIONAL with one segment. */
function seg(s: SeriesSpec, path: string, type: 'BINARY' | 'FRACTIONAL'): void {
  const n = normalOf(s);
  const segs = type === 'BINARY' ? Object.entries(SEGMENTS).map(([num, d]) => ({ num: Number(num), label: d.label, contains: d.contains })) : [{ num: 1, label: 'perfusion', contains: () => true }];
  // Frames: for each segment, the slices where it is not empty, in reverse slice order.
  const frames = segs.flatMap((g) => [...Array(s.slices).keys()].reverse().filter((k) => type === 'FRACTIONAL' || [...Array(s.rows * s.columns).keys()].some((p) => g.contains(p % s.columns, Math.floor(p / s.columns), k))).map((k) => ({ g, k })));
  const per = s.rows * s.columns;
  let pixels: Uint8Array;
  if (type === 'BINARY') {
    // 1 bit per pixel, LSB first, frames continuous (not padded to bytes).
    pixels = new Uint8Array(Math.ceil((per * frames.length) / 8));
    frames.forEach(({ g, k }, f) => {
      for (let p = 0; p < per; p++) if (g.contains(p % s.columns, Math.floor(p / s.columns), k)) pixels[(f * per + p) >> 3] |= 1 << ((f * per + p) & 7);
    });
  } else {
    pixels = new Uint8Array(per * frames.length);
    frames.forEach(({ k }, f) => {
      for (let p = 0; p < per; p++) pixels[f * per + p] = Math.round(fraction(p % s.columns, Math.floor(p / s.columns), k) * FRACTIONAL_MAX);
    });
  }
  const dataSet: DataSetSpec = {
    '00080016': ['UI', SEG],
    '00080018': ['UI', `${s.seriesUid}.800.${type === 'BINARY' ? 1 : 2}`],
    '00080060': ['CS', 'SEG'],
    '0020000d': ['UI', STUDY_UID],
    '0020000e': ['UI', `${s.seriesUid}.80.${type === 'BINARY' ? 1 : 2}`],
    '00200052': ['UI', s.frameOfReferenceUid],
    '00280002': ['US', 1],
    '00280004': ['CS', 'MONOCHROME2'],
    '00280008': ['IS', String(frames.length)],
    '00280010': ['US', s.rows],
    '00280011': ['US', s.columns],
    '00280100': ['US', type === 'BINARY' ? 1 : 8],
    '00280101': ['US', type === 'BINARY' ? 1 : 8],
    '00280102': ['US', type === 'BINARY' ? 0 : 7],
    '00280103': ['US', 0],
    '00620001': ['CS', type],
    ...(type === 'FRACTIONAL' ? { '00620010': ['CS', 'PROBABILITY'], '0062000e': ['US', FRACTIONAL_MAX] } : {}),
    '00620002': ['SQ', segs.map((g) => ({ '00620004': ['US', g.num], '00620005': ['LO', g.label], '00620008': ['CS', 'MANUAL'] }) as DataSetSpec)],
    '52009229': ['SQ', [{
      '00289110': ['SQ', [{ '00280030': ['DS', vec(s.pixelSpacing)], '00180050': ['DS', ds(s.sliceStep)] }]],
      '00209116': ['SQ', [{ '00200037': ['DS', vec([...s.row, ...s.column])] }]],
    }]],
    '52009230': ['SQ', frames.map(({ g, k }) => ({
      '0062000a': ['SQ', [{ '0062000b': ['US', g.num] }]],
      '00209113': ['SQ', [{ '00200032': ['DS', vec([0, 1, 2].map((d) => s.origin[d] + n[d] * k * s.sliceStep))] }]],
    }) as DataSetSpec)],
    '7fe00010': ['OB', pixels],
  };
  write(path, writeDicom(dataSet, { transferSyntax: 'explicit' }));
}

/** fixtures/dicom/SOURCE.md, written with the files so the two cannot drift apart. */
const SOURCE_MD = [
  "# Synthetic DICOM fixtures",
  "",
  "Made by `npx tsx scripts/make-dicom-fixtures.ts` (writer: src/io/dicom/writer.ts; what they hold:",
  "scripts/dicom-fixture-spec.ts, which the tests import). Deterministic; no patient data; licence: the",
  "project's (Apache-2.0). Every image voxel holds value(p) = 2x + 3y + 5z at its LPS centre p (mm),",
  "stored as round((value + 1000) / slope) with Rescale Slope 0.5 (per frame in enhanced-mr.dcm) and",
  "Rescale Intercept -1000. Grid: 6 columns x 5 rows x 4 slices, Pixel Spacing 1.5 (rows) x 1.0 (columns),",
  "slice step 2.5 mm, first slice at (-20.5, 13.25, 40).",
  "",
  "| file or folder | what it tests |",
  "|---|---|",
  "| axial-shuffled/ | axial, implicit VR LE, signed 16-bit; file names and Instance Numbers run against the slice positions; MR acquisition attributes; also holds rtstruct.dcm (ROIs \"ring\" with a hole, \"box\" partly outside) and notes.txt (not DICOM), which series readers skip |",
  "| sagittal/, coronal/ | sagittal (row 0\\1\\0, column 0\\0\\-1) and coronal (1\\0\\0, 0\\0\\-1) orientations |",
  "| oblique/ | rotated 0.5 rad about (1,1,1); explicit VR LE; unsigned; CT attributes (kernel, kVp) |",
  "| oblique-rtstruct.dcm | the ROIs of axial-shuffled/rtstruct.dcm drawn on the oblique grid |",
  "| axial-missing-slice/ | 5 positions with the third one missing (`MissingSlices`) |",
  "| two-series/ | the axial and coronal series in one folder (`MultipleSeries`) |",
  "| big-endian/ | explicit VR big endian, unsigned, 12 bits stored, bit 15 set as garbage (must be masked) |",
  "| deflate/ | deflated explicit VR little endian |",
  "| rle/ | RLE Lossless (encapsulated, one fragment per frame, PackBits segments MSB first) |",
  "| enhanced-mr.dcm | enhanced MR multi-frame (sagittal), frames out of position order, per-frame Rescale Slope, TR/flip angle/effective TE in functional-group macros, sequences of undefined length |",
  "| seg-two-segments.dcm | BINARY DICOM-SEG on the axial series: segment 1 \"tumour\", 2 \"necrosis\"; 1-bit frames packed across frame boundaries (30 pixels per frame) |",
  "| seg-fractional.dcm | FRACTIONAL (probability) DICOM-SEG, max fractional value 200 |",
  "| rtstruct-other-frame.dcm | the axial ROIs in another frame of reference (`FrameOfReferenceMismatch`) |",
  "| jpeg-baseline.dcm | transfer syntax JPEG Baseline, never decoded (`UnsupportedTransferSyntax`) |",
].join('\n') + '\n';

function main(): void {
  rmSync(OUT, { recursive: true, force: true });
  write('SOURCE.md', SOURCE_MD);
  // Axial, implicit VR LE, signed 16-bit; file names run against the slice positions.
  classicSeries(SERIES.axial, 'axial-shuffled', 'implicit', { signed: true }, MR_EXTRA, (k) => `slice-${String.fromCharCode(100 - k)}.dcm`, 'MR');
  rtstruct(SERIES.axial, 'axial-shuffled/rtstruct.dcm', FRAME_UID);
  write('axial-shuffled/notes.txt', 'Not DICOM: readers skip this file.\n');
  classicSeries(SERIES.sagittal, 'sagittal', 'explicit', { signed: true }, {}, (k) => `s${k}.dcm`, 'MR');
  classicSeries(SERIES.coronal, 'coronal', 'implicit', { signed: true }, {}, (k) => `c${k}.dcm`, 'MR');
  classicSeries(SERIES.oblique, 'oblique', 'explicit', { signed: false }, CT_EXTRA, (k) => `o${k}.dcm`, 'CT');
  rtstruct(SERIES.oblique, 'oblique-rtstruct.dcm', FRAME_UID);
  classicSeries(SERIES.missing, 'axial-missing-slice', 'explicit', { signed: true }, {}, (k) => `m${k}.dcm`, 'MR', [MISSING_SLICE]);
  classicSeries(SERIES.axial, 'two-series', 'implicit', { signed: true }, {}, (k) => `a${k}.dcm`, 'MR');
  classicSeries(SERIES.coronal, 'two-series', 'implicit', { signed: true }, {}, (k) => `b${k}.dcm`, 'MR');
  // Big endian, unsigned, 12 bits stored with bit 15 set as garbage above them.
  classicSeries(SERIES.bigEndian, 'big-endian', 'bigEndian', { signed: false, bitsStored: 12, garbage: 0x8000 }, {}, (k) => `be${k}.dcm`, 'CT');
  classicSeries(SERIES.deflate, 'deflate', 'deflate', { signed: true }, {}, (k) => `d${k}.dcm`, 'MR');
  classicSeries(SERIES.rle, 'rle', { uid: '1.2.840.10008.1.2.5', encapsulated: true }, { signed: true }, {}, (k) => `r${k}.dcm`, 'CT');
  enhanced(SERIES.enhanced);
  seg(SERIES.axial, 'seg-two-segments.dcm', 'BINARY');
  seg(SERIES.axial, 'seg-fractional.dcm', 'FRACTIONAL');
  rtstruct(SERIES.axial, 'rtstruct-other-frame.dcm', '1.2.826.0.1.3680043.10.1559.7.99');
  // A JPEG Baseline file (the fragment is not a real JPEG stream: it is never decoded).
  const s = SERIES.axial;
  write('jpeg-baseline.dcm', writeDicom({
    ...common(s, CT_IMAGE, `${s.seriesUid}.700`, 'CT'),
    ...pixelModule(s, { signed: false }),
    '00200032': ['DS', vec(s.origin)],
    '00200037': ['DS', vec([...s.row, ...s.column])],
    '00280030': ['DS', vec(s.pixelSpacing)],
    '7fe00010': ['OB', { fragments: [new Uint8Array([0xff, 0xd8, 0xff, 0xd9])] }],
  }, { transferSyntax: { uid: '1.2.840.10008.1.2.4.50', encapsulated: true } }));
}

main();
