import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { isRadiomicsError } from '../../src/errors.js';
import { gunzip, gzip, isGzip } from '../../src/io/gzip.js';

/** Deterministic bytes that compress to dynamic-Huffman blocks (a mix of runs and noise). */
function sample(n: number): Uint8Array {
  let x = 12345;
  return Uint8Array.from({ length: n }, (_, i) => {
    x = (x * 1103515245 + 12345) >>> 0;
    return i % 7 === 0 ? x >>> 24 : i % 251;
  });
}

function corruptCode(f: () => unknown): { code: string; message: string; cause: unknown } {
  try {
    f();
  } catch (e) {
    if (isRadiomicsError(e)) return { code: e.code, message: e.message, cause: e.cause };
    throw e;
  }
  throw new Error('expected a RadiomicsError');
}

describe('gzip', () => {
  test('isGzip(bytes) checks the 1f 8b magic', () => {
    expect(isGzip(new Uint8Array(gzipSync(sample(10))))).toBe(true);
    expect(isGzip(sample(10))).toBe(false);
    expect(isGzip(new Uint8Array([0x1f]))).toBe(false);
  });

  test.each([0, 1, 1000, 200_000])('gunzip(node:zlib gzip of %i bytes) gives the bytes back', (n) => {
    const data = sample(n);
    expect(gunzip(new Uint8Array(gzipSync(data)))).toEqual(data);
  });

  test('gunzip(multi-member) concatenates the members', () => {
    const a = sample(5000);
    const b = sample(300).reverse();
    const joined = new Uint8Array([...gzipSync(a), ...gzipSync(b)]);
    expect(gunzip(joined)).toEqual(new Uint8Array([...a, ...b]));
  });

  test('gzip(bytes) is read back by node:zlib', () => {
    const data = sample(70_000);
    expect(new Uint8Array(gunzipSync(gzip(data)))).toEqual(data);
  });

  test('gunzip(stream cut mid-data) -> CorruptFile wrapping the fflate error', () => {
    const gz = new Uint8Array(gzipSync(sample(100_000)));
    const e = corruptCode(() => gunzip(gz.subarray(0, gz.length >> 1)));
    expect(e.code).toBe('CorruptFile');
    expect(e.message).toBe('truncated or corrupt gzip stream: unexpected EOF');
    expect(e.cause).toBeInstanceOf(Error);
  });

  test.each([1, 4, 8, 9, 20])('gunzip(stream missing its last %i bytes) -> CorruptFile', (cut) => {
    const gz = new Uint8Array(gzipSync(sample(100_000)));
    expect(corruptCode(() => gunzip(gz.subarray(0, gz.length - cut))).code).toBe('CorruptFile');
  });

  test('gunzip(a trailer claiming 4 GiB) -> CorruptFile, without allocating it', () => {
    const gz = new Uint8Array(gzipSync(sample(1000)));
    gz.set([0xff, 0xff, 0xff, 0xff], gz.length - 4);
    const e = corruptCode(() => gunzip(gz));
    expect(e.code).toBe('CorruptFile');
    expect(e.message).toBe('truncated or corrupt gzip stream: the trailer says 4294967295 bytes (mod 2^32) but the data inflate to 1000');
  });

  test('gunzip(header only) -> CorruptFile', () => {
    const gz = new Uint8Array(gzipSync(sample(10)));
    expect(corruptCode(() => gunzip(gz.subarray(0, 10))).message).toBe('truncated gzip stream: 10 bytes, a gzip file has at least 20');
  });

  test('gunzip(garbage after the magic) -> CorruptFile', () => {
    const bad = new Uint8Array(64).fill(0xaa);
    bad.set([0x1f, 0x8b, 8, 0]);
    expect(corruptCode(() => gunzip(bad)).code).toBe('CorruptFile');
  });
});
