/**
 * RTSTRUCT rasterisation on the generated axial and oblique series (fixtures/dicom): the ROIs are
 * rectangles drawn in index space (scripts/dicom-fixture-spec.ts), so the expected masks are exact.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { ROIS, SERIES, roiContains, worldOf } from '../../../scripts/dicom-fixture-spec.js';
import { ds, writeDicom } from '../../../src/io/dicom/writer.js';
import { createVolume, isRadiomicsError, rasteriseRtstruct, type Mask, type Volume } from '../../../src/index.js';
import { readDicomSeries, readRtstructMask } from '../../../src/node.js';

const DIR = fileURLToPath(new URL('../../../fixtures/dicom/', import.meta.url));

function expected(v: Volume, roi: keyof typeof ROIS): number[] {
  const [nx, ny, nz] = v.shape;
  const out: number[] = [];
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) out.push(roiContains(roi, i, j, k) ? 1 : 0);
  return out;
}

const maskValues = (m: Mask) => [...m.volume.voxels.data];

describe.each([
  ['axial', 'axial-shuffled', 'axial-shuffled/rtstruct.dcm'],
  ['oblique', 'oblique', 'oblique-rtstruct.dcm'],
])('rasteriseRtstruct on the %s series', (_name, series, rs) => {
  const image = readDicomSeries(join(DIR, series));

  test('"ring": outer rectangle minus the inner one (even-odd rule) on slices 1 and 2', () => {
    const m = readRtstructMask(join(DIR, rs), image, 'ring');
    expect(m.label).toBe(1);
    expect(m.volume.shape).toEqual(image.shape);
    expect(maskValues(m)).toEqual(expected(image, 'ring'));
    expect(maskValues(m).reduce((a, b) => a + b, 0)).toBe(2 * (4 * 3 - 1));
  });

  test('"box" (by ROI number 2) is clipped at the image border', () => {
    const m = readRtstructMask(join(DIR, rs), image, ROIS.box.number);
    expect(maskValues(m)).toEqual(expected(image, 'box'));
    expect(maskValues(m).reduce((a, b) => a + b, 0)).toBe(3 * 2);
  });

  test('the mask has the image geometry', () => {
    const m = readRtstructMask(join(DIR, rs), image, 'RING');
    expect(m.volume.origin).toEqual(image.origin);
    expect(m.volume.direction).toEqual(image.direction);
    expect(m.volume.spacing).toEqual(image.spacing);
  });
});

describe('RTSTRUCT errors', () => {
  const image = readDicomSeries(join(DIR, 'axial-shuffled'));
  const rs = new Uint8Array(readFileSync(join(DIR, 'axial-shuffled/rtstruct.dcm')));

  test('UnknownRoi lists the ROI names', () => {
    expect(() => rasteriseRtstruct(rs, image, { roi: 'GTV' })).toThrow(/no ROI "GTV"; ROIs: 1 "ring", 2 "box"/);
    try {
      rasteriseRtstruct(rs, image, { roi: 'GTV' });
    } catch (e) {
      expect(isRadiomicsError(e, 'UnknownRoi')).toBe(true);
    }
  });

  test('FrameOfReferenceMismatch when the structure set is in another frame of reference', () => {
    try {
      readRtstructMask(join(DIR, 'rtstruct-other-frame.dcm'), image, 'ring');
      expect.unreachable();
    } catch (e) {
      expect(isRadiomicsError(e, 'FrameOfReferenceMismatch')).toBe(true);
      expect((e as Error).message).toContain('rtstruct-other-frame.dcm');
    }
  });

  test('a reference volume without acquisition metadata (e.g. from NIfTI) is rasterised without the frame check', () => {
    const plain = createVolume({ data: new Float32Array(image.voxels.data), shape: image.shape, spacing: image.spacing, origin: image.origin, direction: image.direction });
    expect(maskValues(rasteriseRtstruct(rs, plain, { roi: 'ring' }))).toEqual(expected(image, 'ring'));
  });

  test('GeometryMismatch when a contour lies between image slices (drawn on another series)', () => {
    const points = [[1, 1], [3, 1], [3, 3]].flatMap(([x, y]) => [...worldOf(SERIES.axial, x, y, 1.5)]).map(ds);
    const between = writeDicom(
      {
        '00080016': ['UI', '1.2.840.10008.5.1.4.1.1.481.3'],
        '00080018': ['UI', '1.2.3.77'],
        '00080060': ['CS', 'RTSTRUCT'],
        '30060020': ['SQ', [{ '30060022': ['IS', '1'], '30060026': ['LO', 'half'] }]],
        '30060039': ['SQ', [{ '30060084': ['IS', '1'], '30060040': ['SQ', [{ '30060042': ['CS', 'CLOSED_PLANAR'], '30060046': ['IS', '3'], '30060050': ['DS', points] }]] }]],
      },
      { transferSyntax: 'implicit' },
    );
    expect(() => rasteriseRtstruct(between, image, { roi: 'half', file: 'rs.dcm' })).toThrow(/rs\.dcm: ROI "half" contour 1 lies between image slices \(at slice index 1\.50\)/);
  });

  test('UnsupportedFormat when the file is an image, not an RTSTRUCT', () => {
    const notRs = new Uint8Array(readFileSync(join(DIR, 'sagittal/s0.dcm')));
    expect(() => rasteriseRtstruct(notRs, image, { roi: 'ring', file: 's0.dcm' })).toThrow(/s0\.dcm: not an RTSTRUCT/);
  });
});
