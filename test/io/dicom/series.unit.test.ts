/**
 * Series checks on small in-memory series written with src/io/dicom/writer.ts: irregular spacing,
 * duplicate positions, mixed sizes, gantry tilt, stored-bit handling, a single slice.
 */
import { describe, expect, test } from 'vitest';
import { ds, rleEncodeFrame, writeDicom, type DataSetSpec, type TransferSyntax } from '../../../src/io/dicom/writer.js';
import { dicomModality, isDicom, isRadiomicsError, readDicomSeriesFromBuffers } from '../../../src/index.js';

interface SliceInit {
  readonly position: readonly number[];
  readonly pixels?: Int16Array | Uint16Array;
  readonly columns?: number;
  readonly extra?: DataSetSpec;
}

/** A 2 x 2 axial slice (or `columns` x 2) with the given position; pixels default to 1..4. */
function slice(s: SliceInit, n: number, ts: TransferSyntax = 'explicit'): Uint8Array {
  const columns = s.columns ?? 2;
  return writeDicom(
    {
      '00080016': ['UI', '1.2.840.10008.5.1.4.1.1.4'],
      '00080018': ['UI', `1.2.3.4.${n}`],
      '00080060': ['CS', 'MR'],
      '0020000e': ['UI', '1.2.3.9'],
      '00200032': ['DS', s.position.map(ds)],
      '00200037': ['DS', ['1', '0', '0', '0', '1', '0']],
      '00280002': ['US', 1],
      '00280010': ['US', 2],
      '00280011': ['US', columns],
      '00280030': ['DS', ['1', '1']],
      '00280100': ['US', 16],
      '00280101': ['US', 16],
      '00280103': ['US', 1],
      ...s.extra,
      '7fe00010': ['OW', s.pixels ?? Int16Array.from({ length: 2 * columns }, (_, i) => i + 1)],
    },
    { transferSyntax: ts },
  );
}

const series = (positions: readonly number[][]) => positions.map((position, n) => slice({ position }, n));

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isRadiomicsError(e) ? `${e.code}: ${e.message}` : String(e);
  }
  return undefined;
}

describe('readDicomSeriesFromBuffers checks', () => {
  test('uniform slices: spacing from positions (not Slice Thickness), origin at the lowest position along the normal', () => {
    const v = readDicomSeriesFromBuffers(series([[0, 0, 6], [0, 0, 0], [0, 0, 3]]));
    expect(v.shape).toEqual([2, 2, 3]);
    expect(v.spacing).toEqual([1, 1, 3]);
    expect(v.origin).toEqual([0, 0, 0]);
  });

  test('NonUniformSlices when a distance is not a whole number of steps', () => {
    expect(code(() => readDicomSeriesFromBuffers(series([[0, 0, 0], [0, 0, 3], [0, 0, 7.5]])))).toMatch(/^NonUniformSlices: .*distance 4\.5 mm between file 2 at 3 mm and file 3 at 7\.5 mm differs from the step 3 mm/);
  });

  test('MissingSlices counts the missing slices of a wide gap', () => {
    expect(code(() => readDicomSeriesFromBuffers(series([[0, 0, 0], [0, 0, 2], [0, 0, 8]])))).toMatch(/^MissingSlices: .*2 slice\(s\) missing at step 2 mm: 2 between file 2 at 2 mm and file 3 at 8 mm/);
  });

  test('InconsistentSeries when two slices share a position', () => {
    expect(code(() => readDicomSeriesFromBuffers(series([[0, 0, 0], [0, 0, 0], [0, 0, 1]])))).toMatch(/^InconsistentSeries: .*two slices at the same position/);
  });

  test('InconsistentSeries when slices differ in size', () => {
    const b = [slice({ position: [0, 0, 0] }, 0), slice({ position: [0, 0, 1], columns: 3 }, 1)];
    expect(code(() => readDicomSeriesFromBuffers(b, { files: ['a.dcm', 'b.dcm'] }))).toMatch(/^InconsistentSeries: .*b\.dcm is 3 x 2 pixels, a\.dcm is 2 x 2/);
  });

  test('InconsistentSeries for a sheared stack (gantry tilt)', () => {
    expect(code(() => readDicomSeriesFromBuffers(series([[0, 0, 0], [0, 0.5, 2], [0, 1, 4]])))).toMatch(/^InconsistentSeries: .*gantry tilt/);
  });

  test('a single slice takes Spacing Between Slices, else Slice Thickness, else 1 mm', () => {
    expect(readDicomSeriesFromBuffers([slice({ position: [0, 0, 0], extra: { '00180050': ['DS', '2.5'] } }, 0)]).spacing[2]).toBe(2.5);
    expect(readDicomSeriesFromBuffers([slice({ position: [0, 0, 0] }, 0)]).spacing[2]).toBe(1);
  });

  test('signed 12-bit data in 16 bits is sign-extended from bit 11, whatever the bits above', () => {
    const raw = new Uint16Array([0x0fff, 0xf800, 0x7001, 0x0005]); // -1, -2048, 1, 5 in 12-bit two's complement
    const b = slice({ position: [0, 0, 0], pixels: raw, extra: { '00280101': ['US', 12], '00280102': ['US', 11] } }, 0);
    expect([...readDicomSeriesFromBuffers([b]).voxels.data]).toEqual([-1, -2048, 1, 5]);
  });

  test('implicit, explicit, big-endian and deflated files of one slice give the same voxels', () => {
    const values = new Set(
      (['implicit', 'explicit', 'bigEndian', 'deflate'] as const).map((ts) => readDicomSeriesFromBuffers([slice({ position: [0, 0, 0], pixels: new Int16Array([-300, 2, 1000, -4]) }, 0, ts)]).voxels.data.join(',')),
    );
    expect([...values]).toEqual(['-300,2,1000,-4']);
  });

  test('RLE Lossless 8-bit: literal and replicate runs decode to the stored bytes', () => {
    const pixels = Uint8Array.from({ length: 300 }, (_, i) => (i < 140 ? 7 : i % 5 === 0 ? 200 : i % 251));
    const b = writeDicom(
      {
        '00080016': ['UI', '1.2.840.10008.5.1.4.1.1.2'],
        '00080018': ['UI', '1.2.3.4.99'],
        '0020000e': ['UI', '1.2.3.98'],
        '00200032': ['DS', ['0', '0', '0']],
        '00200037': ['DS', ['1', '0', '0', '0', '1', '0']],
        '00280010': ['US', 15],
        '00280011': ['US', 20],
        '00280030': ['DS', ['1', '1']],
        '00280100': ['US', 8],
        '00280101': ['US', 8],
        '00280103': ['US', 0],
        '7fe00010': ['OB', { fragments: [rleEncodeFrame(pixels)] }],
      },
      { transferSyntax: { uid: '1.2.840.10008.1.2.5', encapsulated: true } },
    );
    expect([...readDicomSeriesFromBuffers([b]).voxels.data]).toEqual([...pixels]);
  });

  test('isDicom and dicomModality read the preamble and (0008,0060)', () => {
    const b = slice({ position: [0, 0, 0] }, 0);
    expect(isDicom(b)).toBe(true);
    expect(dicomModality(b)).toBe('MR');
    expect(isDicom(new Uint8Array(200))).toBe(false);
    expect(dicomModality(new Uint8Array(200))).toBeNull();
  });
});
