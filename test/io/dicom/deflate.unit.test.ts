/**
 * inflateDeflatedDataSet (src/io/dicom/deflate.ts): a deflated data set inflates to what its header can
 * need and no further. Data sets are built here element by element (explicit VR little endian) and
 * deflated with fflate; runs of zeros stand for bombs (8 MiB deflate to ~8 kB).
 */
import { readFileSync } from 'node:fs';
import { deflateSync, inflateSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { isRadiomicsError } from '../../../src/errors.js';
import { inflateDeflatedDataSet, MIN_HEADER_BYTES, TRAILING_BYTES } from '../../../src/io/dicom/deflate.js';
import { readDicomSeriesFromBuffers } from '../../../src/io/dicom/series.js';
import { concat } from '../../fuzz/mutators.js';

/** One explicit VR little endian element; `length` overrides the value's length (0xffffffff: undefined). */
function element(group: number, el: number, vr: string, value: Uint8Array, length = value.length): Uint8Array {
  const long = ['OB', 'OW', 'SQ', 'UN', 'UT'].includes(vr);
  const head = new Uint8Array(long ? 12 : 8);
  const dv = new DataView(head.buffer);
  dv.setUint16(0, group, true);
  dv.setUint16(2, el, true);
  head[4] = vr.charCodeAt(0);
  head[5] = vr.charCodeAt(1);
  if (long) dv.setUint32(8, length, true);
  else dv.setUint16(6, length, true);
  return concat(head, value);
}
const us = (v: number) => Uint8Array.of(v & 0xff, v >> 8);
const delimiter = (el: number) => Uint8Array.of(0xfe, 0xff, el & 0xff, el >> 8, 0, 0, 0, 0);
const undefinedItem = Uint8Array.of(0xfe, 0xff, 0x00, 0xe0, 0xff, 0xff, 0xff, 0xff);
/** An image header: Rows, Columns, Bits Allocated 16, then Pixel Data of rows x columns x 2 bytes (zeros unless given). */
function image(rows: number, columns: number, pixelBytes = rows * columns * 2): Uint8Array {
  return concat(element(0x0028, 0x0010, 'US', us(rows)), element(0x0028, 0x0011, 'US', us(columns)), element(0x0028, 0x0100, 'US', us(16)), element(0x7fe0, 0x0010, 'OW', new Uint8Array(pixelBytes)));
}

const PREFIX = Uint8Array.of(1, 2, 3, 4); // stands for the plain meta header
const deflated = (dataSet: Uint8Array) => concat(PREFIX, deflateSync(dataSet, { level: 1 }));
const inflate = (dataSet: Uint8Array) => inflateDeflatedDataSet(deflated(dataSet), PREFIX.length, 'bomb.dcm');

function refusal(run: () => unknown): Error {
  try {
    run();
  } catch (e) {
    expect(isRadiomicsError(e, 'CorruptFile')).toBe(true);
    expect((e as Error).message).toMatch(/^bomb\.dcm: /);
    return e as Error;
  }
  throw new Error('no error thrown');
}

describe('inflateDeflatedDataSet', () => {
  test('the deflate fixture inflates to the bytes fflate gives, meta header kept', () => {
    const file = new Uint8Array(readFileSync(new URL('../../../fixtures/dicom/deflate/d0.dcm', import.meta.url)));
    const metaEnd = 144 + new DataView(file.buffer, file.byteOffset + 140, 4).getUint32(0, true);
    expect(inflateDeflatedDataSet(file, metaEnd, 'd0.dcm')).toEqual(concat(file.subarray(0, metaEnd), inflateSync(file.subarray(metaEnd))));
    expect(readDicomSeriesFromBuffers([file], { files: ['d0.dcm'] }).voxels.data.length).toBeGreaterThan(0);
  });

  test(`pixel data larger than the ${MIN_HEADER_BYTES}-byte header cap inflate: their size comes from Rows x Columns x Bits Allocated`, () => {
    const ds = image(3000, 3000);
    expect(inflate(ds).length).toBe(PREFIX.length + ds.length);
  });

  test('sequences and items of undefined length before the pixel data are walked', () => {
    const sequence = concat(element(0x0008, 0x1140, 'SQ', new Uint8Array(0), 0xffffffff), undefinedItem, element(0x0008, 0x1150, 'UT', new Uint8Array(10)), delimiter(0xe00d), delimiter(0xe0dd));
    const ds = concat(sequence, image(3000, 3000));
    expect(inflate(ds).length).toBe(PREFIX.length + ds.length);
  });

  test(`more than ${TRAILING_BYTES} bytes after the pixel data: CorruptFile once the stream passes the cap`, () => {
    const ds = concat(image(64, 64), element(0xfffc, 0xfffc, 'OB', new Uint8Array(8 * 2 ** 20)));
    expect(refusal(() => inflate(ds)).message).toMatch(/inflates past \d+ bytes, more than its header can need \(pixel data of 8192 bytes at byte \d+\)/);
  });

  test('pixel data stating more bytes than Rows x Columns need are bounded by the need', () => {
    expect(refusal(() => inflate(image(64, 64, 8 * 2 ** 20))).message).toMatch(/pixel data of 8192 bytes/);
  });

  test(`${MIN_HEADER_BYTES / 2 ** 20 + 4} MiB of elements before any pixel data (a bomb of zeros): CorruptFile`, () => {
    const ds = concat(element(0x0029, 0x1010, 'OB', new Uint8Array(MIN_HEADER_BYTES + 4 * 2 ** 20)), image(4, 4));
    expect(refusal(() => inflate(ds)).message).toMatch(/bytes of elements before any pixel data/);
  });

  test('the result owns its buffer exactly (dicom-parser reads through .buffer: slack made corrupt files parse into zeros)', () => {
    const r = inflate(image(8, 8));
    expect([r.byteOffset, r.buffer.byteLength]).toEqual([0, r.length]);
  });

  test('a corrupt stream is CorruptFile naming the file', () => {
    const bytes = deflated(image(8, 8));
    bytes[PREFIX.length] = 0xff;
    expect(refusal(() => inflateDeflatedDataSet(bytes, PREFIX.length, 'bomb.dcm')).message).toMatch(/cannot be inflated/);
  });
});
