import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { isRadiomicsError } from '../../src/errors.js';
import { readNifti } from '../../src/io/nifti.js';
import { readNrrd } from '../../src/io/nrrd.js';

const enc = (s: string) => new TextEncoder().encode(s);
function nrrd(header: string, data: Uint8Array): Uint8Array {
  const h = enc(`NRRD0004\n${header}\n\n`);
  const out = new Uint8Array(h.length + data.length);
  out.set(h);
  out.set(data, h.length);
  return out;
}
function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isRadiomicsError(e) ? e.code : 'other';
  }
  return undefined;
}

const BASE = 'dimension: 3\nsizes: 2 1 2\nspace: left-posterior-superior\nspace directions: (0.5,0,0) (0,2,0) (0,0,3)\nspace origin: (1,2,3)';

describe('readNrrd', () => {
  test('readNrrd(raw little-endian int16) reads values and LPS geometry', () => {
    const data = new Uint8Array(new Int16Array([1, -2, 300, 4]).buffer);
    const v = readNrrd(nrrd(`type: short\n${BASE}\nendian: little\nencoding: raw`, data));
    expect(Array.from(v.voxels.data as Int16Array)).toEqual([1, -2, 300, 4]);
    expect(v.shape).toEqual([2, 1, 2]);
    expect(v.spacing).toEqual([0.5, 2, 3]);
    expect(v.origin).toEqual([1, 2, 3]);
    expect(v.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  test('readNrrd(big-endian float, gzip) swaps bytes', () => {
    const le = new Float32Array([1.5, -2.25, 3, 4]);
    const bytes = new Uint8Array(le.buffer.slice(0));
    for (let i = 0; i < bytes.length; i += 4) bytes.subarray(i, i + 4).reverse();
    const v = readNrrd(nrrd(`type: float\n${BASE}\nendian: big\nencoding: gzip`, gzipSync(bytes)));
    expect(Array.from(v.voxels.data as Float32Array)).toEqual([1.5, -2.25, 3, 4]);
  });

  test('readNrrd(ascii, RAS space) negates x and y of directions and origin', () => {
    const v = readNrrd(nrrd('type: uchar\ndimension: 3\nsizes: 2 1 2\nspace: right-anterior-superior\nspace directions: (1,0,0) (0,1,0) (0,0,1)\nspace origin: (10,20,30)\nencoding: ascii', enc('1 2 3 4')));
    expect(Array.from(v.voxels.data as Uint8Array)).toEqual([1, 2, 3, 4]);
    expect(v.origin).toEqual([-10, -20, 30]);
    expect(v.direction).toEqual([-1, 0, 0, 0, -1, 0, 0, 0, 1]);
  });

  test.each([
    ['truncated data', 'CorruptFile', nrrd(`type: short\n${BASE}\nencoding: raw`, new Uint8Array(5))],
    ['no blank line', 'CorruptFile', enc(`NRRD0004\ntype: short\n${BASE}\n`)],
    ['int64', 'UnsupportedDatatype', nrrd(`type: int64\n${BASE}\nencoding: raw`, new Uint8Array(32))],
    ['bzip2', 'UnsupportedFormat', nrrd(`type: short\n${BASE}\nencoding: bzip2`, new Uint8Array(8))],
    ['4D', 'UnsupportedFormat', nrrd('type: short\ndimension: 4\nsizes: 2 1 2 3\nencoding: raw', new Uint8Array(24))],
    ['bad sizes', 'CorruptFile', nrrd('type: short\ndimension: 3\nsizes: 2 x 2\nencoding: raw', new Uint8Array(8))],
    ['not NRRD', 'CorruptFile', enc('hello world\n\n')],
    ['detached without a reader', 'UnsupportedFormat', enc(`NRRD0004\ntype: short\n${BASE}\nencoding: raw\ndata file: x.raw\n`)],
  ])('readNrrd(%s) is %s', (_name, code, bytes) => {
    expect(codeOf(() => readNrrd(bytes as Uint8Array, { file: 'f.nrrd' }))).toBe(code);
  });

  test('error messages name the file', () => {
    expect(() => readNrrd(enc('nope\n\n'), { file: 'scan.nrrd' })).toThrow(/^scan\.nrrd: /);
  });
});

const MRI = fileURLToPath(new URL('../../fixtures/mri-samples/', import.meta.url));
describe('MRI samples: NRRD equals its NIfTI conversion', () => {
  test.each(['brain1_image', 'brain1_label', 'brain2_image', 'breast1_image', 'breast1_label'])('%s', (name) => {
    const a = readNrrd(readFileSync(`${MRI}nrrd/${name}.nrrd`));
    const b = readNifti(readFileSync(`${MRI}nifti/${name}.nii.gz`));
    expect(a.shape).toEqual(b.shape);
    expect(Array.from(a.voxels.data as ArrayLike<number>)).toEqual(Array.from(b.voxels.data as ArrayLike<number>));
    // NIfTI stores the affine as float32: agreement to float32 precision.
    for (let k = 0; k < 3; k++) {
      expect(a.spacing[k]).toBeCloseTo(b.spacing[k], 5);
      expect(a.origin[k]).toBeCloseTo(b.origin[k], 4);
    }
    for (let k = 0; k < 9; k++) expect(a.direction[k]).toBeCloseTo(b.direction[k], 6);
  });
});

describe('readNrrd: geometry that cannot place voxels is CorruptFile naming the field (issue 19)', () => {
  const data = new Uint8Array(new Int16Array([1, 2, 3, 4]).buffer);
  test.each([
    ['space origin: (nan,0,0)', 'space origin: (nan,0,0)', /bad space origin "\(nan,0,0\)"/],
    ['space origin: (1e308,...) is finite: read', 'space origin: (1e308,1e308,1e308)', null],
    ['space directions singular', 'space directions: (1,0,0) (1,0,0) (0,0,3)', /unusable geometry: "space directions" gives direction/],
    ['space directions 1.5e308 (norm overflows)', 'space directions: (1.5e308,1.5e308,0) (0,2,0) (0,0,3)', /"space directions" gives spacing \[Infinity/],
    ['spacings inf', 'spacings: inf 1 1', /bad spacings "inf 1 1"/],
  ])('%s', (_name, line, message) => {
    const key = line.split(':')[0];
    const header = `type: short\n${BASE.split('\n').filter((l) => !l.startsWith(`${key}:`) && !(key === 'spacings' && l.startsWith('space '))).join('\n')}\n${line}\nencoding: raw`;
    const read = () => readNrrd(nrrd(header, data), { file: 'bad.nrrd' });
    if (message === null) {
      expect(read().origin).toEqual([1e308, 1e308, 1e308]);
      return;
    }
    const e = (() => {
      try {
        read();
      } catch (err) {
        return err as Error & { code?: string };
      }
      return undefined;
    })();
    expect(e?.code).toBe('CorruptFile');
    expect(e?.message).toMatch(/^bad\.nrrd: /);
    expect(e?.message).toMatch(message);
  });
});
