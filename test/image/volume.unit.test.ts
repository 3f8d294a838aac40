import ndarray from 'ndarray';
import { describe, expect, test } from 'vitest';
import { createVolume, flatVoxelData, type Volume } from '../../src/image/volume.js';

describe('flatVoxelData', () => {
  test('flatVoxelData(createVolume(...)) is the volume\'s own array, not a copy', () => {
    const data = Int16Array.from([1, 2, 3, 4, 5, 6]);
    expect(flatVoxelData(createVolume({ data, shape: [3, 2, 1] }))).toBe(data);
  });

  test('flatVoxelData(strided view) gathers x fastest into a dense Float64Array', () => {
    // A 2 x 3 x 1 volume whose ndarray is the transpose of a 3 x 2 array: x steps by 3, y by 1.
    const base = Int16Array.from([10, 11, 12, 20, 21, 22]);
    const v = { ...createVolume({ data: base, shape: [2, 3, 1] }), voxels: ndarray(base, [2, 3, 1], [3, 1, 6]) } as Volume;
    const flat = flatVoxelData(v);
    expect(flat).toBeInstanceOf(Float64Array);
    expect(Array.from(flat)).toEqual([10, 20, 11, 21, 12, 22]);
  });
});
