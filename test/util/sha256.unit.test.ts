import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { sha256Hex } from '../../src/util/sha256.js';
import { createVolume, extract, sha256 } from '../../src/node.js';

describe('sha256Hex', () => {
  test('sha256Hex("abc") is the FIPS 180-4 example digest', () => {
    expect(sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
  test.each([0, 1, 55, 56, 63, 64, 65, 119, 120, 1000])('sha256Hex(%i bytes) equals node:crypto', (n) => {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 255);
    expect(sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  test('extract(..., { sha256 }) with node:crypto gives the same result as the built-in digest', () => {
    const image = createVolume({ data: Float32Array.from({ length: 125 }, (_, i) => (i * 13) % 7), shape: [5, 5, 5] });
    const mask = { volume: createVolume({ data: Uint8Array.from({ length: 125 }, (_, i) => (i % 2)), shape: [5, 5, 5] }), label: 1 };
    const config = { families: ['stat'] } as const;
    expect(extract(image, mask, config, { sha256 })).toEqual(extract(image, mask, config));
  });
});
