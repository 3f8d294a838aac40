import { describe, expect, test } from 'vitest';
import { boxDims, maskBox, maskCount } from '../../src/image/maskBox.js';

describe('maskBox', () => {
  test('maskBox(scattered voxels at row ends and in the middle) gives the inclusive index bounds and the count', () => {
    const shape = [5, 4, 3] as const;
    const mask = new Uint8Array(60);
    const at = (x: number, y: number, z: number) => (mask[x + 5 * (y + 4 * z)] = 1);
    at(4, 1, 0);
    at(0, 3, 2);
    at(2, 2, 1);
    expect(maskBox(mask, shape)).toEqual({ x0: 0, y0: 1, z0: 0, x1: 4, y1: 3, z1: 2, count: 3 });
    expect(boxDims(maskBox(mask, shape))).toEqual([5, 3, 3]);
  });

  test('maskBox(empty mask) has count 0 and boxDims [0, 0, 0]', () => {
    const b = maskBox(new Uint8Array(8), [2, 2, 2]);
    expect(b.count).toBe(0);
    expect(b.x0).toBeGreaterThan(b.x1);
    expect(boxDims(b)).toEqual([0, 0, 0]);
  });
});

describe('maskCount', () => {
  test('maskCount counts the non-zero voxels', () => {
    expect(maskCount(Uint8Array.of(0, 1, 1, 0, 1))).toBe(3);
    expect(maskCount(new Uint8Array(4))).toBe(0);
  });
});
