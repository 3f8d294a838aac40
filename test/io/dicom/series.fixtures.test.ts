/**
 * DICOM series from the generated fixtures (fixtures/dicom, scripts/make-dicom-fixtures.ts): every voxel
 * must hold the phantom value of its own world position (scripts/dicom-fixture-spec.ts), which checks
 * orientation, sorting, spacing, rescale and pixel decoding together, whatever the acquisition plane.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { ENHANCED_SLOPES, MISSING_SLICE, MR_ACQUISITION, CT_ACQUISITION, SERIES, normalOf, phantomValue, type SeriesSpec } from '../../../scripts/dicom-fixture-spec.js';
import { indexToWorld, isRadiomicsError, listDicomSeries, readDicomSeriesFromBuffers, type Volume } from '../../../src/index.js';
import { readDicomSeries, readVolume } from '../../../src/node.js';

const DIR = fileURLToPath(new URL('../../../fixtures/dicom/', import.meta.url));
const files = (folder: string) => readdirSync(join(DIR, folder)).sort().map((f) => join(DIR, folder, f));
const bytes = (paths: readonly string[]) => paths.map((p) => new Uint8Array(readFileSync(p)));

/** Largest |voxel - phantomValue(world of voxel)| over the volume. */
function maxError(v: Volume): number {
  const [nx, ny, nz] = v.shape;
  let worst = 0;
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    worst = Math.max(worst, Math.abs(v.voxels.get(i, j, k) - phantomValue(indexToWorld(v, [i, j, k]))));
  }
  return worst;
}

function expectGeometry(v: Volume, s: SeriesSpec, slices = s.slices): void {
  expect(v.shape).toEqual([s.columns, s.rows, slices]);
  expect(v.spacing[0]).toBeCloseTo(s.pixelSpacing[1], 9);
  expect(v.spacing[1]).toBeCloseTo(s.pixelSpacing[0], 9);
  expect(v.spacing[2]).toBeCloseTo(s.sliceStep, 6);
  v.origin.forEach((o, k) => expect(o).toBeCloseTo(s.origin[k], 6));
  const n = normalOf(s);
  const cols = [s.row, s.column, n];
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) expect(v.direction[3 * r + c]).toBeCloseTo(cols[c][r], 6);
}

describe('readDicomSeries(fixtures): orientation and sorting', () => {
  test.each([
    ['axial-shuffled', SERIES.axial, 'implicit VR LE, file names and instance numbers against position'],
    ['sagittal', SERIES.sagittal, 'explicit VR LE'],
    ['coronal', SERIES.coronal, 'implicit VR LE'],
    ['oblique', SERIES.oblique, 'explicit VR LE, unsigned'],
    ['big-endian', SERIES.bigEndian, 'explicit VR big endian, 12 of 16 bits stored, garbage bit 15'],
    ['deflate', SERIES.deflate, 'deflated explicit VR LE'],
    ['rle', SERIES.rle, 'RLE Lossless, 16-bit signed'],
  ] as const)('readDicomSeries(%s) gives the phantom value at every voxel centre (%s)', (folder: string, spec: SeriesSpec, _what: string) => {
    const v = readDicomSeries(join(DIR, folder));
    expectGeometry(v, spec);
    expect(maxError(v)).toBeLessThanOrEqual(spec.slope / 2 + 1e-3);
  });

  test('readDicomSeriesFromBuffers gives the same volume for every order of the files', () => {
    const paths = files('axial-shuffled').filter((p) => p.endsWith('.dcm'));
    const reference = readDicomSeriesFromBuffers(bytes(paths));
    for (const order of [[3, 2, 1, 0, 4], [1, 3, 0, 4, 2], [4, 0, 2, 1, 3]]) {
      const v = readDicomSeriesFromBuffers(bytes(order.map((i) => paths[i])));
      expect([...v.voxels.data]).toEqual([...reference.voxels.data]);
      expect(v.origin).toEqual(reference.origin);
    }
  });

  test('readVolume(folder) reads a DICOM series; the RTSTRUCT and notes.txt in the folder are skipped', () => {
    expect(readVolume(join(DIR, 'axial-shuffled')).shape).toEqual([6, 5, 4]);
  });
});

describe('enhanced multi-frame', () => {
  const v = readVolume(join(DIR, 'enhanced-mr.dcm'));

  test('readVolume(enhanced-mr.dcm) applies the per-frame rescale slopes and sorts frames by position', () => {
    expect(new Set(ENHANCED_SLOPES).size).toBeGreaterThan(1);
    expectGeometry(v, SERIES.enhanced);
    expect(maxError(v)).toBeLessThanOrEqual(Math.max(...ENHANCED_SLOPES) / 2 + 1e-3);
  });

  test('acquisition metadata comes from the functional-group macros (TR, flip angle, effective TE)', () => {
    expect(v.acquisition).toMatchObject({
      modality: 'MR',
      manufacturer: MR_ACQUISITION.manufacturer,
      model: MR_ACQUISITION.model,
      magneticFieldStrength: 3,
      sequenceName: MR_ACQUISITION.sequenceName,
      repetitionTime: MR_ACQUISITION.repetitionTime,
      echoTime: MR_ACQUISITION.echoTime,
      flipAngle: MR_ACQUISITION.flipAngle,
      sliceThickness: MR_ACQUISITION.sliceThickness,
      pixelSpacing: [1.5, 1],
    });
  });
});

describe('acquisition metadata', () => {
  test('classic MR: field strength, sequence name, TR, TE, TI, flip angle, slice thickness, pixel spacing', () => {
    expect(readDicomSeries(join(DIR, 'axial-shuffled')).acquisition).toEqual({
      modality: 'MR',
      manufacturer: MR_ACQUISITION.manufacturer,
      model: MR_ACQUISITION.model,
      magneticFieldStrength: 3,
      sequenceName: MR_ACQUISITION.sequenceName,
      repetitionTime: MR_ACQUISITION.repetitionTime,
      echoTime: MR_ACQUISITION.echoTime,
      inversionTime: MR_ACQUISITION.inversionTime,
      flipAngle: MR_ACQUISITION.flipAngle,
      sliceThickness: MR_ACQUISITION.sliceThickness,
      pixelSpacing: [1.5, 1],
      convolutionKernel: null,
      kvp: null,
      seriesDescription: 'axial series',
      seriesInstanceUid: SERIES.axial.seriesUid,
      frameOfReferenceUid: SERIES.axial.frameOfReferenceUid,
      pixelEncoding: { transferSyntaxUid: '1.2.840.10008.1.2', transferSyntax: 'Implicit VR Little Endian', lossy: false, lossyCompressionRatio: null, lossyCompressionMethod: null },
      realWorldValueMapping: null,
    });
  });

  test('CT: convolution kernel and kVp', () => {
    expect(readDicomSeries(join(DIR, 'oblique')).acquisition).toMatchObject({ modality: 'CT', convolutionKernel: CT_ACQUISITION.convolutionKernel, kvp: CT_ACQUISITION.kvp, magneticFieldStrength: null });
  });
});

describe('series errors', () => {
  const error = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return e;
    }
    throw new Error('no error thrown');
  };

  test('MissingSlices names the positions on either side of the gap', () => {
    const e = error(() => readDicomSeries(join(DIR, 'axial-missing-slice')));
    expect(isRadiomicsError(e, 'MissingSlices')).toBe(true);
    const below = SERIES.missing.origin[2] + (MISSING_SLICE - 1) * SERIES.missing.sliceStep;
    const above = SERIES.missing.origin[2] + (MISSING_SLICE + 1) * SERIES.missing.sliceStep;
    expect((e as Error).message).toContain(`1 slice(s) missing`);
    expect((e as Error).message).toContain(`m${MISSING_SLICE - 1}.dcm at ${below} mm and`);
    expect((e as Error).message).toContain(`m${MISSING_SLICE + 1}.dcm at ${above} mm`);
  });

  test('MultipleSeries lists both series; the series option picks one', () => {
    const e = error(() => readDicomSeries(join(DIR, 'two-series')));
    expect(isRadiomicsError(e, 'MultipleSeries')).toBe(true);
    expect((e as Error).message).toContain(SERIES.axial.seriesUid);
    expect((e as Error).message).toContain(SERIES.coronal.seriesUid);
    const coronal = readDicomSeries(join(DIR, 'two-series'), { series: SERIES.coronal.seriesUid });
    expectGeometry(coronal, SERIES.coronal);
    expect(maxError(coronal)).toBeLessThanOrEqual(0.25 + 1e-3);
    expect(isRadiomicsError(error(() => readDicomSeries(join(DIR, 'two-series'), { series: '1.2.3' })), 'MultipleSeries')).toBe(true);
  });

  test('listDicomSeries(two-series) lists each series with its modality, description and slice count', () => {
    const paths = files('two-series');
    expect(listDicomSeries(bytes(paths), { files: paths })).toEqual([
      { seriesInstanceUid: SERIES.axial.seriesUid, modality: 'MR', description: 'axial series', frames: 4, files: 4, transferSyntaxes: ['Implicit VR Little Endian'], lossy: false, units: null },
      { seriesInstanceUid: SERIES.coronal.seriesUid, modality: 'MR', description: 'coronal series', frames: 4, files: 4, transferSyntaxes: ['Implicit VR Little Endian'], lossy: false, units: null },
    ]);
  });

  test('CompressedPixelData names JPEG Baseline and the asynchronous reader (the synchronous one runs no codec)', () => {
    const e = error(() => readVolume(join(DIR, 'jpeg-baseline.dcm')));
    expect(isRadiomicsError(e, 'CompressedPixelData')).toBe(true);
    expect((e as Error).message).toContain('JPEG Baseline (Process 1) (1.2.840.10008.1.2.4.50)');
    expect((e as Error).message).toContain('readDicomSeriesAsync');
  });

  test('NoDicomImages for a folder of an RTSTRUCT and a text file only', () => {
    const e = error(() => readDicomSeries([join(DIR, 'axial-shuffled/rtstruct.dcm'), join(DIR, 'axial-shuffled/notes.txt')]));
    expect(isRadiomicsError(e, 'NoDicomImages')).toBe(true);
    expect((e as Error).message).toContain('notes.txt (not DICOM)');
    expect((e as Error).message).toContain('rtstruct.dcm (RTSTRUCT)');
  });

  test('CorruptFile names a truncated file', () => {
    const b = bytes([files('sagittal')[0]])[0];
    const e = error(() => readDicomSeriesFromBuffers([b.subarray(0, 400)], { files: ['cut.dcm'] }));
    expect(isRadiomicsError(e, 'CorruptFile')).toBe(true);
    expect((e as Error).message).toMatch(/^cut\.dcm: /);
  });
});
