/**
 * DICOM-SEG on the generated axial series (fixtures/dicom): binary frames packed across frame
 * boundaries, two segments chosen by number or label; a fractional (probability) segmentation.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { SEGMENTS, fraction } from '../../../scripts/dicom-fixture-spec.js';
import { createVolume, isRadiomicsError, listSegments, readSegMaskFromBytes, type Volume } from '../../../src/index.js';
import { readDicomSeries, readSegMask } from '../../../src/node.js';

const DIR = fileURLToPath(new URL('../../../fixtures/dicom/', import.meta.url));
const SEG2 = join(DIR, 'seg-two-segments.dcm');

function expected(v: Volume, inside: (i: number, j: number, k: number) => boolean): number[] {
  const [nx, ny, nz] = v.shape;
  const out: number[] = [];
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) out.push(inside(i, j, k) ? 1 : 0);
  return out;
}

describe('DICOM-SEG with two segments', () => {
  const image = readDicomSeries(join(DIR, 'axial-shuffled'));

  test('listSegments lists number, label and frame count', () => {
    expect(listSegments(new Uint8Array(readFileSync(SEG2)))).toEqual([
      { number: 1, label: 'tumour', frames: 2 },
      { number: 2, label: 'necrosis', frames: 4 },
    ]);
  });

  test.each([1, 2] as const)('readSegMask(segment %i) equals the segment definition voxel for voxel', (n) => {
    const m = readSegMask(SEG2, image, n);
    expect([...m.volume.voxels.data]).toEqual(expected(image, SEGMENTS[n].contains));
  });

  test('a segment can be chosen by its label', () => {
    expect([...readSegMask(SEG2, image, 'necrosis').volume.voxels.data]).toEqual(expected(image, SEGMENTS[2].contains));
  });

  test('UnknownSegment lists the segments', () => {
    try {
      readSegMask(SEG2, image, 3);
      expect.unreachable();
    } catch (e) {
      expect(isRadiomicsError(e, 'UnknownSegment')).toBe(true);
      expect((e as Error).message).toContain('segments: 1 "tumour", 2 "necrosis"');
    }
  });

  test('FrameOfReferenceMismatch when the image series is in another frame of reference', () => {
    const other = createVolume({ data: new Float32Array(image.voxels.data), shape: image.shape, spacing: image.spacing, origin: image.origin, direction: image.direction, acquisition: { ...image.acquisition!, frameOfReferenceUid: '1.2.3.4' } });
    expect(() => readSegMaskFromBytes(new Uint8Array(readFileSync(SEG2)), other, { segment: 1 })).toThrow(expect.objectContaining({ code: 'FrameOfReferenceMismatch' }));
  });

  test('GeometryMismatch when the frames do not lie on the image grid (the sagittal series)', () => {
    const sagittal = readDicomSeries(join(DIR, 'sagittal'));
    expect(() => readSegMask(SEG2, sagittal, 1)).toThrow(expect.objectContaining({ code: 'GeometryMismatch' }));
  });
});

describe('fractional DICOM-SEG', () => {
  const image = readDicomSeries(join(DIR, 'axial-shuffled'));
  const seg = join(DIR, 'seg-fractional.dcm');

  test('a voxel is in the mask when its fraction is >= 0.5 (default threshold)', () => {
    expect([...readSegMask(seg, image, 'perfusion').volume.voxels.data]).toEqual(expected(image, (i, j, k) => fraction(i, j, k) >= 0.5));
  });

  test('fractionalThreshold 0.8', () => {
    expect([...readSegMask(seg, image, 1, { fractionalThreshold: 0.8 }).volume.voxels.data]).toEqual(expected(image, (i, j, k) => fraction(i, j, k) >= 0.8));
  });
});
