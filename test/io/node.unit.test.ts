/** src/node.ts: paths -> bytes -> readers, and atomic NIfTI writes. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { caught } from '../helpers/errors.js';
import { createVolume, voxelData } from '../../src/image/volume.js';
import { readMask, readVolume, writeVolume } from '../../src/node.js';
import { nifti1Bytes } from './nifti-bytes.js';

const DIR = mkdtempSync(join(tmpdir(), 'radiomics-node-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

const values = Array.from({ length: 12 }, (_, i) => i);
const nii = nifti1Bytes({ dim: [4, 3, 2, 2, 2], dtype: 'uint8', values: [...values, ...values.map((x) => x + 100)] });

function file(name: string, bytes: Uint8Array): string {
  const p = join(DIR, name);
  writeFileSync(p, bytes);
  return p;
}

describe('readVolume', () => {
  test('readVolume(x.nii) and readVolume(x.nii.gz) read NIfTI', () => {
    expect(Array.from(voxelData(readVolume(file('a.nii', nii))))).toEqual(values);
    expect(Array.from(voxelData(readVolume(file('a.NII.GZ', gzipSync(nii)))))).toEqual(values);
  });

  test('readVolume(x.nii.gz) does not rely on the gzip trailer size: a wrong ISIZE or two gzip members read the same', () => {
    const gz = gzipSync(nii);
    for (const isize of [0, 5, 0xffffffff]) {
      const wrong = gz.slice();
      new DataView(wrong.buffer, wrong.byteOffset).setUint32(wrong.length - 4, isize, true);
      // zlib checks ISIZE after inflating; a mismatch is a corrupt file whichever chunk size is used.
      expect(caught(() => readVolume(file(`isize${isize}.nii.gz`, wrong))).code).toBe('CorruptFile');
    }
    const half = Math.floor(nii.length / 2);
    const twoMembers = new Uint8Array([...gzipSync(nii.subarray(0, half)), ...gzipSync(nii.subarray(half))]);
    expect(Array.from(voxelData(readVolume(file('members.nii.gz', twoMembers))))).toEqual(values);
  });

  test('readVolume(path, { volumeIndex: 1 }) passes the index to the reader', () => {
    expect(Array.from(voxelData(readVolume(file('b.nii', nii), { volumeIndex: 1 })))).toEqual(values.map((x) => x + 100));
  });

  test('readVolume(file without a known extension) falls back to the NIfTI magic', () => {
    expect(Array.from(voxelData(readVolume(file('scan.img', nii))))).toEqual(values);
  });

  test('readVolume(missing) -> FileNotFound naming the path', () => {
    const p = join(DIR, 'nope.nii.gz');
    const e = caught(() => readVolume(p));
    expect(e.code).toBe('FileNotFound');
    expect(e.message).toBe(`${p}: file not found`);
    expect(e.detail.file).toBe(p);
  });

  test('readVolume(a folder without DICOM images) -> NoDicomImages naming the folder (a folder is read as a DICOM series)', () => {
    const empty = join(DIR, 'no-dicom');
    mkdirSync(empty, { recursive: true });
    writeFileSync(join(empty, 'notes.txt'), 'not DICOM');
    const e = caught(() => readVolume(empty));
    expect(e.code).toBe('NoDicomImages');
    expect(e.message).toBe(`${empty}: no DICOM image among 1 file(s): ${join(empty, 'notes.txt')} (not DICOM)`);
  });

  test('readVolume(x.mha) -> UnsupportedFormat listing the readable formats', () => {
    const p = file('x.mha', new TextEncoder().encode('ObjectType = Image\n'));
    const e = caught(() => readVolume(p));
    expect(e.code).toBe('UnsupportedFormat');
    expect(e.message).toBe(`${p}: cannot read this format (by name or first bytes); readable: NIfTI (.nii, .nii.gz); NRRD (.nrrd, .nhdr); DICOM (.dcm); a folder of DICOM slices`);
  });

  test('readVolume(a header-only .nrrd) -> CorruptFile naming the path', () => {
    const p = file('x.nrrd', new TextEncoder().encode('NRRD0004\n'));
    const e = caught(() => readVolume(p));
    expect(e.code).toBe('CorruptFile');
    expect(e.message.startsWith(`${p}: `)).toBe(true);
  });

  test('decoding errors carry the path: truncated .nii.gz', () => {
    const gz = gzipSync(nii);
    const p = file('cut.nii.gz', gz.subarray(0, gz.length >> 1));
    const e = caught(() => readVolume(p));
    expect(e.code).toBe('CorruptFile');
    expect(e.message.startsWith(`${p}: truncated or corrupt gzip stream`)).toBe(true);
    expect(e.detail.file).toBe(p);
  });

  test('decoding errors carry the path: volume index out of range', () => {
    const p = file('c.nii', nii);
    const e = caught(() => readVolume(p, { volumeIndex: 5 }));
    expect(e.code).toBe('InvalidArgument');
    expect(e.message.startsWith(`${p}: volume index 5`)).toBe(true);
  });
});

describe('readMask', () => {
  test('readMask(path) pairs the volume with label 1', () => {
    const m = readMask(file('m.nii', nii));
    expect(m.label).toBe(1);
    expect(m.volume.shape).toEqual([3, 2, 2]);
  });

  test('readMask(path, 3) keeps the label', () => {
    expect(readMask(file('m3.nii', nii), 3).label).toBe(3);
  });

  test('readMask(path, NaN) -> InvalidArgument', () => {
    expect(caught(() => readMask(file('m4.nii', nii), NaN)).code).toBe('InvalidArgument');
  });
});

describe('writeVolume', () => {
  const v = createVolume({ data: Float32Array.from(values, (x) => x / 4), shape: [3, 2, 2], spacing: [0.5, 1, 2], origin: [1, 2, 3] });

  test.each(['out.nii', 'out.nii.gz'])('writeVolume(%s) round-trips and leaves no temp file', (name) => {
    const p = join(DIR, 'w', name);
    mkdirSync(join(DIR, 'w'), { recursive: true });
    writeVolume(p, v);
    const bytes = readFileSync(p);
    expect(bytes[0] === 0x1f && bytes[1] === 0x8b).toBe(name.endsWith('.gz'));
    const back = readVolume(p);
    expect(Array.from(voxelData(back))).toEqual(values.map((x) => x / 4));
    expect(back.spacing).toEqual([0.5, 1, 2]);
    expect(back.origin).toEqual([1, 2, 3]);
    expect(readdirSync(join(DIR, 'w')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('writeVolume replaces an existing file', () => {
    const p = file('replace.nii', new Uint8Array([1, 2, 3]));
    writeVolume(p, v);
    expect(readFileSync(p).length).toBe(352 + 12 * 4);
  });

  test('writeVolume(into a missing folder) -> WriteFailed, nothing left behind', () => {
    const p = join(DIR, 'missing', 'x.nii');
    const e = caught(() => writeVolume(p, v));
    expect(e.code).toBe('WriteFailed');
    expect(e.message.startsWith(`${p}: cannot write: `)).toBe(true);
    expect(existsSync(join(DIR, 'missing'))).toBe(false);
  });

  test('writeVolume(x.nrrd) -> UnsupportedFormat', () => {
    expect(caught(() => writeVolume(join(DIR, 'x.nrrd'), v)).code).toBe('UnsupportedFormat');
  });
});
