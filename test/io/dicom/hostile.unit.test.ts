/**
 * Hostile DICOM (issue 19), each kind the issue names, written with src/io/dicom/writer.ts: thousands
 * of nested sequences, element lengths that lie, Rows x Columns claiming 65535 x 65535 in a small file
 * (native and RLE), enhanced multi-frame images whose Number of Frames disagrees with the per-frame
 * functional groups or the pixel data, a SEG frame referencing a segment that does not exist, slice
 * positions 1e308 apart. Each must be a CorruptFile naming the file (and what disagrees), before the
 * volume is allocated.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { ds, rleEncodeFrame, writeDicom, type DataSetSpec, type TransferSyntax } from '../../../src/io/dicom/writer.js';
import { isRadiomicsError, readDicomSeriesFromBuffers, readSegMaskFromBytes, type RadiomicsError } from '../../../src/index.js';
import { concat, dicomSites, nestedSequence } from '../../fuzz/mutators.js';

const DIR = fileURLToPath(new URL('../../../fixtures/dicom/', import.meta.url));

function image(extra: DataSetSpec, ts: TransferSyntax = 'explicit', pixels: Int16Array = Int16Array.of(1, 2, 3, 4)): Uint8Array {
  return writeDicom(
    {
      '00080016': ['UI', '1.2.840.10008.5.1.4.1.1.4'],
      '00080018': ['UI', '1.2.3.4.1'],
      '00080060': ['CS', 'MR'],
      '0020000e': ['UI', '1.2.3.9'],
      '00200032': ['DS', ['0', '0', '0']],
      '00200037': ['DS', ['1', '0', '0', '0', '1', '0']],
      '00280002': ['US', 1],
      '00280010': ['US', 2],
      '00280011': ['US', 2],
      '00280030': ['DS', ['1', '1']],
      '00280100': ['US', 16],
      '00280101': ['US', 16],
      '00280103': ['US', 1],
      '7fe00010': ['OW', pixels],
      ...extra,
    },
    { transferSyntax: ts },
  );
}

/** The RadiomicsError `f` throws, with the growth of process.memoryUsage().arrayBuffers while it ran. */
function failure(f: () => unknown): { error: RadiomicsError; grew: number } {
  const before = process.memoryUsage().arrayBuffers;
  try {
    f();
  } catch (e) {
    const grew = process.memoryUsage().arrayBuffers - before;
    if (isRadiomicsError(e)) return { error: e, grew };
    throw new Error(`not a RadiomicsError: ${e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e)}`);
  }
  throw new Error('no error');
}

const read = (bytes: Uint8Array, name = 'hostile.dcm') => () => readDicomSeriesFromBuffers([bytes], { files: [name] });

describe('hostile DICOM', () => {
  test.each([
    [100_000, 'explicit', true],
    [100_000, 'implicit', false],
    [20_000, 'bigEndian', true],
  ] as const)('%i nested sequences (%s, undefined lengths %s) are CorruptFile naming the file, not a TypeError or RangeError', (depth, ts, undefinedLength) => {
    const plain = image({}, ts);
    const at = plain.length - (ts === 'implicit' ? 8 : 12) - 8; // the pixel data element: header + 8 bytes
    const bytes = concat(plain.subarray(0, at), nestedSequence(depth, ts !== 'implicit', ts !== 'bigEndian', undefinedLength), plain.subarray(at));
    const { error } = failure(read(bytes));
    expect(error.code).toBe('CorruptFile');
    expect(error.message).toMatch(/^hostile\.dcm: cannot parse DICOM: /);
  });

  test('an element length running past the end of the file is CorruptFile (dicom-parser would throw a string later)', () => {
    const bytes = image({ '00081030': ['LO', 'study description'] });
    const site = dicomSites(bytes).find((s) => s.tag === 'x00081030')!;
    new DataView(bytes.buffer).setUint16(site.lengthAt, 0xfff0, true);
    const { error } = failure(read(bytes));
    expect(error.code).toBe('CorruptFile');
    expect(error.message).toContain('hostile.dcm');
  });

  test('Rows x Columns 65535 x 65535 in a 400-byte file is CorruptFile before the volume is allocated', () => {
    const bytes = image({ '00280010': ['US', 65535], '00280011': ['US', 65535] });
    const { error, grew } = failure(read(bytes));
    expect(error.message).toMatch(/hostile\.dcm: pixel data truncated: 1 frame\(s\) of 65535 x 65535 need 8589672450 bytes, 8 present/);
    expect(grew).toBeLessThan(2 ** 20);
  });

  test('RLE: 65535 x 65535 claimed over a tiny fragment is CorruptFile before any frame buffer is allocated', () => {
    const fragment = rleEncodeFrame(Int16Array.of(1, 2, 3, 4));
    const bytes = image({ '00280010': ['US', 65535], '00280011': ['US', 65535], '7fe00010': ['OB', { fragments: [fragment] }] }, { uid: '1.2.840.10008.1.2.5', encapsulated: true });
    const { error, grew } = failure(read(bytes));
    expect(error.message).toMatch(/hostile\.dcm: RLE segment 1 has \d+ bytes, too few to decode to 4294836225 pixels/);
    expect(grew).toBeLessThan(2 ** 20);
  });

  const plane = (z: number): DataSetSpec => ({ '00209113': ['SQ', [{ '00200032': ['DS', ['0', '0', String(z)]] }]] });

  test('RLE: more frames than fragments is CorruptFile naming both counts', () => {
    const fragment = rleEncodeFrame(Int16Array.of(1, 2, 3, 4));
    const bytes = image(
      { '00280008': ['IS', '3'], '52009230': ['SQ', [plane(0), plane(1), plane(2)]], '7fe00010': ['OB', { fragments: [fragment] }] },
      { uid: '1.2.840.10008.1.2.5', encapsulated: true },
    );
    expect(failure(read(bytes)).error.message).toMatch(/Number of Frames is 3 but the encapsulated pixel data hold 1 fragment/);
  });

  const enhanced = (frames: string, perFrame: number, pixelFrames: number) =>
    image({
      '00080016': ['UI', '1.2.840.10008.5.1.4.1.1.4.1'],
      '00280008': ['IS', frames],
      '52009229': ['SQ', [{ '00289110': ['SQ', [{ '00280030': ['DS', ['1', '1']] }]], '00209116': ['SQ', [{ '00200037': ['DS', ['1', '0', '0', '0', '1', '0']] }]] }]],
      '52009230': ['SQ', Array.from({ length: perFrame }, (_, k) => plane(k))],
      '7fe00010': ['OW', Int16Array.from({ length: 4 * pixelFrames }, (_, i) => i)],
    });

  test('an enhanced image whose three frames agree reads as 3 slices (the check passes on good data)', () => {
    expect(readDicomSeriesFromBuffers([enhanced('3', 3, 3)]).shape).toEqual([2, 2, 3]);
  });

  test.each([
    ['3', 2, 3, /Number of Frames \(0028,0008\) is 3 but the Per-Frame Functional Groups Sequence \(5200,9230\) has 2 item\(s\)/],
    ['2', 3, 3, /Number of Frames \(0028,0008\) is 2 but the Per-Frame Functional Groups Sequence \(5200,9230\) has 3 item\(s\)/],
    ['3', 3, 5, /Number of Frames is 3 but the pixel data hold 40 bytes, room for 5 frames/],
    ['3', 3, 2, /pixel data truncated: 3 frame\(s\) of 2 x 2 need 24 bytes, 16 present/],
    ['999999999', 3, 3, /Number of Frames \(0028,0008\) is 999999999/],
  ] as const)('enhanced: Number of Frames %s, %i per-frame items, pixel data for %i frames is CorruptFile saying which disagree', (frames, perFrame, pixelFrames, message) => {
    const { error, grew } = failure(read(enhanced(frames, perFrame, pixelFrames)));
    expect(error.code).toBe('CorruptFile');
    expect(error.message).toMatch(message);
    expect(grew).toBeLessThan(2 ** 20);
  });

  test('slice positions 1e308 apart (finite, but an infinite step) are CorruptFile naming the field', () => {
    const a = image({ '00200032': ['DS', ['0', '0', '-1e308']] });
    const b = image({ '00080018': ['UI', '1.2.3.4.2'], '00200032': ['DS', ['0', '0', '1e308']] });
    const { error } = failure(() => readDicomSeriesFromBuffers([a, b], { files: ['a.dcm', 'b.dcm'] }));
    expect(error.code).toBe('CorruptFile');
    expect(error.message).toMatch(/unusable geometry: .*slice step gives spacing/);
  });

  test('a SEG frame referencing a segment the Segment Sequence does not define is CorruptFile naming the frame', () => {
    const seg = new Uint8Array(readFileSync(`${DIR}seg-two-segments.dcm`));
    const slices = ['slice-a', 'slice-b', 'slice-c', 'slice-d'].map((n) => new Uint8Array(readFileSync(`${DIR}axial-shuffled/${n}.dcm`)));
    const reference = readDicomSeriesFromBuffers(slices);
    const site = dicomSites(seg).filter((s) => s.tag === 'x0062000b')[2];
    new DataView(seg.buffer).setUint16(site.dataOffset, 7, site.littleEndian);
    const { error } = failure(() => readSegMaskFromBytes(seg, reference, { segment: 1, file: 'seg.dcm' }));
    expect(error.code).toBe('CorruptFile');
    expect(error.message).toMatch(/^seg\.dcm: frame 3 references segment 7, which the Segment Sequence \(0062,0002\) does not define \(segments: 1, 2\)/);
  });
});
